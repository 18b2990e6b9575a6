import { execFileSync } from "node:child_process";
import * as crypto from "node:crypto";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A CrossGuard pack folder that runs Pulumi's own AWSGuard (`@pulumi/awsguard` from npm), made
 * the way a user makes one: tests/fixtures/awsguard-pack holds its package.json, lock file and an
 * index.js constructing `new AwsGuard(...)`. It is installed with `npm ci` (the lock file pins
 * every transitive version) under the OS temp dir, keyed by the lock file's hash, so reruns and
 * CI's install step (.ci/run installs it before `npm test`) share one copy. Install scripts are
 * skipped: @pulumi/aws 4's postinstall would try to fetch a provider plugin with the Pulumi CLI.
 */

const SOURCE = path.join(__dirname, "..", "fixtures", "awsguard-pack");
const PACK_FILES = ["package.json", "package-lock.json", "index.js", "PulumiPolicy.yaml"] as const;
/** Written last: a folder without it is an interrupted install, installed again. */
const INSTALLED_MARKER = ".installed";

/** The version the tests pin (the latest published; it depends on @pulumi/aws ^4, aws-sdk 2). */
export const AWSGUARD_VERSION: string = (JSON.parse(fs.readFileSync(path.join(SOURCE, "package.json"), "utf8")) as { dependencies: Record<string, string> }).dependencies["@pulumi/awsguard"];

export function awsGuardPackDir(): string {
    const hash = crypto.createHash("sha256");
    for (const file of PACK_FILES) hash.update(file).update("\0").update(fs.readFileSync(path.join(SOURCE, file))).update("\0");
    const dir = path.join(os.tmpdir(), `ai-platform-awsguard-${AWSGUARD_VERSION}-${hash.digest("hex").slice(0, 12)}`);
    if (fs.existsSync(path.join(dir, INSTALLED_MARKER))) return dir;
    fs.rmSync(dir, { recursive: true, force: true });
    fs.mkdirSync(dir, { recursive: true });
    for (const file of PACK_FILES) fs.copyFileSync(path.join(SOURCE, file), path.join(dir, file));
    execFileSync("npm", ["ci", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
    fs.writeFileSync(path.join(dir, INSTALLED_MARKER), "");
    return dir;
}

// `npm run install:test-packs`: installs it ahead of the tests (CI's install step).
if (require.main === module) process.stdout.write(`${awsGuardPackDir()}\n`);
