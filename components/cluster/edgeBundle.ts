/**
 * The edge service's code as the pod runs it: each edge/src/*.ts file transpiled to CommonJS at
 * deploy time (TypeScript is what runs this program anyway), keyed by file name for a ConfigMap.
 * Type errors are caught by `tsc` in CI, not here; transpileModule only strips types.
 *
 * Every region deploys the same code, so it is transpiled once per process, and kept in the
 * build cache (components/buildCache.ts) keyed by the sources, the compiler options and the
 * TypeScript version: a run whose edge sources did not change does not load the compiler
 * (~0.4 s of CPU, issue 14).
 */
import * as fs from "fs";
import * as path from "path";
import type * as TypeScript from "typescript";
import { buildCacheDir, readCached, sha256, writeCached } from "../buildCache";

export const EDGE_SOURCE_DIR = path.resolve(__dirname, "..", "..", "edge", "src");
export const EDGE_ENTRY = "main.js";

const FORMAT = "1";

const bundles = new Map<string, Readonly<Record<string, string>>>();

export function edgeBundle(dir: string = EDGE_SOURCE_DIR): Readonly<Record<string, string>> {
    let bundle = bundles.get(dir);
    if (bundle === undefined) {
        bundle = Object.freeze(transpileEdge(dir));
        bundles.set(dir, bundle);
    }
    return bundle;
}

function compilerOptions(ts: typeof TypeScript): TypeScript.CompilerOptions {
    return { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, removeComments: false };
}

function typeScriptVersion(): string {
    const file = require.resolve("typescript/package.json");
    return (JSON.parse(fs.readFileSync(file, "utf8")) as { version: string }).version;
}

/** The bundle of `dir`, from `cacheDir` when it holds one for these sources (edgeBundle adds the per-process memo). */
export function transpileEdge(dir: string, cacheDir: string | undefined = buildCacheDir("edge")): Record<string, string> {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();
    const sources = files.map((file) => [file, fs.readFileSync(path.join(dir, file), "utf8")] as const);
    // The options are written out as literals in compilerOptions(); their text is part of the key.
    const key = sha256([FORMAT, typeScriptVersion(), compilerOptions.toString(), ...sources.flatMap(([f, text]) => [f, text])].join("\0"));
    const hit = readCached(cacheDir, key, ".json");
    if (hit !== undefined) return JSON.parse(hit) as Record<string, string>;

    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require("typescript") as typeof TypeScript;
    const out: Record<string, string> = {};
    for (const [file, source] of sources) {
        out[file.replace(/\.ts$/, ".js")] = ts.transpileModule(source, { fileName: file, compilerOptions: compilerOptions(ts) }).outputText;
    }
    if (!out[EDGE_ENTRY]) throw new Error(`edge service entry ${EDGE_ENTRY} missing in ${dir}`);
    writeCached(cacheDir, key, ".json", JSON.stringify(out));
    return out;
}
