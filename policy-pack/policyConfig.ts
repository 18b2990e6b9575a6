import type { EnforcementLevel, Policies, PolicyConfigSchema } from "@pulumi/policy";
import { schemaDefaults, type ConfigProperty } from "./policies/lib/config";

/**
 * Policy config as the Pulumi CLI resolves it before a run (pkg/resource/analyzer/config.go,
 * ReconcilePolicyPackConfig): each policy starts from its level and its schema's top-level
 * defaults, then each config layer is applied (a level for `all`, then per policy a level and/or
 * properties, merged shallowly: a given `zones` replaces the whole default `zones`), and the result
 * is validated against each policy's schema. The offline evaluator uses this so a config file means
 * the same thing offline as with `pulumi preview --policy-config`.
 */

const LEVELS: readonly EnforcementLevel[] = ["advisory", "mandatory", "remediate", "disabled"];

/** One policy's entry in a `--policy-config` file: a level, or properties with an optional level. */
export type PolicyConfigEntry = EnforcementLevel | Readonly<Record<string, unknown>>;
/** A `--policy-config` JSON file: policy name (or `all`) -> entry. */
export type PolicyConfigFile = Readonly<Record<string, PolicyConfigEntry>>;

export interface ResolvedPolicyConfig {
    readonly enforcementLevel: EnforcementLevel;
    /** What `args.getConfig()` returns: defaults overlaid by the layers, without the level. */
    readonly properties: Readonly<Record<string, unknown>>;
}

export interface ReconciledConfig {
    readonly byPolicy: ReadonlyMap<string, ResolvedPolicyConfig>;
    /** Things the CLI accepts silently but that are probably mistakes (unknown policies or keys). */
    readonly warnings: readonly string[];
}

export class PolicyConfigError extends Error {
    constructor(readonly issues: readonly string[]) {
        super(`invalid policy config:\n${issues.map((i) => `  - ${i}`).join("\n")}`);
        this.name = "PolicyConfigError";
    }
}

