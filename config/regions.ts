import { z } from "zod";
import { awsRegion, EU_MEMBER_STATE_REGIONS, COUNTRY_ZONES, RESIDENCY_ZONES, ZONE_NAMES } from "./awsRegions";
import { zoneAllowsRegion, zoneRegions } from "../functions/residencyZones";
import { cidrsOverlap, isCidr, parseCidr, type Ipv4Cidr } from "./cidr";
import type { ConfigIssue } from "./errors";
import { zoneCountryIssues } from "./residency";
import { DEFAULT_POSTGRES_VERSION, postgresVersionProblem } from "./postgres";
import { nonEmptyString, nonNegativeInt, positiveInt } from "./primitives";

export const REGION_ROLES = ["primary", "secondary", "tertiary", "standby"] as const;
export type RegionRole = (typeof REGION_ROLES)[number];

/** VPCs narrower than /20 cannot hold three tiers of subnets in three AZs with room for EKS pods. */
export const VPC_PREFIX_RANGE = { min: 16, max: 20 } as const;

const nodeGroupSchema = z
    .strictObject({
        instanceTypes: z.array(nonEmptyString("an EC2 instance type")).min(1, { error: "expected at least one instance type" }),
        minSize: nonNegativeInt(),
        desiredSize: nonNegativeInt(),
        maxSize: positiveInt(),
        diskSizeGb: positiveInt().default(100),
    })
    .superRefine((g, ctx) => {
        if (!(g.minSize <= g.desiredSize && g.desiredSize <= g.maxSize)) {
            ctx.addIssue({ code: "custom", path: ["desiredSize"], message: `expected minSize <= desiredSize <= maxSize, got ${g.minSize} <= ${g.desiredSize} <= ${g.maxSize}` });
        }
    });

export type NodeGroupSizing = z.infer<typeof nodeGroupSchema>;

const regionSchema = z.strictObject({
    role: z.enum(REGION_ROLES, { error: `expected one of ${REGION_ROLES.join(", ")}` }),
    /** Share of global traffic (percent) at the global entry points. */
    weight: z.number({ error: "expected an integer from 0 to 100" }).int({ error: "expected an integer from 0 to 100" }).min(0, { error: "expected an integer from 0 to 100" }).max(100, { error: "expected an integer from 0 to 100" }),
    residency: z.enum(ZONE_NAMES as [string, ...string[]], { error: `expected a residency zone: a jurisdiction (${RESIDENCY_ZONES.join(", ")}) or a country code with a region (${COUNTRY_ZONES.join(", ")})` }),
    /** Whether this region stores or processes personal data (then failover must stay in the zone). */
    personalData: z.boolean({ error: "expected true or false" }).default(true),
    vpcCidr: z.string({ error: "expected an IPv4 CIDR like 10.0.0.0/16" }),
    failoverTarget: z.string({ error: "expected the region code this region fails over to" }),
    timeouts: z.strictObject({
        /** Per-attempt deadline for emergency (interactive) calls. */
        emergencyMs: positiveInt("a positive integer (milliseconds)"),
        /** Per-attempt deadline for critical (batch, long-form) calls. */
        criticalMs: positiveInt("a positive integer (milliseconds)"),
    }),
    circuitBreaker: z.strictObject({
        threshold: positiveInt("a positive integer (consecutive failures)"),
        cooldownMs: positiveInt("a positive integer (milliseconds)").default(30000),
    }),
    healthCheck: z.strictObject({
        /** Route 53 supports 10 (fast) or 30 second checks. */
        intervalSeconds: z.union([z.literal(10), z.literal(30)], { error: "expected 10 or 30 (the intervals Route 53 health checks support)" }),
        /** Consecutive failures to mark the region down (Route 53 allows 1..10). */
        failureThreshold: positiveInt().max(10, { error: "expected at most 10 (Route 53's limit)" }),
        /** Consecutive successes to mark it up again. */
        recoveryThreshold: positiveInt(),
        path: z.string().regex(/^\/[\x21-\x7e]*$/, { error: "expected an absolute URL path like /healthz" }),
        /** Normal probe latency; 150% of it counts as degraded. */
        latencyBaselineMs: positiveInt("a positive integer (milliseconds)"),
    }),
    sizing: z.strictObject({
        nodeGroups: z.strictObject({
            general: nodeGroupSchema,
            gpu: nodeGroupSchema,
            memory: nodeGroupSchema,
        }),
        database: z.strictObject({
            instanceClass: z.string().regex(/^db\.[a-z0-9]+\.[a-z0-9]+$/, { error: "expected an RDS instance class like db.r6g.large" }),
            allocatedStorageGb: positiveInt().min(20, { error: "expected at least 20 GiB (gp3 minimum)" }),
            maxAllocatedStorageGb: positiveInt().optional(),
            /** A major ("17", automatic minor upgrades) or a creatable pinned minor (config/postgres.ts). */
            engineVersion: z
                .string()
                .regex(/^\d+(\.\d+)?$/, { error: "expected a PostgreSQL version like 17 or 17.7" })
                .superRefine((v, ctx) => {
                    const problem = postgresVersionProblem(v);
                    if (problem) ctx.addIssue({ code: "custom", message: problem });
                })
                .default(DEFAULT_POSTGRES_VERSION),
        }),
        cache: z.strictObject({
            nodeType: z.string().regex(/^cache\.[a-z0-9]+\.[a-z0-9]+$/, { error: "expected an ElastiCache node type like cache.r6g.large" }),
            /** Nodes in the replication group (primary + replicas); automatic failover needs 2 or more. */
            nodes: positiveInt().min(2, { error: "expected at least 2 nodes (automatic failover needs a replica)" }),
        }),
    }),
});

