import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { ConfigError } from "./errors";

/**
 * Reads a `Pulumi.<stack>.yaml` file as the Pulumi CLI would hand it to the program: a flat map
 * of `namespace:key` to string (objects and lists JSON-encoded). Used by the offline plan and tests.
 * Refuses, with one line naming the file, whatever would crash or stall the plan: a directory or
 * unreadable path, a file over MAX_STACK_FILE_BYTES, and YAML alias bombs.
 */
export function readStackConfigFile(file: string): Record<string, string> {
    return readStackConfig(file).config;
}

/** Stack files are a few KiB; 1 MiB is far above any real one and parses in well under a second. */
export const MAX_STACK_FILE_BYTES = 1024 * 1024;
/** Aliases a stack file may expand; a "billion laughs" file needs thousands. */
export const MAX_YAML_ALIASES = 100;

/** A problem with the file itself (not a setting in it): one line, exit 2 like any config error. */
export class StackFileError extends ConfigError {
    constructor(file: string, message: string) {
        super([{ key: file, message }]);
        this.message = `stack config ${file}: ${message}`;
    }
}

export interface StackConfigRead {
    readonly config: Record<string, string>;
    /** What the offline plan cannot reproduce from this file (secrets, ESC environments). */
    readonly warnings: readonly string[];
}

export function readStackConfig(file: string): StackConfigRead {
    const name = path.basename(file);
    const fail = (message: string): never => {
        throw new StackFileError(name, message);
    };
    let stat: fs.Stats;
    try {
        stat = fs.statSync(file);
    } catch {
        return fail(`stack config file not found at ${file}`);
    }
    if (stat.isDirectory()) fail(`${file} is a directory, not a stack config file`);
    if (!stat.isFile()) fail(`${file} is not a regular file`);
    if (stat.size > MAX_STACK_FILE_BYTES) fail(`${file} is ${stat.size} bytes; a stack config file may be at most ${MAX_STACK_FILE_BYTES} bytes`);
    let text = "";
    try {
        text = fs.readFileSync(file, "utf8");
    } catch (err) {
        fail(`cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
    }
    const doc = parseDocument(text, { uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new ConfigError(doc.errors.map((e) => ({ key: name, message: e.message.split("\n")[0] })));
    }
    let top: unknown;
    try {
        top = doc.toJS({ maxAliasCount: MAX_YAML_ALIASES });
    } catch (err) {
        return fail(`cannot expand the YAML: ${(err as Error).message.split("\n")[0]} (at most ${MAX_YAML_ALIASES} aliases)`);
    }
    if (top === null || typeof top !== "object" || !("config" in top)) {
        throw new ConfigError([{ key: "config", message: `${name} has no top-level "config:" map` }]);
    }
    const config = (top as { config: unknown }).config;
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new ConfigError([{ key: "config", message: "expected a map of namespace:key settings" }]);
    }
    const flat: Record<string, string> = {};
    const warnings: string[] = [];
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        flat[key] = typeof value === "string" ? value : JSON.stringify(value);
        for (const at of securePaths(value, key)) {
            warnings.push(`${at} is a secure: (encrypted) value; the offline plan cannot decrypt it and passes the ciphertext through as a literal, so what it checks for this key is not what pulumi up will use`);
        }
    }
    const environment = (top as { environment?: unknown }).environment;
    if (environment !== undefined) {
        warnings.push(`${name} imports Pulumi ESC environment(s) ${JSON.stringify(environment)}; the offline plan does not open them, so any config they provide is missing here`);
    }
    return { config: flat, warnings };
}

/** Paths of `{ secure: ... }` values at any depth, as Pulumi writes encrypted config. */
function securePaths(value: unknown, at: string): string[] {
    if (value === null || typeof value !== "object") return [];
    if (!Array.isArray(value) && Object.keys(value).length === 1 && "secure" in value) return [at];
    const entries = Array.isArray(value) ? value.map((v, i) => [`${at}[${i}]`, v] as const) : Object.entries(value).map(([k, v]) => [`${at}.${k}`, v] as const);
    return entries.flatMap(([p, v]) => securePaths(v, p));
}
