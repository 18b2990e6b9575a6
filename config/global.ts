import { z } from "zod";
import { awsRegion, COUNTRY_ZONES, RESIDENCY_ZONES, ZONE_NAMES } from "./awsRegions";
import type { ConfigIssue } from "./errors";
import { nonEmptyString, positiveInt } from "./primitives";
import type { RegionMapInput } from "./regions";

/**
 * Settings of the global layer (Global Accelerator, CloudFront, WAF, DynamoDB Global Tables,
 * Route 53). Owned by the GlobalLayer; every field has a safe default so a stack can omit the
 * whole section (then: no domain, no tables, seed WAF limits, access logs on).
 */

/** One DNS label, lowercase (Route 53 stores names lowercase anyway). "@" means the zone apex. */
const recordLabel = z.string().regex(/^(@|[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)$/, {
    error: `expected one lowercase DNS label like "app", or "@" for the zone apex`,
});

const dnsZoneName = z.string().regex(/^([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/, {
    error: "expected a lowercase DNS zone name without a trailing dot, like ai-platform.example.com",
});

const countryCode = z.string().regex(/^[A-Z]{2}$/, { error: "expected an ISO 3166-1 alpha-2 country code like DE" });

const domainSchema = z.strictObject({
    /** Public hosted zone the records go into, e.g. ai-platform.example.com. */
    zoneName: dnsZoneName,
    /** Use this existing hosted zone. Absent: look the zone up by name (or create it, below). */
    hostedZoneId: z.string().regex(/^Z[0-9A-Z]{1,32}$/, { error: "expected a Route 53 hosted zone ID like Z0123456789ABCDEFGHIJ" }).optional(),
    /**
     * Create the public hosted zone in this stack instead of looking it up. The registrar's NS
     * delegation is then a manual step, and the zone is protected in production.
     */
    createHostedZone: z.boolean({ error: "expected true or false" }).default(false),
    /** Where users enter: alias to CloudFront. "@" = the zone apex. */
    recordName: recordLabel.default("@"),
    /** Weighted, health-checked records straight to each region's ingress (one per region). */
    regionalRecordName: recordLabel.default("regional"),
    /** Name CloudFront uses to reach the accelerator, so the origin's TLS certificate can match it. */
    originRecordName: recordLabel.default("origin"),
});

const keyAttributeSchema = z.strictObject({
    name: nonEmptyString("an attribute name").max(255, { error: "expected at most 255 characters" }),
    /** DynamoDB scalar type: S (string), N (number), B (binary). */
    type: z.enum(["S", "N", "B"], { error: "expected S, N or B" }).default("S"),
});

const tableSchema = z.strictObject({
    /** Data set name; the table is named `<environment>-<name>` in every replica region. */
    name: z.string().regex(/^[a-zA-Z0-9_.-]{3,200}$/, { error: "expected 3-200 letters, digits, '_', '-' or '.'" }),
    /** Residency zone of the data: the table and all its replicas stay in this zone's regions. */
    residency: z.enum(ZONE_NAMES as [string, ...string[]], { error: `expected a residency zone: a jurisdiction (${RESIDENCY_ZONES.join(", ")}) or a country code with a region (${COUNTRY_ZONES.join(", ")})` }),
    /** Whether items are personal data: then only regions marked `personalData: true` hold replicas. */
    personalData: z.boolean({ error: "expected true or false" }).default(true),
    hashKey: keyAttributeSchema,
    rangeKey: keyAttributeSchema.optional(),
    /** Attribute holding an epoch-seconds expiry; absent: items never expire. */
    ttlAttribute: nonEmptyString("an attribute name").optional(),
});

export const CLOUDFRONT_PRICE_CLASSES = ["PriceClass_100", "PriceClass_200", "PriceClass_All"] as const;

export const globalSchema = z
    .strictObject({
        /** Absent: no Route 53 records, no ACM certificate; CloudFront serves on its *.cloudfront.net name. */
        domain: domainSchema.optional(),
        accelerator: z
            .strictObject({
                /** SOURCE_IP keeps a client on one region's endpoint (sticky sessions); NONE spreads per flow. */
                clientAffinity: z.enum(["NONE", "SOURCE_IP"], { error: "expected NONE or SOURCE_IP" }).default("NONE"),
                /** Flow logs go to the edge log bucket (see cloudfront.logging) under `global-accelerator/`. */
                flowLogs: z.boolean({ error: "expected true or false" }).default(false),
            })
            .prefault({}),
        cloudfront: z
            .strictObject({
                /** PriceClass_100 = North America and Europe edges, which is where this product's zones are. */
                priceClass: z.enum(CLOUDFRONT_PRICE_CLASSES, { error: `expected one of ${CLOUDFRONT_PRICE_CLASSES.join(", ")}` }).default("PriceClass_100"),
                geoRestriction: z
                    .strictObject({
                        type: z.enum(["none", "whitelist", "blacklist"], { error: "expected none, whitelist or blacklist" }).default("none"),
                        locations: z.array(countryCode).default([]),
                    })
                    .prefault({}),
                /**
                 * Seconds CloudFront waits for the first byte from the origin. Model calls are slow; AWS
                 * allows 1-60, and up to 180 after a quota increase.
                 */
                originReadTimeoutSeconds: positiveInt().max(180, { error: "expected at most 180 seconds (CloudFront's limit)" }).default(60),
                logging: z
                    .strictObject({
                        enabled: z.boolean({ error: "expected true or false" }).default(true),
                        includeCookies: z.boolean({ error: "expected true or false" }).default(false),
                        /** Days the edge logs are kept; absent: environment.logRetentionDays. */
                        retentionDays: positiveInt("a positive integer (days)").optional(),
                        /**
                         * Stack region holding the edge log bucket; absent: the primary region. The logs
                         * carry viewer IP addresses (personal data), so they do not go to us-east-1 by default.
                         */
                        bucketRegion: z.string().optional(),
                    })
                    .prefault({}),
            })
            .prefault({}),
        waf: z
            .strictObject({
                /** Requests one client IP may send in any 5-minute window before it is blocked (seed: 2000). */
                rateLimitPer5Minutes: z
                    .number({ error: "expected an integer from 10 to 2000000000" })
                    .int({ error: "expected an integer from 10 to 2000000000" })
                    .min(10, { error: "expected at least 10 (AWS WAF's minimum rate limit)" })
                    .max(2_000_000_000, { error: "expected at most 2000000000 (AWS WAF's maximum rate limit)" })
                    .default(2000),
                /** Countries whose requests the WAF blocks outright (ISO codes); empty: no geo rule. */
                blockedCountries: z.array(countryCode).default([]),
                /**
                 * Log the requests the WAF blocked (credentials redacted) to a log group in us-east-1,
                 * where AWS requires it for CloudFront. They carry the blocked clients' IP addresses.
                 */
                logging: z.boolean({ error: "expected true or false" }).default(true),
            })
            .prefault({}),
        /** Data sets kept in DynamoDB Global Tables, each replicated only inside its residency zone. */
        tables: z.array(tableSchema).default([]),
    })
    // prefault: an omitted section is parsed as {}, so every default above applies in one place.
    .prefault({});

export type GlobalConfig = z.infer<typeof globalSchema>;
export type GlobalTableConfig = z.infer<typeof tableSchema>;
export type GlobalDomainConfig = z.infer<typeof domainSchema>;

/**
 * Regions CloudFront standard logging (legacy) cannot deliver to: the opt-in regions. A log
 * bucket there would silently receive nothing.
 */
export const CLOUDFRONT_LEGACY_LOG_UNSUPPORTED_REGIONS: readonly string[] = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
    "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1", "me-central-1",
    "me-south-1", "mx-central-1",
];

/** The stack region that holds the edge (CloudFront, Global Accelerator) logs. */
export function edgeLogRegion(global: GlobalConfig, regions: RegionMapInput): string | undefined {
    return global.cloudfront.logging.bucketRegion ?? Object.entries(regions).find(([, r]) => r.role === "primary")?.[0];
}

export function globalIssues(global: GlobalConfig, regions: RegionMapInput): ConfigIssue[] {
    return [
        ...tableIssues(global, regions),
        ...domainIssues(global),
        ...geoRestrictionIssues(global),
        ...edgeLogIssues(global, regions),
        ...zoneDrainIssues(regions),
    ];
}

export function tableIssues(global: GlobalConfig, regions: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const seen = new Map<string, number>();
    global.tables.forEach((table, i) => {
        const k = (field: string) => `global.tables[${i}].${field}`;
        const earlier = seen.get(table.name.toLowerCase());
        if (earlier !== undefined) issues.push({ key: k("name"), message: `duplicate of global.tables[${earlier}].name "${table.name}"` });
        else seen.set(table.name.toLowerCase(), i);

        const inZone = Object.entries(regions).filter(([, r]) => r.residency === table.residency);
        if (inZone.length === 0) {
            const zones = [...new Set(Object.values(regions).map((r) => r.residency))];
            issues.push({ key: k("residency"), message: `no region in this stack has residency "${table.residency}" (zones: ${zones.join(", ")}); the table would have nowhere to live` });
        } else if (table.personalData && !inZone.some(([, r]) => r.personalData)) {
            issues.push({
                key: k("personalData"),
                message: `the table holds personal data but every region of zone "${table.residency}" (${inZone.map(([c]) => c).join(", ")}) has personalData: false; mark the table personalData: false or allow a region`,
            });
        }
        if (table.rangeKey && table.rangeKey.name === table.hashKey.name) {
            issues.push({ key: k("rangeKey.name"), message: `expected a different attribute from hashKey.name ("${table.hashKey.name}")` });
        }
    });
    return issues;
}

export function domainIssues(global: GlobalConfig): ConfigIssue[] {
    const domain = global.domain;
    if (!domain) return [];
    const issues: ConfigIssue[] = [];
    if (domain.hostedZoneId !== undefined && domain.createHostedZone) {
        issues.push({ key: "global.domain.createHostedZone", message: "expected false when hostedZoneId is set (use the existing zone, or create one, not both)" });
    }
    const names: Array<[string, string]> = [
        ["recordName", domain.recordName],
        ["regionalRecordName", domain.regionalRecordName],
        ["originRecordName", domain.originRecordName],
    ];
    names.forEach(([field, value], i) => {
        const clash = names.slice(0, i).find(([, other]) => other === value);
        if (clash) issues.push({ key: `global.domain.${field}`, message: `"${value}" is already used by global.domain.${clash[0]}; each entry needs its own name` });
    });
    return issues;
}

export function geoRestrictionIssues(global: GlobalConfig): ConfigIssue[] {
    const geo = global.cloudfront.geoRestriction;
    const key = "global.cloudfront.geoRestriction.locations";
    if (geo.type === "none" && geo.locations.length > 0) {
        return [{ key, message: `expected no locations when type is none (got ${geo.locations.join(", ")}); set type to whitelist or blacklist` }];
    }
    if (geo.type !== "none" && geo.locations.length === 0) {
        return [{ key, message: `expected at least one country code for a ${geo.type}` }];
    }
    const dupes = geo.locations.filter((c, i) => geo.locations.indexOf(c) !== i);
    return dupes.length > 0 ? [{ key, message: `duplicate country codes: ${[...new Set(dupes)].join(", ")}` }] : [];
}

export function edgeLogIssues(global: GlobalConfig, regions: RegionMapInput): ConfigIssue[] {
    const needsBucket = global.cloudfront.logging.enabled || global.accelerator.flowLogs;
    const region = edgeLogRegion(global, regions);
    if (!needsBucket || region === undefined) return [];
    const explicit = global.cloudfront.logging.bucketRegion !== undefined;
    const key = "global.cloudfront.logging.bucketRegion";
    const origin = explicit ? "" : ` (the primary region; set ${key} to another stack region)`;
    if (!(region in regions)) {
        return [{ key, message: `"${region}" is not a region in this stack (expected one of ${Object.keys(regions).join(", ")})` }];
    }
    if (CLOUDFRONT_LEGACY_LOG_UNSUPPORTED_REGIONS.includes(region)) {
        return [{ key, message: `CloudFront cannot deliver access logs to a bucket in opt-in region ${region}${origin}` }];
    }
    const euPersonal = Object.values(regions).some((r) => r.residency === "eu" && r.personalData);
    if (euPersonal && awsRegion(region)?.jurisdiction !== "eu") {
        return [{
            key,
            message: `edge logs hold the IP addresses of EU users, and this stack holds EU personal data; expected an EU region for the log bucket, got ${region}${origin}`,
        }];
    }
    return [];
}

/**
 * A zone holding personal data must keep one region that takes traffic: with every region of
 * the zone at weight 0, the accelerator and DNS would send that zone's users to another zone.
 */
export function zoneDrainIssues(regions: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const zones = [...new Set(Object.values(regions).filter((r) => r.personalData).map((r) => r.residency))];
    for (const zone of zones) {
        const members = Object.entries(regions).filter(([, r]) => r.residency === zone);
        if (members.every(([, r]) => r.weight === 0)) {
            issues.push({
                key: "regions.*.weight",
                message: `every region of zone "${zone}" (${members.map(([c]) => c).join(", ")}) has weight 0; keep at least one above 0, or its users' traffic leaves the zone at the accelerator and in DNS`,
            });
        }
    }
    return issues;
}
