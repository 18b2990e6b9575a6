import * as fs from "fs";
import * as path from "path";

/** A glob as Pulumi Deployments path filters use it: `**` spans directories, `*` stays within one. */
export function globMatches(glob: string, file: string): boolean {
    let re = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === "*" && glob[i + 1] === "*") {
            re += ".*";
            i++;
            if (glob[i + 1] === "/") i++;
        } else if (c === "*") {
            re += "[^/]*";
        } else if (c === "?") {
            re += "[^/]";
        } else {
            re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
        }
    }
    return new RegExp(`^${re}$`).test(file);
}

/** Every repository file a program loads, following relative imports from its entry, repo-relative. */
export function programFiles(repoRoot: string, entry: string): string[] {
    const seen = new Set<string>();
    const queue = [path.resolve(repoRoot, entry)];
    const specifier = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
    while (queue.length > 0) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        if (!file.endsWith(".ts")) continue;
        for (const m of fs.readFileSync(file, "utf8").matchAll(specifier)) {
            const base = path.resolve(path.dirname(file), m[1]);
            const found = [base, `${base}.ts`, path.join(base, "index.ts")].find((c) => fs.existsSync(c) && fs.statSync(c).isFile());
            if (found) queue.push(found);
        }
    }
    return [...seen].map((f) => path.relative(repoRoot, f).split(path.sep).join("/")).sort();
}
