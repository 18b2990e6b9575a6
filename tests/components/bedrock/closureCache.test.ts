import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { cachedClosure, closureCacheDir, closureKey } from "../../../components/bedrock/closureCache";
import { failoverCallbackFactory, healthCheckCallback } from "../../../components/bedrock/handlers";

describe("serialized-callback cache (components/bedrock/closureCache.ts)", () => {
    let tmp: string;
    beforeEach(() => {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "closure-cache-"));
    });
    afterEach(() => fs.rmSync(tmp, { recursive: true, force: true }));

    it("keys each product callback by its module graph: stable, and different per callback and per serializer option", () => {
        const failover = closureKey(failoverCallbackFactory, "factory");
        assert.match(String(failover), /^[0-9a-f]{64}$/);
        assert.strictEqual(closureKey(failoverCallbackFactory, "factory"), failover);
        assert.notStrictEqual(closureKey(healthCheckCallback, "factory"), failover);
        assert.notStrictEqual(closureKey(failoverCallbackFactory, "handler"), failover);
    });

    it("the callbacks' modules compute no module-level value from the environment, the clock or chance (it would be serialized by value, outside the key)", () => {
        const root = path.resolve(__dirname, "..", "..", "..");
        const files = ["components/bedrock/handlers.ts"];
        const walk = (dir: string): void => {
            for (const e of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
                if (e.isDirectory()) walk(path.join(dir, e.name));
                else if (e.name.endsWith(".ts")) files.push(path.join(dir, e.name));
            }
        };
        walk("functions");
        assert.ok(files.length > 20, files.join(" "));
        const offenders = files.flatMap((f) => fs.readFileSync(path.join(root, f), "utf8").split("\n")
            .map((line, i) => ({ line, at: `${f}:${i + 1}` }))
            // top-level declarations start at column 0
            .filter(({ line }) => /^(export )?(const|let|var) /.test(line) && /process\.env|Date\.now\(|new Date\(|Math\.random\(|performance\.now\(/.test(line))
            .map(({ at, line }) => `${at}: ${line}`));
        assert.deepStrictEqual(offenders, []);
    });

    it("does not key a closure made inline (no module exports it), so it is never cached", () => {
        assert.strictEqual(closureKey(() => () => 1, "handler"), undefined);
    });

    it("changes the key when any project file the callback's module requires changes, and only then", () => {
        // A module graph of its own: entry.js requires dep.js; unrelated.js is loaded but not required by it.
        const write = (name: string, text: string) => fs.writeFileSync(path.join(tmp, name), text);
        write("dep.js", "exports.greeting = 'hello';\n");
        write("unrelated.js", "exports.x = 1;\n");
        write("entry.js", "const dep = require('./dep');\nexports.make = function make() { return () => dep.greeting; };\n");
        require(path.join(tmp, "unrelated.js"));
        const { make } = require(path.join(tmp, "entry.js")) as { make: () => Function };
        const before = closureKey(make, "handler");
        assert.ok(before);
        write("unrelated.js", "exports.x = 2;\n");
        assert.strictEqual(closureKey(make, "handler"), before, "a file outside the graph does not count");
        write("dep.js", "exports.greeting = 'bonjour';\n");
        const after = closureKey(make, "handler");
        assert.ok(after);
        assert.notStrictEqual(after, before, "a changed dependency makes a new key");
        for (const f of ["entry.js", "dep.js", "unrelated.js"]) delete require.cache[path.join(tmp, f)];
    });

    it("serializes on a miss and stores the text; a hit returns it without serializing", async () => {
        let calls = 0;
        const serialize = async () => {
            calls++;
            return { text: "exports.handler = async () => 1;\n", containsSecrets: false };
        };
        const miss = await cachedClosure("k1", serialize, tmp);
        assert.deepStrictEqual([miss.cached, calls], [false, 1]);
        assert.strictEqual(fs.readFileSync(path.join(tmp, "k1.js"), "utf8"), miss.text);
        const hit = await cachedClosure("k1", serialize, tmp);
        assert.deepStrictEqual([hit.cached, hit.text, calls], [true, miss.text, 1]);
    });

    it("never stores a closure that captured a secret, nor one without a key, nor with the cache off", async () => {
        const secret = async () => ({ text: "exports.handler = () => 's3cr3t';\n", containsSecrets: true });
        assert.strictEqual((await cachedClosure("k2", secret, tmp)).containsSecrets, true);
        assert.ok(!fs.existsSync(path.join(tmp, "k2.js")));
        const plain = async () => ({ text: "x", containsSecrets: false });
        assert.strictEqual((await cachedClosure(undefined, plain, tmp)).cached, false);
        assert.deepStrictEqual(fs.readdirSync(tmp), []);
        assert.strictEqual((await cachedClosure("k3", plain, undefined)).cached, false);
        assert.strictEqual(closureCacheDir({ AI_PLATFORM_BUILD_CACHE: "off" }), undefined);
        assert.strictEqual(closureCacheDir({ AI_PLATFORM_BUILD_CACHE: tmp }), path.join(tmp, "lambda"));
        assert.match(String(closureCacheDir({})), /node_modules\/\.cache\/ai-platform-build\/lambda$/);
    });
});
