/**
 * The AWS commercial regions this product may name, with the jurisdiction whose law governs data
 * stored there. Residency rules compare zones to jurisdictions, so London (uk) and Zurich (ch)
 * are deliberately not "eu": GDPR residency for EU personal data means EU member states only.
 */

import { RESIDENCY_ZONE_REGIONS } from "../functions/residencyZones";

export type Jurisdiction =
    | "eu" | "uk" | "ch" | "us" | "ca" | "mx" | "sa" | "apac" | "me" | "il" | "af";

export interface AwsRegionInfo {
    readonly code: string;
    readonly location: string;
    readonly jurisdiction: Jurisdiction;
    /** ISO 3166-1 alpha-2 country the region is in: the unit of law a residency zone may not cross (except the EU). */
    readonly country: string;
    /** Continent, for the multi-continent check and the diagram. */
    readonly continent: "europe" | "north-america" | "south-america" | "asia-pacific" | "middle-east" | "africa";
}

const regions: readonly AwsRegionInfo[] = [
    { code: "us-east-1", location: "N. Virginia", jurisdiction: "us", country: "US", continent: "north-america" },
    { code: "us-east-2", location: "Ohio", jurisdiction: "us", country: "US", continent: "north-america" },
    { code: "us-west-1", location: "N. California", jurisdiction: "us", country: "US", continent: "north-america" },
    { code: "us-west-2", location: "Oregon", jurisdiction: "us", country: "US", continent: "north-america" },
    { code: "ca-central-1", location: "Canada (Central)", jurisdiction: "ca", country: "CA", continent: "north-america" },
    { code: "ca-west-1", location: "Calgary", jurisdiction: "ca", country: "CA", continent: "north-america" },
    { code: "mx-central-1", location: "Mexico (Central)", jurisdiction: "mx", country: "MX", continent: "north-america" },
    { code: "sa-east-1", location: "São Paulo", jurisdiction: "sa", country: "BR", continent: "south-america" },
    { code: "eu-central-1", location: "Frankfurt", jurisdiction: "eu", country: "DE", continent: "europe" },
    { code: "eu-west-1", location: "Ireland", jurisdiction: "eu", country: "IE", continent: "europe" },
    { code: "eu-west-3", location: "Paris", jurisdiction: "eu", country: "FR", continent: "europe" },
    { code: "eu-south-1", location: "Milan", jurisdiction: "eu", country: "IT", continent: "europe" },
    { code: "eu-south-2", location: "Spain", jurisdiction: "eu", country: "ES", continent: "europe" },
    { code: "eu-north-1", location: "Stockholm", jurisdiction: "eu", country: "SE", continent: "europe" },
    { code: "eu-west-2", location: "London", jurisdiction: "uk", country: "GB", continent: "europe" },
    { code: "eu-central-2", location: "Zurich", jurisdiction: "ch", country: "CH", continent: "europe" },
    { code: "ap-east-1", location: "Hong Kong", jurisdiction: "apac", country: "HK", continent: "asia-pacific" },
    { code: "ap-east-2", location: "Taipei", jurisdiction: "apac", country: "TW", continent: "asia-pacific" },
    { code: "ap-south-1", location: "Mumbai", jurisdiction: "apac", country: "IN", continent: "asia-pacific" },
    { code: "ap-south-2", location: "Hyderabad", jurisdiction: "apac", country: "IN", continent: "asia-pacific" },
    { code: "ap-northeast-1", location: "Tokyo", jurisdiction: "apac", country: "JP", continent: "asia-pacific" },
    { code: "ap-northeast-2", location: "Seoul", jurisdiction: "apac", country: "KR", continent: "asia-pacific" },
    { code: "ap-northeast-3", location: "Osaka", jurisdiction: "apac", country: "JP", continent: "asia-pacific" },
    { code: "ap-southeast-1", location: "Singapore", jurisdiction: "apac", country: "SG", continent: "asia-pacific" },
    { code: "ap-southeast-2", location: "Sydney", jurisdiction: "apac", country: "AU", continent: "asia-pacific" },
    { code: "ap-southeast-3", location: "Jakarta", jurisdiction: "apac", country: "ID", continent: "asia-pacific" },
    { code: "ap-southeast-4", location: "Melbourne", jurisdiction: "apac", country: "AU", continent: "asia-pacific" },
    { code: "ap-southeast-5", location: "Malaysia", jurisdiction: "apac", country: "MY", continent: "asia-pacific" },
    { code: "ap-southeast-7", location: "Thailand", jurisdiction: "apac", country: "TH", continent: "asia-pacific" },
    { code: "me-south-1", location: "Bahrain", jurisdiction: "me", country: "BH", continent: "middle-east" },
    { code: "me-central-1", location: "UAE", jurisdiction: "me", country: "AE", continent: "middle-east" },
    { code: "il-central-1", location: "Tel Aviv", jurisdiction: "il", country: "IL", continent: "middle-east" },
    { code: "af-south-1", location: "Cape Town", jurisdiction: "af", country: "ZA", continent: "africa" },
];

const byCode = new Map(regions.map((r) => [r.code, r]));

export const AWS_REGION_CODES: readonly string[] = regions.map((r) => r.code);

/** Residency zones by jurisdiction (the table above). */
export const RESIDENCY_ZONES: readonly Jurisdiction[] = [...new Set(regions.map((r) => r.jurisdiction))];

/** Residency zones by country: the lowercase ISO code of each country with a region (`jp`, `sg`, `de`). */
export const COUNTRY_ZONES: readonly string[] = [...new Set(regions.map((r) => r.country.toLowerCase()))];

/** Every zone name a config may use: a jurisdiction or a country. */
export const ZONE_NAMES: readonly string[] = [...new Set([...RESIDENCY_ZONES, ...COUNTRY_ZONES])];

/**
 * Zones that span several countries yet are one legal regime for personal data: the EU (GDPR
 * applies alike in every member state). Any other multi-country zone (`apac`: 10 countries,
 * `me`: 2) may not hold regions of more than one country in a stack.
 */
export const MULTI_COUNTRY_REGIMES: readonly string[] = ["eu"];

export function awsRegion(code: string): AwsRegionInfo | undefined {
    return byCode.get(code);
}

/**
 * EU member-state regions: the only lawful home for EU personal data. From the residency table
 * the failover guard reads (tests/config keep each region's jurisdiction above equal to it).
 */
export const EU_MEMBER_STATE_REGIONS: readonly string[] = RESIDENCY_ZONE_REGIONS.eu;

/** Region AWS pins global services to (CloudFront certificates, CLOUDFRONT-scope WAF, Route 53 control plane). */
export const GLOBAL_SERVICES_REGION = "us-east-1";
