import { ConfigError, type ConfigIssue } from "./errors";
import { parsePlatformConfig, PROJECT, type PlatformConfig } from "./index";

/**
 * Reads every `ai-platform:*` key of the stack (`pulumi.runtime.allConfig()`) and validates it.
 * Reading them all (not key by key) is what lets a misspelt top-level key fail loudly instead of
 * being ignored. No Pulumi import here: the offline plan validates config before loading Pulumi.
 */
export function loadPlatformConfig(all: Readonly<Record<string, string>>): PlatformConfig {
    return parsePlatformConfig(projectConfigFrom(all));
}

/**
 * Config namespaces this stack may use: the project's, Pulumi's own, and the providers the program
 * uses. Any other namespace is most likely a misspelt project name (`ai-platfrom:operations`),
 * whose keys the program would never read, silently dropping whatever they configure.
 */
export const KNOWN_NAMESPACES: readonly string[] = [PROJECT, "pulumi", "aws", "kubernetes", "random", "eks", "awsx", "pulumiservice", "tls", "command"];

/** Object keys that would reach an object's prototype instead of being data. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Dotted paths of prototype keys anywhere in a decoded value. */
export function prototypeKeyPaths(value: unknown, at: string): string[] {
    if (value === null || typeof value !== "object") return [];
    const entries = Array.isArray(value) ? value.map((v, i) => [`[${i}]`, v] as const) : Object.keys(value).map((k) => [k, (value as Record<string, unknown>)[k]] as const);
    return entries.flatMap(([k, v]) => {
        const here = k.startsWith("[") ? `${at}${k}` : `${at}.${k}`;
        return PROTOTYPE_KEYS.has(k) ? [here] : prototypeKeyPaths(v, here);
    });
}

/** Picks this project's keys from Pulumi's flat `namespace:key -> string` config map and decodes them. */
export function projectConfigFrom(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const raw: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const undecodable: string[] = [];
    const issues: ConfigIssue[] = [];
    for (const [fullKey, value] of Object.entries(all)) {
        const [namespace, key] = splitKey(fullKey);
        if (!KNOWN_NAMESPACES.includes(namespace)) {
            issues.push({ key: fullKey, message: `unknown config namespace "${namespace}"${closeTo(namespace, PROJECT) ? `; did you mean "${PROJECT}:${key}"?` : ""} (known: ${KNOWN_NAMESPACES.join(", ")}); its settings would be ignored` });
            continue;
        }
        if (namespace !== PROJECT) continue;
        if (PROTOTYPE_KEYS.has(key)) {
            issues.push({ key, message: "not a setting: a prototype key" });
            continue;
        }
        try {
            raw[key] = JSON.parse(value);
        } catch {
            // Plain strings are stored unquoted; only objects and arrays must be JSON.
            raw[key] = value;
        }
        if (typeof raw[key] === "string" && /^[[{]/.test(value)) undecodable.push(key);
        for (const p of prototypeKeyPaths(raw[key], key)) issues.push({ key: p, message: "not a valid key: __proto__, constructor and prototype would change the object itself, not add a setting" });
    }
    if (issues.length > 0) throw new ConfigError(issues);
    if (undecodable.length > 0) {
        throw new ConfigError(undecodable.map((key) => ({ key, message: "expected structured config (YAML map or list); the value is not valid JSON" })));
    }
    return raw;
}

/** Edit distance at most 2: a typo, not another name. */
function closeTo(a: string, b: string): boolean {
    const d: number[][] = Array.from({ length: a.length + 1 }, (_, i) => [i, ...Array<number>(b.length).fill(0)]);
    for (let j = 1; j <= b.length; j++) d[0][j] = j;
    for (let i = 1; i <= a.length; i++) {
        for (let j = 1; j <= b.length; j++) {
            d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
            if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
    }
    return d[a.length][b.length] <= 2;
}

function splitKey(fullKey: string): [string, string] {
    const i = fullKey.indexOf(":");
    return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}
