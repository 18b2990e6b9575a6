/**
 * Per-region health as CloudWatch metrics, for the SNS alarms and the dashboard. Routing itself
 * follows Route 53's and Global Accelerator's own health checks of each region's ingress, so no
 * Lambda sits in the data-plane failover path.
 *
 * Metrics are standard resolution (60 s storage): Route 53 CLOUDWATCH_METRIC health checks read
 * alarms over standard-resolution metrics only ("High-resolution metrics aren't supported",
 * Route 53 API reference, AlarmIdentifier), and every alarm over them uses periods of whole
 * minutes. Several probes a minute still land in each minute's Minimum / Maximum. Regions whose status is still "unknown" (cold start) are not published at all, so a fresh
 * container never reports a region up or down before its probes have settled it.
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { HealthTarget } from "../contract";
import type { RegionHealth } from "./hysteresis";
import type { WeightDecision } from "./weights";

/** Metric names in the settings' namespace, each with the single dimension `Region`. */
export const HEALTH_METRICS = {
    /** 1 while the region is up or degraded, 0 when down. Route 53 / alarms watch this one. */
    healthy: "RegionHealthy",
    /** 1 while probe latency is over 150% of baseline (hysteresis applied), else 0. */
    degraded: "RegionDegraded",
    /** Latency of this round's probe, ms (absent when it failed). */
    probeLatency: "ProbeLatency",
    /** The weight the health decision gives the region (configured weights when failing open). */
    routingWeight: "RoutingWeight",
} as const;

export const REGION_DIMENSION = "Region";

/**
 * CloudWatch storage resolution of every health metric, seconds: 60 is standard resolution, the
 * only kind Route 53 health checks read (alarms over it need periods that are multiples of 60).
 */
export const HEALTH_METRIC_STORAGE_RESOLUTION = 60;

export type MetricPublisher = (data: readonly MetricDatum[]) => Promise<void>;

export function healthMetricData(targets: readonly HealthTarget[], states: Readonly<Record<string, RegionHealth>>, decision: WeightDecision, at: Date): MetricDatum[] {
    const data: MetricDatum[] = [];
    for (const { region } of targets) {
        const health = states[region];
        if (!health || health.status === "unknown") continue;
        const datum = (name: string, value: number, unit: MetricDatum["Unit"]): MetricDatum => ({
            MetricName: name,
            Dimensions: [{ Name: REGION_DIMENSION, Value: region }],
            Timestamp: at,
            Value: value,
            Unit: unit,
            StorageResolution: HEALTH_METRIC_STORAGE_RESOLUTION,
        });
        data.push(datum(HEALTH_METRICS.healthy, health.status === "down" ? 0 : 1, "None"));
        data.push(datum(HEALTH_METRICS.degraded, health.status === "degraded" ? 1 : 0, "None"));
        if (health.lastLatencyMs !== undefined) data.push(datum(HEALTH_METRICS.probeLatency, health.lastLatencyMs, "Milliseconds"));
        data.push(datum(HEALTH_METRICS.routingWeight, decision.weights[region] ?? 0, "None"));
    }
    return data;
}

/** PutMetricData into the namespace; one call per round (well under the 1,000-datum limit). */
export function cloudWatchPublisher(client: CloudWatchClient, namespace: string): MetricPublisher {
    return async (data) => {
        if (data.length === 0) return;
        await client.send(new PutMetricDataCommand({ Namespace: namespace, MetricData: [...data] }));
    };
}
