import * as fs from "fs";
import * as path from "path";

const REPO_ROOT = path.resolve(__dirname, "..");

/**
 * The command `npm run plan` runs (package.json `scripts.plan`), as node arguments: the tests and
 * the bench run exactly what users and CI run, without npm in between. Reads only package.json,
 * so a light process (a test's queue of shared plans) can load it.
 */
export function planCommandArgs(): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const words = pkg.scripts.plan.trim().split(/\s+/);
    if (words[0] !== "node" || words.some((w) => /["'$`\\]/.test(w))) {
        throw new Error(`package.json scripts.plan must be a plain "node ..." command (no quoting), got: ${pkg.scripts.plan}`);
    }
    return words.slice(1);
}