const isLevel = (v: unknown): v is EnforcementLevel => typeof v === "string" && (LEVELS as readonly string[]).includes(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function reconcilePolicyConfig(policies: Policies, packLevel: EnforcementLevel, layers: readonly PolicyConfigFile[]): ReconciledConfig {
    const issues: string[] = [];
    const warnings: string[] = [];
    const byName = new Map(policies.map((p) => [p.name, p]));
    const result = new Map<string, { enforcementLevel: EnforcementLevel; properties: Record<string, unknown> }>();
    for (const p of policies) {
        result.set(p.name, { enforcementLevel: p.enforcementLevel ?? packLevel, properties: schemaDefaults(p.configSchema) });
    }
    for (const layer of layers) {
        const all = layer.all;
        const allLevel = isLevel(all) ? all : isObject(all) ? all.enforcementLevel : undefined;
        if (all !== undefined && !isLevel(allLevel)) issues.push(`all: ${JSON.stringify(allLevel ?? all)} is not an enforcement level (${LEVELS.join(", ")})`);
        if (isLevel(allLevel)) for (const entry of result.values()) entry.enforcementLevel = allLevel;
        for (const [name, given] of Object.entries(layer)) {
            if (name === "all") continue;
            const entry = result.get(name);
            if (!entry) {
                warnings.push(`policy config names "${name}", which is not a policy of this pack`);
                continue;
            }
            if (isLevel(given)) {
                entry.enforcementLevel = given;
            } else if (isObject(given)) {
                const { enforcementLevel, ...properties } = given;
                if (enforcementLevel !== undefined) {
                    if (isLevel(enforcementLevel)) entry.enforcementLevel = enforcementLevel;
                    else issues.push(`${name}: enforcementLevel ${JSON.stringify(enforcementLevel)} is not one of ${LEVELS.join(", ")}`);
                }
                Object.assign(entry.properties, properties);
            } else {
                issues.push(`${name}: ${JSON.stringify(given)} is not a valid value; expected an enforcement level or an object`);
            }
        }
    }
    for (const [name, entry] of result) {
        const schema = byName.get(name)?.configSchema;
        if (!schema) continue;
        issues.push(...validateConfig(schema, entry.properties).map((m) => `${name}: ${m}`));
        for (const key of Object.keys(entry.properties)) {
            if (!(key in schema.properties)) warnings.push(`${name}: config key "${key}" is not in the policy's schema and is ignored`);
        }
    }
    if (issues.length > 0) throw new PolicyConfigError(issues);
    return { byPolicy: result, warnings };
}

/** Validates a policy's properties against its schema (an object schema; the CLI adds `type: object`). */
export function validateConfig(schema: PolicyConfigSchema, properties: Readonly<Record<string, unknown>>): string[] {
    const errors = (schema.required ?? []).filter((k) => properties[k] === undefined).map((k) => `${k} is required`);
    for (const [key, prop] of Object.entries(schema.properties)) {
        if (properties[key] !== undefined) errors.push(...validateValue(prop, properties[key], key));
    }
    return errors;
}

function typeOf(value: unknown): string {
    if (value === null) return "null";
    if (Array.isArray(value)) return "array";
    if (typeof value === "number") return Number.isInteger(value) ? "integer" : "number";
    return typeof value;
}

function typeMatches(expected: string, value: unknown): boolean {
    const actual = typeOf(value);
    return actual === expected || (expected === "number" && actual === "integer");
}

/**
 * The JSON-schema keywords this pack's schemas use (type, enum, const, bounds, pattern, items,
 * properties, additionalProperties, required); anything else is not checked offline.
 */
export function validateValue(schema: ConfigProperty | boolean, value: unknown, path: string): string[] {
    if (schema === true) return [];
    if (schema === false) return [`${path} is not allowed`];
    const errors: string[] = [];
    if (schema.type !== undefined) {
        const types = Array.isArray(schema.type) ? schema.type : [schema.type];
        if (!types.some((t) => typeMatches(t, value))) return [`${path}: expected ${types.join(" or ")}, got ${typeOf(value)}`];
    }
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
        errors.push(`${path}: ${JSON.stringify(value)} is not one of ${schema.enum.map((e) => JSON.stringify(e)).join(", ")}`);
    }
    if (schema.const !== undefined && JSON.stringify(schema.const) !== JSON.stringify(value)) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
    if (typeof value === "number") {
        if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: ${value} is less than ${schema.minimum}`);
        if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: ${value} is more than ${schema.maximum}`);
        if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) errors.push(`${path}: ${value} is not more than ${schema.exclusiveMinimum}`);
        if (schema.exclusiveMaximum !== undefined && value >= schema.exclusiveMaximum) errors.push(`${path}: ${value} is not less than ${schema.exclusiveMaximum}`);
    }
    if (typeof value === "string") {
        if (schema.minLength !== undefined && value.length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
        if (schema.maxLength !== undefined && value.length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
        if (schema.pattern !== undefined && !new RegExp(schema.pattern).test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
        if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
        if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
        if (schema.uniqueItems && new Set(value.map((v) => JSON.stringify(v))).size !== value.length) errors.push(`${path}: items are not unique`);
        if (schema.items !== undefined && !Array.isArray(schema.items)) {
            const items = schema.items;
            value.forEach((v, i) => errors.push(...validateValue(items, v, `${path}[${i}]`)));
        }
    }
    if (isObject(value)) {
        for (const k of schema.required ?? []) if (value[k] === undefined) errors.push(`${path}.${k} is required`);
        for (const [k, v] of Object.entries(value)) {
            const own = schema.properties?.[k];
            if (own !== undefined) errors.push(...validateValue(own, v, `${path}.${k}`));
            else if (schema.additionalProperties !== undefined) errors.push(...validateValue(schema.additionalProperties, v, `${path}.${k}`));
        }
    }
    return errors;
}
