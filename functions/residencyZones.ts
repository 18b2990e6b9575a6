/**
 * The residency floor: which AWS regions may store or process each residency zone's data. One
 * table in code. The failover Lambda's guard reads it at run time (settings can only narrow it),
 * config validation reads it before anything is declared (config/regions.ts), and the policy pack,
 * which must stay self-contained, keeps a copy that tests/policy/classification.test.ts holds
 * equal to this one. Plain data, no imports: it serializes into the Lambda untouched.
 *
 * EU = EU member states only: London (eu-west-2) and Zurich (eu-central-2) are outside the EU, so
 * GDPR transfer rules apply to them and they are zones of their own.
 */
export const RESIDENCY_ZONE_REGIONS: Readonly<Record<string, readonly string[]>> = {
    eu: ["eu-central-1", "eu-west-1", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1"],
    uk: ["eu-west-2"],
    ch: ["eu-central-2"],
    us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
    ca: ["ca-central-1", "ca-west-1"],
    mx: ["mx-central-1"],
    sa: ["sa-east-1"],
    apac: [
        "ap-east-1", "ap-east-2", "ap-south-1", "ap-south-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3",
        "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-7",
    ],
    me: ["me-south-1", "me-central-1"],
    il: ["il-central-1"],
    af: ["af-south-1"],
};

/** The regions a zone's data may ever reach (lower-case codes); empty for an unknown zone. */
export function zoneRegions(zone: string): readonly string[] {
    const key = zone.trim().toLowerCase();
    return Object.prototype.hasOwnProperty.call(RESIDENCY_ZONE_REGIONS, key) ? RESIDENCY_ZONE_REGIONS[key] : [];
}

/** Whether `region` (any case) lies in `zone`. */
export function zoneAllowsRegion(zone: string, region: string): boolean {
    return zoneRegions(zone).includes(region.trim().toLowerCase());
}
