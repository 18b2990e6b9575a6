import type { PolicyConfigSchema } from "@pulumi/policy";

/** One property of a policy's configSchema (a JSON schema). */
export type ConfigProperty = PolicyConfigSchema["properties"][string];

/** The default of every property that has one, as the Pulumi CLI fills them in before a run. */
export function schemaDefaults(schema: PolicyConfigSchema | undefined): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    for (const [key, prop] of Object.entries(schema?.properties ?? {})) {
        if (prop.default !== undefined) out[key] = structuredClone(prop.default);
    }
    return out;
}

/**
 * A policy's config with the schema defaults under it. The CLI already does this (and validates
 * the result against the schema), but a policy called directly, by a test or an older CLI, may get
 * only what was set; merging here keeps the defaults in one place: the schema.
 */
export function withDefaults<C extends object>(schema: PolicyConfigSchema, given: object): C {
    return { ...schemaDefaults(schema), ...given } as C;
}

/** Schema helpers, so each policy's configSchema reads as a list of decisions. */
export const prop = {
    string: (description: string, def?: string): ConfigProperty => ({ type: "string", description, ...(def !== undefined ? { default: def } : {}) }),
    boolean: (description: string, def: boolean): ConfigProperty => ({ type: "boolean", description, default: def }),
    integer: (description: string, def: number, minimum = 0): ConfigProperty => ({ type: "integer", description, default: def, minimum }),
    strings: (description: string, def: readonly string[]): ConfigProperty => ({ type: "array", items: { type: "string" }, description, default: [...def] }),
    integers: (description: string, def: readonly number[]): ConfigProperty => ({ type: "array", items: { type: "integer" }, description, default: [...def] }),
    stringMap: (description: string, def: Readonly<Record<string, string>>): ConfigProperty => ({
        type: "object", additionalProperties: { type: "string" }, description, default: { ...def },
    }),
    stringListMap: (description: string, def: Readonly<Record<string, readonly string[]>>): ConfigProperty => ({
        type: "object",
        additionalProperties: { type: "array", items: { type: "string" } },
        description,
        default: Object.fromEntries(Object.entries(def).map(([k, v]) => [k, [...v]])),
    }),
};
