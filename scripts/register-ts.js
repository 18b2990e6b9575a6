// Runs the project's TypeScript under plain Node, fast. Loaded with `node -r ./scripts/register-ts.js`
// by `npm run plan`, the benches and mocha (.mocharc.json); plain JavaScript because it is what
// makes TypeScript loadable.
//
// Why not ts-node: ts-node re-transpiles every file in every process and installs
// source-map-support, which rewrites each of the tens of thousands of stack traces Pulumi records
// while registering resources through source maps (half of a plan's CPU). Why not swc, esbuild,
// tsx or Node's own type stripping: they emit different JavaScript, so the Lambda closures Pulumi
// serializes from it would not be the code `pulumi up` deploys.
//
// What it does instead: the TypeScript compiler's own per-file transpiler (`ts.transpileModule`,
// exactly what `ts-node --transpile-only` and so the previous plan runs used), with the compiler
// options of tsconfig.json, cached on disk by content: a cache hit needs neither typescript nor a
// transpile. The key covers the source text, its path, tsconfig.json and the TypeScript version,
// so a stale entry cannot be served. Every emitted file carries an inline source map: with
// `--enable-source-maps` stack traces then name .ts lines (scripts/plan.ts re-runs a failed
// program that way). Also enables Node's compile cache (V8 bytecode of every module, node_modules
// included), which has no effect on what code runs: Function.prototype.toString, and so closure
// serialization, still sees the source text.
"use strict";
const crypto = require("crypto");
const fs = require("fs");
const Module = require("module");
const path = require("path");

const ROOT = path.resolve(__dirname, "..");
const TSCONFIG = path.join(ROOT, "tsconfig.json");
// Bump when the emitted text changes for the same inputs (options below, map format).
const FORMAT = "1";
const CACHE_DIR = process.env.AI_PLATFORM_TS_CACHE || path.join(ROOT, "node_modules", ".cache", "ai-platform-ts");

if (typeof Module.enableCompileCache === "function" && !process.env.NODE_DISABLE_COMPILE_CACHE) {
    Module.enableCompileCache(path.join(CACHE_DIR, "v8"));
}

let inputsKey;
function cacheInputsKey() {
    if (inputsKey === undefined) {
        const tsVersion = JSON.parse(fs.readFileSync(require.resolve("typescript/package.json"), "utf8")).version;
        inputsKey = `${FORMAT}\0${tsVersion}\0${fs.readFileSync(TSCONFIG, "utf8")}`;
    }
    return inputsKey;
}

let compiler;
function loadCompiler() {
    if (compiler === undefined) {
        const ts = require("typescript");
        const read = ts.readConfigFile(TSCONFIG, ts.sys.readFile);
        if (read.error) throw new Error(`tsconfig.json: ${ts.flattenDiagnosticMessageText(read.error.messageText, "\n")}`);
        const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, ROOT, undefined, TSCONFIG);
        // As ts-node: its own source map, no declarations, always emit.
        const options = { ...parsed.options, sourceMap: true, inlineSourceMap: false, inlineSources: false, declaration: false, declarationMap: false, noEmit: false, emitDeclarationOnly: false };
        delete options.outDir;
        delete options.out;
        delete options.outFile;
        compiler = { ts, options };
    }
    return compiler;
}

function transpile(source, filename) {
    const { ts, options } = loadCompiler();
    const result = ts.transpileModule(source, { fileName: filename, compilerOptions: options, reportDiagnostics: true });
    const errors = (result.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
    if (errors.length > 0) {
        const text = errors.map((d) => {
            const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
            return `${filename}${where ? `:${where.line + 1}:${where.character + 1}` : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
        });
        throw new SyntaxError(`TypeScript could not transpile:\n${text.join("\n")}`);
    }
    const js = result.outputText.replace(/\/\/# sourceMappingURL=\S+\s*$/, "");
    const map = JSON.parse(result.sourceMapText);
    map.sources = [filename];
    map.file = filename;
    delete map.sourceRoot;
    return `${js}//# sourceMappingURL=data:application/json;charset=utf-8;base64,${Buffer.from(JSON.stringify(map)).toString("base64")}\n`;
}

function cachedTranspile(source, filename) {
    const key = crypto.createHash("sha256").update(cacheInputsKey()).update("\0").update(filename).update("\0").update(source).digest("hex");
    const file = path.join(CACHE_DIR, "js", key.slice(0, 2), `${key.slice(2)}.js`);
    try {
        return fs.readFileSync(file, "utf8");
    } catch {
        // miss: transpile below
    }
    const js = transpile(source, filename);
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        // Parallel test workers may write the same entry: write aside, then rename (atomic).
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, js);
        fs.renameSync(tmp, file);
    } catch {
        // A read-only cache only costs speed.
    }
    return js;
}

function loadTypeScript(module, filename) {
    const source = fs.readFileSync(filename, "utf8");
    module._compile(cachedTranspile(source, filename), filename);
}

for (const ext of [".ts", ".cts"]) require.extensions[ext] = loadTypeScript;

/**
 * `@pulumi/pulumi` loads the TypeScript compiler (its typescript-shim) as soon as it is imported,
 * from runtime/closure/parseFunction.js, though it needs it only to serialize a function: ~0.4 s of
 * CPU in every process. The plan serializes nothing when its Lambda callbacks come from the
 * serialized-callback cache (components/bedrock/closureCache.ts), and most test programs have
 * none. So the shim's first load hands back a stand-in that loads the real shim on first use and
 * forwards every property to it; every later require of the shim gets the real module. What
 * serialization produces is unchanged (tests/plan/sameCode.test.ts serializes under this loader).
 */
function deferTypeScriptShim() {
    let shim;
    try {
        shim = require.resolve("@pulumi/pulumi/typescript-shim.js", { paths: [ROOT] });
    } catch {
        return; // no @pulumi/pulumi here: nothing to defer
    }
    if (require.cache[shim]) return;
    let real;
    const load = () => {
        if (real === undefined) {
            delete require.cache[shim];
            real = require(shim);
        }
        return real;
    };
    const standIn = new Module(shim, null);
    standIn.filename = shim;
    standIn.loaded = true;
    standIn.exports = new Proxy(Object.create(null), {
        get: (_, key) => load()[key],
        has: (_, key) => key in load(),
        ownKeys: () => Reflect.ownKeys(load()),
        getOwnPropertyDescriptor: (_, key) => {
            const d = Reflect.getOwnPropertyDescriptor(load(), key);
            return d === undefined ? undefined : { ...d, configurable: true };
        },
    });
    require.cache[shim] = standIn;
}

deferTypeScriptShim();

module.exports = { transpile, CACHE_DIR };
