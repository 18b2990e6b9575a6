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

/**
 * Zones of one country (ISO 3166-1 alpha-2, lower case): a zone other than the EU may not span
 * several countries' laws, so multi-country jurisdictions (apac, me) are split into these
 * (config/residency.ts refuses a multi-country zone). tests/config/units.test.ts holds this table
 * equal to the countries in config/awsRegions.ts.
 */
export const COUNTRY_ZONE_REGIONS: Readonly<Record<string, readonly string[]>> = {
    us: ["us-east-1", "us-east-2", "us-west-1", "us-west-2"],
    ca: ["ca-central-1", "ca-west-1"],
    mx: ["mx-central-1"],
    br: ["sa-east-1"],
    de: ["eu-central-1"],
    ie: ["eu-west-1"],
    fr: ["eu-west-3"],
    it: ["eu-south-1"],
    es: ["eu-south-2"],
    se: ["eu-north-1"],
    gb: ["eu-west-2"],
    ch: ["eu-central-2"],
    hk: ["ap-east-1"],
    tw: ["ap-east-2"],
    in: ["ap-south-1", "ap-south-2"],
    jp: ["ap-northeast-1", "ap-northeast-3"],
    kr: ["ap-northeast-2"],
    sg: ["ap-southeast-1"],
    au: ["ap-southeast-2", "ap-southeast-4"],
    id: ["ap-southeast-3"],
    my: ["ap-southeast-5"],
    th: ["ap-southeast-7"],
    bh: ["me-south-1"],
    ae: ["me-central-1"],
    il: ["il-central-1"],
    za: ["af-south-1"],
};

const own = (table: Readonly<Record<string, readonly string[]>>, key: string) => Object.prototype.hasOwnProperty.call(table, key);

/** The regions a zone's data may ever reach (lower-case codes); empty for an unknown zone. */
export function zoneRegions(zone: string): readonly string[] {
    const key = zone.trim().toLowerCase();
    if (own(RESIDENCY_ZONE_REGIONS, key)) return RESIDENCY_ZONE_REGIONS[key];
    return own(COUNTRY_ZONE_REGIONS, key) ? COUNTRY_ZONE_REGIONS[key] : [];
}

/** Whether `region` (any case) lies in `zone`. */
export function zoneAllowsRegion(zone: string, region: string): boolean {
    return zoneRegions(zone).includes(region.trim().toLowerCase());
}
