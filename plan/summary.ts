import type { PlatformConfig } from "../config";
import { failoverPath } from "../config/regions";
import type { PlannedResource } from "./model";

/**
 * What the plan tells a reader, derived from the recorded resources (what would reach AWS) and,
 * when the program is this product's, from the validated config (roles, weights, chains).
 */

export interface RegionSummary {
    readonly region: string;
    readonly role?: string;
    readonly weight?: number;
    readonly residency?: string;
    readonly failoverTarget?: string;
    /** Regions a request visits when this one and each next target fail. */
    readonly failoverPath?: readonly string[];
    readonly resourceCounts: Readonly<Record<string, number>>;
    readonly resourceTotal: number;
}

export interface TrafficShare {
    readonly region: string;
    readonly configWeight?: number;
    /** Global Accelerator endpoint-group traffic dial (percent), if an endpoint group targets the region. */
    readonly acceleratorDial?: number;
    /** Route 53 weighted-record weight, if a weighted record targets the region. */
    readonly route53Weight?: number;
}

export interface TableReplicas {
    readonly table: string;
    readonly homeRegion: string;
    readonly replicaRegions: readonly string[];
    readonly residency?: string;
}

export interface PlanSummary {
    readonly stack: string;
    readonly regions: readonly RegionSummary[];
    /** Resources outside any configured region: global services, providers, the stack itself. */
    readonly global: { readonly resourceCounts: Readonly<Record<string, number>>; readonly resourceTotal: number };
    readonly traffic: readonly TrafficShare[];
    readonly tables: readonly TableReplicas[];
    readonly totals: { readonly resources: number; readonly customResources: number; readonly components: number };
}

/** Resource kinds that are bookkeeping, not infrastructure; counted in totals, not per region. */
const BOOKKEEPING = (r: PlannedResource) => r.type === "pulumi:pulumi:Stack" || r.type.startsWith("pulumi:providers:");

/** The provider name the global-services provider is created with (see components/providers.ts). */
export const GLOBAL_SERVICES_PROVIDER = "aws-global";

/** Which summary group a resource belongs to: a configured region, or "global". */
export function summaryGroup(r: PlannedResource, regionCodes: ReadonlySet<string>): string {
    if (r.provider?.name === GLOBAL_SERVICES_PROVIDER) return "global";
    return regionCodes.has(r.region) ? r.region : "global";
}

export function summarize(stack: string, resources: readonly PlannedResource[], config?: PlatformConfig): PlanSummary {
    const configured = config?.regions.map((r) => r.code) ?? [];
    const seenRegions = [...new Set(resources.filter((r) => !BOOKKEEPING(r) && r.region !== "global").map((r) => r.region))];
    const regionCodes = new Set(config ? configured : seenRegions);
    const counts = new Map<string, Record<string, number>>();
    for (const r of resources) {
        if (BOOKKEEPING(r)) continue;
        const group = summaryGroup(r, regionCodes);
        const byType = counts.get(group) ?? {};
        byType[r.type] = (byType[r.type] ?? 0) + 1;
        counts.set(group, byType);
    }
    const total = (c: Record<string, number> | undefined) => Object.values(c ?? {}).reduce((a, b) => a + b, 0);
    const regionMap = config ? Object.fromEntries(config.regions.map((r) => [r.code, r])) : {};
    const regions: RegionSummary[] = [...regionCodes].map((code) => {
        const rc = config?.regions.find((r) => r.code === code);
        return {
            region: code,
            role: rc?.role,
            weight: rc?.weight,
            residency: rc?.residency,
            failoverTarget: rc?.failoverTarget,
            failoverPath: rc ? failoverPath(regionMap, code) : undefined,
            resourceCounts: sortKeys(counts.get(code) ?? {}),
            resourceTotal: total(counts.get(code)),
        };
    });
    return {
        stack,
        regions,
        global: { resourceCounts: sortKeys(counts.get("global") ?? {}), resourceTotal: total(counts.get("global")) },
        traffic: trafficShares(resources, config),
        tables: tableReplicas(resources),
        totals: {
            resources: resources.length,
            customResources: resources.filter((r) => r.custom).length,
            components: resources.filter((r) => !r.custom).length,
        },
    };
}

export function trafficShares(resources: readonly PlannedResource[], config?: PlatformConfig): TrafficShare[] {
    const dials = new Map<string, number>();
    for (const r of resources.filter((x) => x.type === "aws:globalaccelerator/endpointGroup:EndpointGroup")) {
        const region = r.inputs.endpointGroupRegion;
        if (typeof region === "string") dials.set(region, numberOr(r.inputs.trafficDialPercentage, 100));
    }
    const weights = new Map<string, number>();
    for (const r of resources.filter((x) => x.type === "aws:route53/record:Record")) {
        const policies = r.inputs.weightedRoutingPolicies;
        const id = r.inputs.setIdentifier;
        if (typeof id === "string" && Array.isArray(policies) && policies.length > 0) {
            weights.set(id, numberOr((policies[0] as { weight?: unknown }).weight, 0));
        }
    }
    const codes = config ? config.regions.map((r) => r.code) : [...new Set([...dials.keys(), ...weights.keys()])];
    if (dials.size === 0 && weights.size === 0 && !config) return [];
    return codes.map((code) => ({
        region: code,
        configWeight: config?.regions.find((r) => r.code === code)?.weight,
        acceleratorDial: dials.get(code),
        route53Weight: weights.get(code),
    }));
}

export function tableReplicas(resources: readonly PlannedResource[]): TableReplicas[] {
    return resources
        .filter((r) => r.type === "aws:dynamodb/table:Table")
        .map((r) => {
            const replicas = Array.isArray(r.inputs.replicas) ? (r.inputs.replicas as Array<{ regionName?: unknown }>) : [];
            const tags = (r.inputs.tags ?? {}) as Record<string, unknown>;
            return {
                table: typeof r.inputs.name === "string" ? r.inputs.name : r.name,
                homeRegion: r.region,
                replicaRegions: replicas.map((x) => String(x.regionName)),
                residency: typeof tags.DataResidency === "string" ? tags.DataResidency : undefined,
            };
        });
}

function numberOr(v: unknown, fallback: number): number {
    return typeof v === "number" && Number.isFinite(v) ? v : fallback;
}

function sortKeys(o: Record<string, number>): Record<string, number> {
    return Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));
}
