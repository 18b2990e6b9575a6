import * as fs from "node:fs";
import Module from "node:module";
import * as path from "node:path";
import type { EnforcementLevel, Policies, PolicyPackArgs, PolicyPackConfig } from "@pulumi/policy";

/**
 * Loads a CrossGuard policy pack folder the way `pulumi preview --policy-pack DIR` runs it (its
 * own package.json and node_modules, its entry module executed with the folder as working
 * directory), except that its `new PolicyPack(...)` starts no policy server: @pulumi/policy's
 * constructor reads the pack's package.json and calls `serve()` of its own `server` module, which
 * is replaced, for every copy of @pulumi/policy loaded while the pack loads, by one that records
 * the pack (name, version, level, policies, initial config).
 */

export interface LoadedPack {
    readonly dir: string;
    readonly name: string;
    readonly version: string;
    readonly enforcementLevel: EnforcementLevel;
    readonly policies: Policies;
    readonly initialConfig?: PolicyPackConfig;
}

export class PolicyPackLoadError extends Error {
    constructor(message: string, readonly cause?: unknown) {
        super(message);
        this.name = "PolicyPackLoadError";
    }
}

type Serve = (name: string, version: string, level: EnforcementLevel, args: PolicyPackArgs, initialConfig?: PolicyPackConfig) => void;
interface ServerModule { serve: Serve }

const SERVER_MODULE = /[\\/]@pulumi[\\/]policy[\\/]server\.js$/;
const PATCHED = Symbol.for("ai-platform.plan.policyServerPatched");

interface ModuleInternals {
    _load(request: string, parent: unknown, isMain: boolean): unknown;
    _resolveFilename(request: string, parent: unknown, isMain: boolean): string;
}

/** Set while a pack loads: where each constructed PolicyPack is recorded. */
let recording: Array<Omit<LoadedPack, "dir">> | undefined;

function patchServer(exports: unknown): void {
    const server = exports as ServerModule & { [PATCHED]?: boolean };
    if (!server || typeof server.serve !== "function" || server[PATCHED]) return;
    const original = server.serve;
    server.serve = (name, version, level, args, initialConfig) => {
        // Outside a pack load (the Pulumi CLI running a pack), behave as @pulumi/policy does.
        if (!recording) return original(name, version, level, args, initialConfig);
        recording.push({ name, version, enforcementLevel: level, policies: args.policies, ...(initialConfig ? { initialConfig } : {}) });
    };
    server[PATCHED] = true;
}

/** The entry module of a pack folder: package.json `main`, else index.js / index.ts. */
export function packEntry(dir: string): string {
    const pkgFile = path.join(dir, "package.json");
    if (!fs.existsSync(pkgFile)) throw new PolicyPackLoadError(`${dir}: no package.json; a policy pack folder has one (and its own node_modules)`);
    const pkg = JSON.parse(fs.readFileSync(pkgFile, "utf8")) as { main?: unknown; version?: unknown };
    if (typeof pkg.version !== "string" || pkg.version === "") throw new PolicyPackLoadError(`${pkgFile}: no version; @pulumi/policy requires one`);
    const candidates = [typeof pkg.main === "string" ? pkg.main : undefined, "index.js", "index.ts"].filter((c): c is string => c !== undefined);
    for (const c of candidates) {
        const file = path.resolve(dir, c);
        if (fs.existsSync(file)) return file;
        if (fs.existsSync(`${file}.js`)) return `${file}.js`;
        if (fs.existsSync(`${file}.ts`)) return `${file}.ts`;
    }
    throw new PolicyPackLoadError(`${dir}: no entry module (package.json main, index.js or index.ts)`);
}

/**
 * Loads the pack in this process and returns what its PolicyPack was constructed with. Throws
 * PolicyPackLoadError when the folder is not a pack, its code throws, or it constructs no pack.
 */
export function loadPolicyPack(dirArg: string): LoadedPack {
    const dir = path.resolve(dirArg);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new PolicyPackLoadError(`--policy-pack ${dirArg}: not a folder`);
    const entry = packEntry(dir);
    if (!fs.existsSync(path.join(dir, "node_modules"))) throw new PolicyPackLoadError(`${dir}: no node_modules; run npm install in the pack folder first (as for pulumi preview --policy-pack)`);

    const internals = Module as unknown as ModuleInternals;
    const originalLoad = internals._load;
    // Every copy of @pulumi/policy the pack loads (its own, or one nested under a dependency).
    internals._load = function (request: string, parent: unknown, isMain: boolean) {
        const exports = originalLoad.call(this, request, parent, isMain);
        if (request.endsWith("server") || request.includes("@pulumi/policy")) {
            try {
                const file = internals._resolveFilename(request, parent, isMain);
                if (SERVER_MODULE.test(file)) patchServer(exports);
            } catch {
                // not resolvable as a file: not @pulumi/policy's server
            }
        }
        return exports;
    };
    // A copy already cached (loaded before this hook) is patched directly.
    try {
        patchServer(require(require.resolve("@pulumi/policy/server", { paths: [dir] })));
    } catch {
        // the pack may depend on @pulumi/policy only through a dependency; the hook catches that
    }
    const cwd = process.cwd();
    const found: Array<Omit<LoadedPack, "dir">> = [];
    recording = found;
    try {
        // @pulumi/policy reads `${process.cwd()}/package.json` for the pack's version.
        process.chdir(dir);
        require(entry);
    } catch (e) {
        throw new PolicyPackLoadError(`${dir}: loading the pack failed: ${e instanceof Error ? e.message : String(e)}`, e);
    } finally {
        process.chdir(cwd);
        internals._load = originalLoad;
        recording = undefined;
    }
    if (found.length > 0) return { dir, ...found[0] };
    throw new PolicyPackLoadError(`${dir}: ${path.basename(entry)} constructed no PolicyPack (expected \`new PolicyPack(...)\`, or a subclass such as AwsGuard)`);
}
