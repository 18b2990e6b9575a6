import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as zlib from "zlib";
import { estimatePackage, PackageEstimateError, zipMemberBytes } from "../../plan/lambdaPackage";
import type { RecordedArchive } from "../../plan/model";
import { REPO_ROOT } from "../support/configs";
import type { PlanJson } from "../support/planCli";
import { sharedRun } from "../support/sharedPlans";

/** The size of the zip a Lambda's code archive would deploy, computed offline. */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "lambda-package-"));

function tree(root: string, files: Readonly<Record<string, string>>): string {
    for (const [name, text] of Object.entries(files)) {
        fs.mkdirSync(path.dirname(path.join(root, name)), { recursive: true });
        fs.writeFileSync(path.join(root, name), text);
    }
    return root;
}

const deflated = (text: string) => zlib.deflateRawSync(Buffer.from(text)).length;

describe("Lambda package size estimate", () => {
    it("a string asset: both ZIP headers with the engine's timestamp extra, the deflated text, a data descriptor, the end record", () => {
        const text = "exports.handler = async () => 'ok';\n".repeat(20);
        const archive: RecordedArchive = { __archive: "assets", assets: { "__index.js": { __asset: "string", text } } };
        const e = estimatePackage(archive);
        // 30 + 46 header bytes, name and 9-byte extended timestamp in each, 16-byte descriptor, 22-byte end record.
        assert.strictEqual(e.packageBytes, 30 + 46 + 2 * ("__index.js".length + 9) + deflated(text) + 16 + 22);
        assert.strictEqual(e.unzippedBytes, text.length);
        assert.strictEqual(e.files, 1);
        assert.strictEqual(zipMemberBytes("a", 10, 10), 30 + 46 + 2 * (1 + 9) + 10 + 16);
    });

    it("flattens nested directory archives under their key, skipping .pulumi and symlinked directories, each name once", () => {
        const pkg = tree(path.join(tmp, "node_modules", "pkg"), { "index.js": "module.exports = 1;\n", "lib/a.js": "a", ".pulumi/state": "x", "package.json": "{}" });
        fs.symlinkSync(path.join(pkg, "lib"), path.join(pkg, "linked-dir"));
        fs.symlinkSync(path.join(pkg, "index.js"), path.join(pkg, "linked-file.js"));
        const archive: RecordedArchive = {
            __archive: "assets",
            assets: {
                "node_modules/pkg": { __archive: "file", path: "node_modules/pkg" },
                // The engine keeps the first copy of a name it sees twice.
                "node_modules/pkg/index.js": { __asset: "file", path: "node_modules/pkg/index.js" },
                "__index.js": { __asset: "string", text: "x" },
            },
        };
        const e = estimatePackage(archive, tmp);
        const names = ["__index.js", "node_modules/pkg/index.js", "node_modules/pkg/lib/a.js", "node_modules/pkg/linked-file.js", "node_modules/pkg/package.json"];
        assert.strictEqual(e.files, names.length);
        assert.deepStrictEqual(e.members.map((m) => m.name).sort(), ["__index.js", "node_modules/pkg"]);
        const contents: Record<string, string> = { "__index.js": "x", "node_modules/pkg/index.js": "module.exports = 1;\n", "node_modules/pkg/lib/a.js": "a", "node_modules/pkg/linked-file.js": "module.exports = 1;\n", "node_modules/pkg/package.json": "{}" };
        const expected = 22 + names.reduce((sum, n) => sum + zipMemberBytes(n, deflated(contents[n]), contents[n].length), 0);
        assert.strictEqual(e.packageBytes, expected);
    });

    it("refuses what it cannot read offline instead of guessing", () => {
        assert.throws(() => estimatePackage({ __archive: "assets", assets: { x: { __asset: "remote", uri: "https://example.com/x" } } }), PackageEstimateError);
        assert.throws(() => estimatePackage({ __archive: "file", path: "does-not-exist" }, tmp), PackageEstimateError);
    });

    it("agrees with a real zip of the same files (Python's zipfile, without the engine's extras) to within 2%", () => {
        const dir = path.join(REPO_ROOT, "node_modules", "yaml");
        const out = path.join(tmp, "yaml.zip");
        // Python's zipfile is a plain deflate (level 6, as zlib's default) zip writer, present
        // wherever node-gyp is (.ci/run installs python3 if a machine lacks it).
        const writer = [
            "import os, sys, zipfile",
            "root, out = sys.argv[1], sys.argv[2]",
            "with zipfile.ZipFile(out, 'w', zipfile.ZIP_DEFLATED) as z:",
            "    for d, _, files in os.walk(root):",
            "        for f in files:",
            "            p = os.path.join(d, f)",
            "            if os.path.isfile(p) and not os.path.islink(p): z.write(p, os.path.relpath(p, root))",
        ].join("\n");
        const z = spawnSync("python3", ["-c", writer, dir, out], { encoding: "utf8" });
        assert.strictEqual(z.status, 0, `python3 zipfile failed (is python3 installed?): ${z.error ?? z.stderr}`);
        const e = estimatePackage({ __archive: "file", path: dir });
        // zipfile stores sizes in the local header (no descriptor) and writes no extra fields.
        const withoutEngineExtras = e.packageBytes - e.files * (2 * 9 + 16);
        const real = fs.statSync(out).size;
        assert.ok(Math.abs(withoutEngineExtras - real) / real < 0.02, `estimate ${withoutEngineExtras} vs zip ${real}`);
    });

    it("through the plan: excluding the SDK keeps a callback tiny; including it costs megabytes", function () {
        this.timeout(180_000);
        const r = sharedRun("callback-packages");
        assert.strictEqual(r.code, 0, r.stderr);
        const plan = JSON.parse(r.json) as PlanJson;
        const size = (name: string) => {
            const l = plan.lambdas.find((x) => x.name === name);
            assert.ok(l && typeof l.packageBytes === "number", `${name}: ${JSON.stringify(l)}`);
            return l.packageBytes;
        };
        const lean = size("lean");
        const withSdk = size("sdk-included");
        const unexcluded = size("unexcluded");
        assert.ok(lean < 4 * 1024, `lean callback: ${lean} bytes`);
        assert.ok(withSdk > 1024 * 1024, `SDK clients included: only ${withSdk} bytes`);
        assert.ok(unexcluded >= withSdk, `no excludes (${unexcluded}) should be at least the SDK-only zip (${withSdk})`);
        assert.ok(withSdk / lean > 100, `ratio ${withSdk / lean}`);
        assert.match(sharedRun("callback-packages").stdout,
            /sdk-included +\d+\.\d KB +\d+ +OVER 64 KB: largest node_modules\//);
    });
});
