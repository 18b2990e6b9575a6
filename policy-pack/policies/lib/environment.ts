import type { PolicyConfigSchema } from "@pulumi/policy";
import { prop } from "./config";
import type { ResourceView } from "./resource";

/**
 * Whether a resource is production, for the prod-only rules. The stack can say so in the policy
 * config (`production`, a stack setting); otherwise the Environment tag (own, provider default,
 * or stack tag) names an environment, and some names count as production.
 */

export interface EnvironmentConfig {
    readonly environmentTagKey: string;
    readonly productionEnvironments: readonly string[];
    /** Stack setting that overrides the tags when set. */
    readonly production?: boolean;
}

export const ENVIRONMENT_CONFIG_PROPERTIES: PolicyConfigSchema["properties"] = {
    environmentTagKey: prop.string("Tag whose value names a resource's environment.", "Environment"),
    productionEnvironments: prop.strings("Environment tag values that mean production.", ["prod", "production"]),
    production: { type: "boolean", description: "Stack setting: true/false decides for every resource, overriding the Environment tag." },
};

export interface EnvironmentDecision {
    readonly production: boolean;
    readonly why: string;
}

export function environmentOf(r: ResourceView, cfg: EnvironmentConfig): EnvironmentDecision {
    if (typeof cfg.production === "boolean") return { production: cfg.production, why: `policy config production=${cfg.production}` };
    const fromTags = r.tags()[cfg.environmentTagKey];
    const value = fromTags ?? r.stackTags.get(cfg.environmentTagKey);
    if (value === undefined) return { production: false, why: `no ${cfg.environmentTagKey} tag` };
    const production = cfg.productionEnvironments.map((e) => e.toLowerCase()).includes(value.trim().toLowerCase());
    return { production, why: `${cfg.environmentTagKey}=${value}` };
}
