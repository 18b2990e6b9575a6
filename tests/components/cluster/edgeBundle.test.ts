import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as vm from "vm";
import { EDGE_ENTRY, EDGE_SOURCE_DIR, edgeBundle, transpileEdge } from "../../../components/cluster/edgeBundle";

describe("edge service bundle (components/cluster/edgeBundle.ts)", () => {
    let tmp: string;
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-bundle-"));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("holds every edge/src module as CommonJS the pod's Node can compile, the entry included", () => {
        const bundle = edgeBundle();
        const sources = fs.readdirSync(EDGE_SOURCE_DIR).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts"));
        assert.deepStrictEqual(Object.keys(bundle).sort(), sources.map((f) => f.replace(/\.ts$/, ".js")).sort());
        assert.ok(bundle[EDGE_ENTRY]);
        for (const [file, js] of Object.entries(bundle)) {
            assert.doesNotThrow(() => new vm.Script(js, { filename: file }), file);
            assert.ok(!/:\s*(string|number|boolean)\s*[,)=;]/.test(js.replace(/"[^"\n]*"|'[^'\n]*'|`[^`]*`/g, "")), `${file}: type annotations left in`);
        }
        assert.strictEqual(edgeBundle(), bundle, "transpiled once per process");
    });

    it("stores the bundle under a key of its sources; a hit is what a fresh transpile gives", () => {
        const stored = transpileEdge(EDGE_SOURCE_DIR, tmp);
        assert.strictEqual(fs.readdirSync(tmp).length, 1);
        assert.deepStrictEqual(transpileEdge(EDGE_SOURCE_DIR, tmp), stored);
        assert.deepStrictEqual(transpileEdge(EDGE_SOURCE_DIR, undefined), stored, "cached and fresh agree");
    });

    it("a changed source file makes a new entry with the new code", () => {
        const src = path.join(tmp, "src");
        const cache = path.join(tmp, "cache");
        fs.cpSync(EDGE_SOURCE_DIR, src, { recursive: true });
        const before = transpileEdge(src, cache);
        fs.appendFileSync(path.join(src, "main.ts"), "\nexport const bundleMarker: number = 42;\n");
        const after = transpileEdge(src, cache);
        assert.strictEqual(fs.readdirSync(cache).length, 2);
        assert.ok(!before[EDGE_ENTRY].includes("bundleMarker"));
        assert.match(after[EDGE_ENTRY], /exports\.bundleMarker = 42;/);
    });
});
