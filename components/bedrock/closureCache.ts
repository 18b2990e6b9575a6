import * as fs from "fs";
import * as path from "path";
import { buildCacheDir, projectFileText, readCached, sha256, writeCached } from "../buildCache";

/**
 * Serialized Lambda callbacks, kept in the build cache (components/buildCache.ts) so that a plan
 * or a `pulumi up` whose Lambda code has not changed does not serialize it again. Serializing the
 * two callbacks is ~1.2 s of CPU (Pulumi opens an inspector session, walks every loaded module and
 * re-parses each captured function with the TypeScript parser), a fifth of a 4-region plan (issue 14).
 *
 * The key is everything the serialized text can depend on:
 * - the source of every project file in the callback's module graph: the module that exports
 *   the callback's `make` function and, transitively, every project module it requires (a closure
 *   can only capture values reachable from its module's scope; node_modules packages are emitted
 *   as `require("name")`, so only their versions count, through the lock file);
 * - the lock file (every package version, the serializer and the TypeScript that transpiles the
 *   sources), tsconfig.json (the emitted JavaScript), the Node.js version (Function.toString);
 * - the serializer options (handler or factory) and the callback's name.
 * A callback whose module is not found (a closure made inline) is never cached. Module-level
 * values computed at import time from the environment or the clock would be captured by value and
 * are not in the key: functions/ has none (handlers read process.env per invocation), and
 * tests/components/bedrock/closureCache.test.ts keeps it so.
 */

const FORMAT = "1";
const ROOT = path.resolve(__dirname, "..", "..");
const NODE_MODULES = `${path.sep}node_modules${path.sep}`;

/** Where serialized callbacks are kept, or undefined when the build cache is off. */
export function closureCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
    return buildCacheDir("lambda", env);
}

/** The loaded module whose exports include `fn`, if any. */
function definingModule(fn: Function): NodeJS.Module | undefined {
    for (const m of Object.values(require.cache)) {
        if (m === undefined || m.filename.includes(NODE_MODULES)) continue;
        try {
            const exported: unknown = m.exports;
            if (exported === fn) return m;
            if (typeof exported === "object" && exported !== null && Object.values(exported).includes(fn)) return m;
        } catch {
            // an export whose getter throws: not the module we look for
        }
    }
    return undefined;
}

/** Project files (relative path -> content hash) in the module graph below `root`, node_modules left out. */
function projectModuleGraph(root: NodeJS.Module): Array<[string, string]> {
    const files = new Map<string, string>();
    const pending: NodeJS.Module[] = [root];
    while (pending.length > 0) {
        const m = pending.pop()!;
        if (files.has(m.filename) || m.filename.includes(NODE_MODULES)) continue;
        files.set(m.filename, sha256(fs.readFileSync(m.filename)));
        pending.push(...m.children);
    }
    return [...files].map(([file, hash]): [string, string] => [path.relative(ROOT, file).split(path.sep).join("/"), hash]).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The cache key of a callback, or undefined when it cannot be keyed (then it is not cached). */
export function closureKey(make: Function, serializerOptions: string): string | undefined {
    const module = definingModule(make);
    if (module === undefined) return undefined;
    const parts = [
        FORMAT,
        process.version,
        sha256(projectFileText("package-lock.json")),
        sha256(projectFileText("tsconfig.json")),
        serializerOptions,
        make.name,
        path.relative(ROOT, module.filename),
        ...projectModuleGraph(module).map(([file, hash]) => `${file} ${hash}`),
    ];
    return sha256(parts.join("\0"));
}

/**
 * The serialized text for `key`: read from the cache `dir` (closureCacheDir(); undefined: off),
 * or made by `serialize` and stored. A result that captured a secret is never stored.
 */
export async function cachedClosure(
    key: string | undefined,
    serialize: () => Promise<{ readonly text: string; readonly containsSecrets: boolean }>,
    dir: string | undefined,
): Promise<{ readonly text: string; readonly containsSecrets: boolean; readonly cached: boolean }> {
    const hit = readCached(dir, key, ".js");
    if (hit !== undefined) return { text: hit, containsSecrets: false, cached: true };
    const fresh = await serialize();
    if (!fresh.containsSecrets) writeCached(dir, key, ".js", fresh.text);
    return { text: fresh.text, containsSecrets: fresh.containsSecrets, cached: false };
}
