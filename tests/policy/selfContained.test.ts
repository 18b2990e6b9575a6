import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { REPO_ROOT } from "../support/configs";

/**
 * The policy pack is its own package (the Pulumi CLI installs and runs it from its folder), so no
 * module of it may import from the program beside it, and every package it imports must be one of
 * its own dependencies, at pinned versions, TypeScript 5.x among them. The full proof (pack,
 * install the tarball in an empty folder, compile, load) is policy-pack/scripts/standalone-check.sh,
 * which CI runs.
 */

const PACK = path.join(REPO_ROOT, "policy-pack");

function sources(dir: string): string[] {
    return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
        if (e.name === "node_modules" || e.name === "bin") return [];
        const full = path.join(dir, e.name);
        return e.isDirectory() ? sources(full) : e.name.endsWith(".ts") ? [full] : [];
    });
}

const specifiers = (file: string) => [...fs.readFileSync(file, "utf8").matchAll(/(?:from|import|require\()\s*["']([^"']+)["']/g)].map((m) => m[1]);

describe("policy pack is self-contained", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(PACK, "package.json"), "utf8")) as { dependencies: Record<string, string> };

    it("no module imports anything outside policy-pack/", () => {
        const escaping = sources(PACK).flatMap((file) => specifiers(file)
            .filter((s) => s.startsWith("."))
            .filter((s) => !path.resolve(path.dirname(file), s).startsWith(PACK + path.sep))
            .map((s) => `${path.relative(REPO_ROOT, file)} imports ${s}`));
        assert.deepEqual(escaping, []);
    });

    it("every package it imports is its own dependency (node: built-ins aside)", () => {
        const missing = new Set<string>();
        for (const file of sources(PACK)) {
            for (const s of specifiers(file)) {
                if (s.startsWith(".") || s.startsWith("node:") || ["fs", "path"].includes(s)) continue;
                const name = s.startsWith("@") ? s.split("/").slice(0, 2).join("/") : s.split("/")[0];
                if (!(name in pkg.dependencies)) missing.add(`${name} (${path.relative(REPO_ROOT, file)})`);
            }
        }
        assert.deepEqual([...missing], []);
    });

    it("pins its dependencies exactly, TypeScript 5.x among them", () => {
        for (const [name, version] of Object.entries(pkg.dependencies)) assert.match(version, /^\d+\.\d+\.\d+$/, `${name}@${version} is not pinned`);
        assert.match(pkg.dependencies.typescript ?? "", /^5\.\d+\.\d+$/);
    });
});
