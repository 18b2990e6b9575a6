import type { PolicyConfigSchema } from "@pulumi/policy";
import { prop } from "./config";
import type { ResourceView } from "./resource";

/**
 * Residency zones: which regions may hold a zone's personal data, and which zone a resource's
 * data belongs to. Shared by every residency policy, so each carries the same config keys.
 */

/**
 * EU member-state regions only: London (eu-west-2) and Zurich (eu-central-2) are outside the EU,
 * so GDPR transfers rules apply to them, and they are zones of their own.
 */
export const EU_MEMBER_STATE_REGIONS = ["eu-central-1", "eu-west-1", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1"] as const;

export const DEFAULT_ZONES: Readonly<Record<string, readonly string[]>> = {
    eu: EU_MEMBER_STATE_REGIONS,
    uk: ["eu-west-2"],
    ch: ["eu-central-2"],
    us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
    ca: ["ca-central-1", "ca-west-1"],
    apac: [
        "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
    ],
};

export const ZONE_TAG_KEY = "DataResidency";
export const CLASSIFICATION_TAG_KEY = "DataClassification";

export interface ResidencyConfig {
    /** Zone -> regions allowed to hold that zone's personal data. */
    readonly zones: Readonly<Record<string, readonly string[]>>;
    /** Stack setting: the zone each of the stack's regions serves (for resources with no zone tag). */
    readonly regionZones: Readonly<Record<string, string>>;
    /** Stack setting: the zone of resources that neither a tag nor regionZones places. "" = none. */
    readonly defaultZone: string;
    readonly zoneTagKey: string;
    readonly classificationTagKey: string;
    readonly personalClassifications: readonly string[];
    /** Whether a resource with no classification tag is treated as holding personal data. */
    readonly unclassifiedIsPersonal: boolean;
    /** Zone-tag values that declare "bound to no zone" (global layer resources). */
    readonly noZoneValues: readonly string[];
}

export const RESIDENCY_CONFIG_PROPERTIES: PolicyConfigSchema["properties"] = {
    zones: prop.stringListMap("Residency zone -> AWS regions allowed to store or process that zone's personal data.", DEFAULT_ZONES),
    regionZones: prop.stringMap("The zone each of this stack's regions serves; places resources that carry no zone tag (a stack setting).", {}),
    defaultZone: prop.string("Zone of resources that neither a zone tag nor regionZones places; empty for none (a stack setting).", ""),
    zoneTagKey: prop.string("Tag whose value names a resource's residency zone (resource tags, else its provider's defaultTags).", ZONE_TAG_KEY),
    classificationTagKey: prop.string("Tag that says whether a resource holds personal data.", CLASSIFICATION_TAG_KEY),
    personalClassifications: prop.strings("Classification tag values that mean personal data.", ["personal"]),
    unclassifiedIsPersonal: prop.boolean("Treat a resource with no classification tag as holding personal data.", true),
    noZoneValues: prop.strings("Zone tag values that declare a resource bound to no zone (e.g. the global layer).", ["global", "none"]),
};

export type ZoneDecision =
    | { readonly kind: "zone"; readonly zone: string; readonly source: string }
    | { readonly kind: "no-zone"; readonly value: string; readonly source: string }
    | { readonly kind: "undetermined" };

const normal = (v: string) => v.trim().toLowerCase();

/** The zone a resource's tags declare: its own tag first, else its provider's default tag. */
export function taggedZone(r: ResourceView, cfg: ResidencyConfig): ZoneDecision {
    const own = r.ownTags()[cfg.zoneTagKey];
    const fromProvider = r.providerDefaultTags()[cfg.zoneTagKey];
    const [value, source] = own !== undefined
        ? [own, `tag ${cfg.zoneTagKey}`]
        : fromProvider !== undefined ? [fromProvider, `provider default tag ${cfg.zoneTagKey}`] : [undefined, ""];
    if (value === undefined) return { kind: "undetermined" };
    const zone = normal(value);
    if (cfg.noZoneValues.map(normal).includes(zone)) return { kind: "no-zone", value, source };
    return { kind: "zone", zone, source };
}

/** A resource's zone: its tags, else the stack's zone for `region`, else the stack's default zone. */
export function zoneOf(r: ResourceView, cfg: ResidencyConfig, region: string | undefined): ZoneDecision {
    const tagged = taggedZone(r, cfg);
    if (tagged.kind !== "undetermined") return tagged;
    if (region !== undefined && cfg.regionZones[region] !== undefined) {
        return { kind: "zone", zone: normal(cfg.regionZones[region]), source: `regionZones["${region}"]` };
    }
    if (cfg.defaultZone.trim() !== "") return { kind: "zone", zone: normal(cfg.defaultZone), source: "defaultZone" };
    return { kind: "undetermined" };
}

/** Whether the resource holds personal data, by its classification tag (own, else provider default). */
export function holdsPersonalData(r: ResourceView, cfg: ResidencyConfig): boolean {
    const value = r.tags()[cfg.classificationTagKey];
    if (value === undefined) return cfg.unclassifiedIsPersonal;
    return cfg.personalClassifications.map(normal).includes(normal(value));
}

/** Whether the tags explicitly classify the resource as personal data (not by default). */
export function taggedPersonal(r: ResourceView, cfg: ResidencyConfig): boolean {
    const value = r.tags()[cfg.classificationTagKey];
    return value !== undefined && cfg.personalClassifications.map(normal).includes(normal(value));
}

export function allowedRegions(cfg: ResidencyConfig, zone: string): readonly string[] | undefined {
    const entry = Object.entries(cfg.zones).find(([z]) => normal(z) === zone);
    return entry?.[1];
}

/**
 * The zones whose data a region holds when nothing else says: the stack's zone for the region,
 * else every zone that allows it. Used for the source of a copy known only by its ARN.
 */
export function zonesOfRegion(cfg: ResidencyConfig, region: string): string[] {
    const stackZone = cfg.regionZones[region];
    if (stackZone !== undefined) return [normal(stackZone)];
    return Object.entries(cfg.zones).filter(([, regions]) => regions.includes(region)).map(([z]) => normal(z));
}

/** Why `region` may not hold `zone`'s data, or undefined when it may. */
export function regionNotAllowed(cfg: ResidencyConfig, zone: string, region: string): string | undefined {
    const allowed = allowedRegions(cfg, zone);
    if (allowed === undefined) {
        return `zone "${zone}" has no allowed regions in the policy config (zones: ${Object.keys(cfg.zones).join(", ")})`;
    }
    if (allowed.includes(region)) return undefined;
    return `${region} is not allowed for zone "${zone}" (allowed: ${allowed.join(", ")})`;
}
