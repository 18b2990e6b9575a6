import type { BedrockConfig, RegionConfig } from "../../config";

/**
 * The metrics operations watches. The platform's own ones are published by the health-check and
 * failover Lambdas (functions/health, components/bedrock), the rest by AWS. One place, so the
 * dashboard and the alarms cannot drift apart.
 */
export const METRICS = {
    health: {
        namespace: "AiPlatform/Health",
        dimension: "Region",
        /** 1 while the region is up or degraded, 0 when the health checks mark it down. */
        healthy: "RegionHealthy",
        /** 1 while probe latency is over 150% of the region's baseline. */
        degraded: "RegionDegraded",
        probeLatency: "ProbeLatency",
    },
    failover: {
        namespace: "AiPlatform/Failover",
        dimension: "Region",
        /** Requests served by another region than the one they arrived in. */
        failovers: "Failovers",
    },
    bedrock: {
        namespace: "AWS/Bedrock",
        dimension: "ModelId",
        latency: "InvocationLatency",
        serverErrors: "InvocationServerErrors",
        throttles: "InvocationThrottles",
    },
    dynamodb: {
        namespace: "AWS/DynamoDB",
        replicationLatency: "ReplicationLatency",
    },
} as const;

/** Model (or inference-profile) IDs a region's failover chain calls, best first. */
export function modelIdsFor(region: Pick<RegionConfig, "residency">, bedrock: BedrockConfig): string[] {
    return [...new Set(bedrock.models.map((m) => m.modelIds[region.residency]).filter((id): id is string => id !== undefined))];
}

/** A DynamoDB global table and the regions holding a replica of it (GlobalLayer's table plan). */
export interface ReplicatedTable<Name = string> {
    /** The data set's short name from config (plain text, used in alarm names), e.g. `conversations`. */
    readonly label: string;
    /** The table's physical name (a stack output at deploy time). */
    readonly name: Name;
    /** Home region first, then the replicas: every region where the table lives. */
    readonly regions: readonly string[];
}

/**
 * The regions `region` replicates a table's writes to. Global tables are multi-active, so each
 * replica region publishes ReplicationLatency towards every other, with the receiving region as
 * a dimension. Empty when the table does not live in `region`.
 */
export function replicationTargets(table: Pick<ReplicatedTable<unknown>, "regions">, region: string): string[] {
    return table.regions.includes(region) ? table.regions.filter((r) => r !== region) : [];
}
