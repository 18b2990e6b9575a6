/**
 * The edge service's code as the pod runs it: each edge/src/*.ts file transpiled to CommonJS at
 * deploy time (TypeScript is what runs this program anyway), keyed by file name for a ConfigMap.
 * Type errors are caught by `tsc` in CI, not here; transpileModule only strips types.
 * Transpiled once per directory and process: every region deploys the same code, and each
 * transpile costs ~0.15 s of CPU (issue 14).
 */
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";

export const EDGE_SOURCE_DIR = path.resolve(__dirname, "..", "..", "edge", "src");
export const EDGE_ENTRY = "main.js";

const bundles = new Map<string, Readonly<Record<string, string>>>();

export function edgeBundle(dir: string = EDGE_SOURCE_DIR): Readonly<Record<string, string>> {
    let bundle = bundles.get(dir);
    if (bundle === undefined) {
        bundle = Object.freeze(transpileDirectory(dir));
        bundles.set(dir, bundle);
    }
    return bundle;
}

function transpileDirectory(dir: string): Record<string, string> {
    const files = fs.readdirSync(dir).filter((f) => f.endsWith(".ts") && !f.endsWith(".d.ts")).sort();
    const out: Record<string, string> = {};
    for (const file of files) {
        const source = fs.readFileSync(path.join(dir, file), "utf8");
        const js = ts.transpileModule(source, {
            fileName: file,
            compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true, removeComments: false },
        }).outputText;
        out[file.replace(/\.ts$/, ".js")] = js;
    }
    if (!out[EDGE_ENTRY]) throw new Error(`edge service entry ${EDGE_ENTRY} missing in ${dir}`);
    return out;
}
