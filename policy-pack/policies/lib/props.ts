/**
 * Readers for resource inputs. The engine hands policies `Record<string, any>` (wrapped in a proxy
 * that throws on unknown preview values); these turn it into typed values without `any`, and treat
 * a wrong shape as "not set" rather than crashing the policy.
 */

export type Props = Readonly<Record<string, unknown>>;

export function isRecord(value: unknown): value is Record<string, unknown> {
    return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A non-empty string, else undefined. */
export function str(value: unknown): string | undefined {
    return typeof value === "string" && value.length > 0 ? value : undefined;
}

export function bool(value: unknown): boolean | undefined {
    return typeof value === "boolean" ? value : undefined;
}

export function num(value: unknown): number | undefined {
    return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

/** An array as an array; a missing or non-array value as an empty one. */
export function list(value: unknown): readonly unknown[] {
    return Array.isArray(value) ? value : [];
}

export function record(value: unknown): Readonly<Record<string, unknown>> | undefined {
    return isRecord(value) ? value : undefined;
}

/** The strings of an array (or a single string), skipping anything else. */
export function strings(value: unknown): string[] {
    if (typeof value === "string") return [value];
    return list(value).filter((v): v is string => typeof v === "string");
}

/** A string-to-string map (tags); non-string values are dropped. */
export function stringMap(value: unknown): Record<string, string> {
    const out: Record<string, string> = {};
    if (!isRecord(value)) return out;
    for (const [k, v] of Object.entries(value)) {
        if (typeof v === "string") out[k] = v;
    }
    return out;
}

/**
 * A value that may arrive JSON-encoded: provider inputs such as `defaultTags` are sent to the
 * engine as JSON strings, IAM documents as strings or objects.
 */
export function decodeJson(value: unknown): unknown {
    if (typeof value !== "string") return value;
    try {
        return JSON.parse(value);
    } catch {
        return undefined;
    }
}

/** How a message shows an input's value: `not set`, or its JSON. */
export function shown(value: unknown): string {
    if (value === undefined || value === null) return "not set";
    return JSON.stringify(value);
}
