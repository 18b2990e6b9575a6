import type { Policies, PolicyPackConfig } from "@pulumi/policy";

/**
 * The stack settings the pack reads from the stack's own config. Since Pulumi CLI 3.198 the engine
 * hands an analyzer the stack's configuration (pulumi/pulumi#20570: "stack config is readable from
 * policy packs"), which a Node.js pack reads as a program does (`pulumi.runtime.allConfig()`,
 * from PULUMI_CONFIG). So the zone of each region and whether the stack is production come from
 * `Pulumi.<stack>.yaml`, not from a copy in policy-pack/config/<stack>.json; that file keeps the
 * genuine policy settings (`--policy-pack-config`). Pure, so the offline plan derives exactly what
 * the pack derives.
 */

export interface StackConfigSettings {
    /** `<project>:environment.production`. */
    readonly production?: boolean;
    /** `<project>:regions.<code>.residency`, per region. */
    readonly regionZones?: Readonly<Record<string, string>>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parsed(raw: string | undefined): unknown {
    if (raw === undefined) return undefined;
    try {
        return JSON.parse(raw);
    } catch {
        return undefined;
    }
}

/**
 * Settings from the flat stack config (`namespace:key -> string`, structured values as JSON), or
 * none for a stack without these keys. A malformed value yields nothing rather than a guess: the
 * program validates its config and stops first.
 */
export function settingsFromStackConfig(config: Readonly<Record<string, string>>, project: string): StackConfigSettings {
    const environment = parsed(config[`${project}:environment`]);
    const regions = parsed(config[`${project}:regions`]);
    const production = isObject(environment) && typeof environment.production === "boolean" ? environment.production : undefined;
    let regionZones: Record<string, string> | undefined;
    if (isObject(regions)) {
        const entries = Object.entries(regions).filter(([, r]) => isObject(r) && typeof r.residency === "string").map(([code, r]) => [code, String((r as Record<string, unknown>).residency)] as const);
        if (entries.length > 0) regionZones = Object.fromEntries(entries);
    }
    return { ...(production !== undefined ? { production } : {}), ...(regionZones ? { regionZones } : {}) };
}

/**
 * The settings as the pack's initial config (PolicyPack's third argument, which the CLI applies
 * after the schema defaults and before `--policy-pack-config`): each setting to every policy whose
 * schema declares its key.
 */
export function initialConfigFrom(policies: Policies, settings: StackConfigSettings): PolicyPackConfig {
    return settingsPerPolicy(policies, { production: settings.production, regionZones: settings.regionZones });
}

/**
 * Each setting (key -> value) to every policy whose config schema declares that key; policies
 * that declare none are left out, and so are undefined values.
 */
export function settingsPerPolicy(policies: Policies, settings: Readonly<Record<string, unknown>>): Record<string, Record<string, unknown>> {
    const out: Record<string, Record<string, unknown>> = {};
    for (const p of policies) {
        const entry: Record<string, unknown> = {};
        for (const [key, value] of Object.entries(settings)) {
            if (value !== undefined && p.configSchema?.properties[key] !== undefined) entry[key] = value;
        }
        if (Object.keys(entry).length > 0) out[p.name] = entry;
    }
    return out;
}