export const regionsSchema = z.record(z.string(), regionSchema);

export type RegionConfig = z.infer<typeof regionSchema> & { readonly code: string };
export type RegionMapInput = z.infer<typeof regionsSchema>;

/**
 * The rules that look across fields and regions. Each returns the issues it finds; none throws.
 * They run only on a region map that already has the right shape.
 */
export function regionMapIssues(map: RegionMapInput): ConfigIssue[] {
    return [
        ...regionCodeIssues(map),
        ...weightIssues(map),
        ...roleIssues(map),
        ...residencyIssues(map),
        ...zoneCountryIssues(map),
        ...failoverIssues(map),
        ...timeoutIssues(map),
        ...cidrIssues(map),
    ];
}

const key = (region: string, field: string) => `regions.${region}.${field}`;

export function regionCodeIssues(map: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const codes = Object.keys(map);
    if (codes.length === 0) issues.push({ key: "regions", message: "expected at least one region" });
    const seen = new Map<string, string>();
    for (const code of codes) {
        if (!awsRegion(code)) {
            issues.push({ key: `regions.${code}`, message: `"${code}" is not an AWS region code (expected e.g. eu-central-1, us-east-1)` });
        }
        const normal = code.trim().toLowerCase();
        const earlier = seen.get(normal);
        if (earlier !== undefined) issues.push({ key: `regions.${code}`, message: `duplicate of region "${earlier}"` });
        else seen.set(normal, code);
    }
    return issues;
}

export function weightIssues(map: RegionMapInput): ConfigIssue[] {
    const total = Object.values(map).reduce((sum, r) => sum + r.weight, 0);
    if (Object.keys(map).length > 0 && total !== 100) {
        const parts = Object.entries(map).map(([code, r]) => `${code}=${r.weight}`).join(", ");
        return [{ key: "regions.*.weight", message: `weights must sum to 100, got ${total} (${parts})` }];
    }
    return [];
}

export function roleIssues(map: RegionMapInput): ConfigIssue[] {
    const primaries = Object.entries(map).filter(([, r]) => r.role === "primary").map(([code]) => code);
    if (primaries.length === 1) return [];
    return [{
        key: "regions.*.role",
        message: primaries.length === 0
            ? "expected exactly one region with role primary, found none"
            : `expected exactly one region with role primary, found ${primaries.length} (${primaries.join(", ")})`,
    }];
}

