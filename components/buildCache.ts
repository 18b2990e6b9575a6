import * as crypto from "crypto";
import * as fs from "fs";
import * as path from "path";

/**
 * A content-addressed store for what the program derives from source files at deploy time and
 * would otherwise derive again in every run: serialized Lambda callbacks
 * (components/bedrock/closureCache.ts) and the edge service's transpiled code
 * (components/cluster/edgeBundle.ts). Each caller's key covers every input of what it stores, so
 * an entry can never be stale; a miss (or an unwritable directory) only costs the time to derive
 * it again. Both derivations cost the TypeScript compiler or parser, ~0.4 s of CPU to load alone
 * (issue 14).
 *
 * AI_PLATFORM_BUILD_CACHE names another directory, or `off` to always derive.
 */

export const BUILD_CACHE_ENV = "AI_PLATFORM_BUILD_CACHE";

const ROOT = path.resolve(__dirname, "..");

/** The directory for one kind of entry, or undefined when caching is off. */
export function buildCacheDir(kind: "lambda" | "edge", env: NodeJS.ProcessEnv = process.env): string | undefined {
    const setting = env[BUILD_CACHE_ENV];
    if (setting === "off") return undefined;
    const root = setting !== undefined && setting !== "" ? path.resolve(setting) : path.join(ROOT, "node_modules", ".cache", "ai-platform-build");
    return path.join(root, kind);
}

export const sha256 = (data: string | Buffer): string => crypto.createHash("sha256").update(data).digest("hex");

/** The content of a project file, or "" when it is absent (its absence is then part of the key). */
export function projectFileText(relative: string): string {
    try {
        return fs.readFileSync(path.join(ROOT, relative), "utf8");
    } catch {
        return "";
    }
}

/** The entry stored under `key`, if any. */
export function readCached(dir: string | undefined, key: string | undefined, extension: string): string | undefined {
    if (dir === undefined || key === undefined) return undefined;
    try {
        return fs.readFileSync(path.join(dir, `${key}${extension}`), "utf8");
    } catch {
        return undefined;
    }
}

/** Stores an entry; a failure only costs speed. Parallel runs may store the same entry: written aside, then renamed (atomic). */
export function writeCached(dir: string | undefined, key: string | undefined, extension: string, text: string): void {
    if (dir === undefined || key === undefined) return;
    const file = path.join(dir, `${key}${extension}`);
    try {
        fs.mkdirSync(dir, { recursive: true });
        const tmp = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(tmp, text);
        fs.renameSync(tmp, file);
    } catch {
        // A read-only cache only costs speed.
    }
}