export function residencyIssues(map: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const [code, r] of Object.entries(map)) {
        const info = awsRegion(code);
        if (!info) continue; // reported by regionCodeIssues
        // The residency floor (functions/residencyZones.ts, the table the failover guard reads).
        if (zoneAllowsRegion(r.residency, code)) continue;
        if (r.residency === "eu") {
            issues.push({
                key: key(code, "residency"),
                message: `${code} (${info.location}) is not in an EU member state; EU residency allows only ${EU_MEMBER_STATE_REGIONS.join(", ")}`,
            });
        } else {
            issues.push({
                key: key(code, "residency"),
                message: `${code} (${info.location}) lies in the "${info.jurisdiction}" jurisdiction (country "${info.country.toLowerCase()}"), not "${r.residency}" (its regions: ${zoneRegions(r.residency).join(", ")})`,
            });
        }
    }
    return issues;
}

/** The regions a request visits when `start` fails and each target fails in turn, without repeats. */
export function failoverPath(map: RegionMapInput, start: string): string[] {
    const path = [start];
    let next = map[start]?.failoverTarget;
    while (next !== undefined && map[next] !== undefined && !path.includes(next)) {
        path.push(next);
        next = map[next].failoverTarget;
    }
    return path;
}

export function failoverIssues(map: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const [code, r] of Object.entries(map)) {
        const target = r.failoverTarget;
        if (target === code) {
            issues.push({ key: key(code, "failoverTarget"), message: "a region cannot fail over to itself" });
            continue;
        }
        const targetConfig = map[target];
        if (!targetConfig) {
            issues.push({ key: key(code, "failoverTarget"), message: `"${target}" is not a region in this stack (expected one of ${Object.keys(map).join(", ")})` });
            continue;
        }
        if (r.personalData && targetConfig.residency !== r.residency) {
            issues.push({
                key: key(code, "failoverTarget"),
                message: `${code} holds personal data in zone "${r.residency}" but fails over to ${target} in zone "${targetConfig.residency}"; expected a target in the same zone`,
            });
        }
    }
    // A chain may pass through regions without personal data; it must still not carry a
    // personal-data region's traffic out of its zone further down the line.
    for (const [code, r] of Object.entries(map)) {
        if (!r.personalData) continue;
        const path = failoverPath(map, code);
        const leaves = path.find((c) => map[c].residency !== r.residency);
        if (leaves && map[code].failoverTarget !== leaves) {
            issues.push({
                key: key(code, "failoverTarget"),
                message: `failover chain ${path.join(" -> ")} leaves zone "${r.residency}" at ${leaves}`,
            });
        }
    }
    return issues;
}

export function timeoutIssues(map: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const [code, r] of Object.entries(map)) {
        if (r.timeouts.emergencyMs > r.timeouts.criticalMs) {
            issues.push({
                key: key(code, "timeouts.emergencyMs"),
                message: `expected emergencyMs <= criticalMs, got ${r.timeouts.emergencyMs} > ${r.timeouts.criticalMs}`,
            });
        }
    }
    return issues;
}

export function cidrIssues(map: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const parsed: Array<[string, Ipv4Cidr]> = [];
    for (const [code, r] of Object.entries(map)) {
        const c = parseCidr(r.vpcCidr);
        if (!isCidr(c)) {
            issues.push({ key: key(code, "vpcCidr"), message: c.error });
            continue;
        }
        if (c.prefixLength < VPC_PREFIX_RANGE.min || c.prefixLength > VPC_PREFIX_RANGE.max) {
            issues.push({ key: key(code, "vpcCidr"), message: `expected a prefix length from /${VPC_PREFIX_RANGE.min} to /${VPC_PREFIX_RANGE.max}, got /${c.prefixLength}` });
            continue;
        }
        for (const [other, oc] of parsed) {
            if (cidrsOverlap(c, oc)) {
                issues.push({ key: key(code, "vpcCidr"), message: `${r.vpcCidr} overlaps ${other}'s ${oc.text}; VPCs must not overlap so regions can be peered` });
            }
        }
        parsed.push([code, c]);
    }
    return issues;
}
