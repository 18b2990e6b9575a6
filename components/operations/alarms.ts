import type * as pulumi from "@pulumi/pulumi";
import type { BedrockConfig, OperationsConfig, RegionConfig } from "../../config";
import { METRICS, modelIdsFor, replicationTargets, type ReplicatedTable } from "./metrics";

/**
 * The alarms of one region, as data: the seeds' alert escalation levels mapped to CloudWatch.
 *   critical (immediate):  primary region down, Bedrock emergency SLA breach, Bedrock 5xx,
 *                          replication failure;
 *   warning (15 minutes):  secondary region down or degraded, performance degradation
 *                          (> 150% of baseline), replication lag > 5 min, throttling;
 *   info (1 hour):         failovers happened (drill results, recoveries).
 * The level sets the evaluation window (1-minute periods for critical, 5-minute for warning,
 * an hour for info) and is part of the alarm name, the description and a tag, so a subscriber
 * can route or filter on it.
 */

export type Severity = "critical" | "warning" | "info";

interface SingleMetric {
    readonly namespace: string;
    readonly metricName: string;
    /** Values are plain strings except a global table's name, known only once it exists. */
    readonly dimensions: Readonly<Record<string, pulumi.Input<string>>>;
    readonly statistic?: "Minimum" | "Maximum" | "Average" | "Sum";
    readonly extendedStatistic?: string;
}

export interface MetricQuerySpec {
    readonly id: string;
    readonly expression?: string;
    readonly label?: string;
    readonly returnData?: boolean;
    readonly metric?: {
        readonly namespace: string;
        readonly metricName: string;
        readonly dimensions: Readonly<Record<string, string>>;
        readonly stat: string;
        readonly period: number;
    };
}

export interface AlarmSpec {
    /** Suffix of the alarm name, unique in the region, e.g. `region-down`. */
    readonly key: string;
    readonly severity: Severity;
    readonly description: string;
    /** Either one metric ... */
    readonly metric?: SingleMetric;
    /** ... or metric math over several (one query returns the data). */
    readonly queries?: readonly MetricQuerySpec[];
    readonly period: number;
    readonly evaluationPeriods: number;
    readonly threshold: number;
    readonly comparisonOperator: "GreaterThanThreshold" | "GreaterThanOrEqualToThreshold" | "LessThanThreshold";
    readonly treatMissingData: "breaching" | "notBreaching" | "missing";
    /** Send a notice when the alarm returns to OK (the seeds' "health recovery" info). */
    readonly notifyOnRecovery: boolean;
}

/** Evaluation windows per level: the seeds' "immediate", "15 minutes" and "1 hour". */
export const SEVERITY_WINDOWS: Readonly<Record<Severity, { readonly period: number; readonly evaluationPeriods: number }>> = {
    critical: { period: 60, evaluationPeriods: 3 },
    warning: { period: 300, evaluationPeriods: 3 },
    info: { period: 3600, evaluationPeriods: 1 },
};

export interface RegionAlarmInput {
    readonly region: RegionConfig;
    readonly regions: readonly RegionConfig[];
    readonly bedrock: BedrockConfig;
    readonly alerts: OperationsConfig["alerts"];
    /** DynamoDB global tables to watch for replication lag (GlobalLayer's); none: no replication alarms. */
    readonly replicatedTables?: readonly ReplicatedTable<pulumi.Input<string>>[];
}

export function regionAlarms(input: RegionAlarmInput): AlarmSpec[] {
    const { region, alerts } = input;
    const dim = { [METRICS.health.dimension]: region.code };
    const models = modelIdsFor(region, input.bedrock);
    const specs: AlarmSpec[] = [];
    const window = (severity: Severity) => SEVERITY_WINDOWS[severity];

    // Region health. The seeds page for the primary and warn for the others; three consecutive
    // failed minutes mirror "primary down after 3 consecutive failures". No data means the
    // health checker itself is gone, which is as bad as the region being down.
    const healthSeverity: Severity = region.role === "primary" ? "critical" : "warning";
    specs.push({
        key: "region-down",
        severity: healthSeverity,
        description: region.role === "primary"
            ? `Primary region ${region.code} is down: the health checks mark it unhealthy (seed: "Primary Region Down")`
            : `${region.role} region ${region.code} is down: the health checks mark it unhealthy (seed: "Secondary Region Degraded")`,
        metric: { namespace: METRICS.health.namespace, metricName: METRICS.health.healthy, dimensions: dim, statistic: "Minimum" },
        ...window(healthSeverity),
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
        notifyOnRecovery: true,
    });
    specs.push({
        key: "region-degraded",
        severity: "warning",
        description: `${region.code} probe latency is over 150% of its ${region.healthCheck.latencyBaselineMs} ms baseline (seed: "Performance Degradation")`,
        metric: { namespace: METRICS.health.namespace, metricName: METRICS.health.degraded, dimensions: dim, statistic: "Maximum" },
        ...window("warning"),
        threshold: 1,
        comparisonOperator: "GreaterThanOrEqualToThreshold",
        treatMissingData: "notBreaching",
        notifyOnRecovery: true,
    });

    // Bedrock: one alarm over all of the region's models (metric math), not one per model.
    const modelQueries = (metricName: string, stat: string, period: number): MetricQuerySpec[] =>
        models.map((modelId, i) => ({
            id: `m${i}`,
            returnData: false,
            metric: { namespace: METRICS.bedrock.namespace, metricName, dimensions: { [METRICS.bedrock.dimension]: modelId }, stat, period },
        }));
    const ids = models.map((_, i) => `m${i}`).join(", ");
    if (models.length > 0) {
        specs.push({
            key: "bedrock-latency-sla",
            severity: "critical",
            description: `Bedrock p90 latency in ${region.code} is over the ${region.timeouts.emergencyMs} ms emergency timeout for some model (seed: "Emergency SLA Breach")`,
            queries: [...modelQueries(METRICS.bedrock.latency, "p90", 60), { id: "worst", expression: `MAX([${ids}])`, label: "worst model p90 (ms)", returnData: true }],
            ...window("critical"),
            threshold: region.timeouts.emergencyMs,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            notifyOnRecovery: true,
        });
        specs.push({
            key: "bedrock-server-errors",
            severity: "critical",
            description: `Bedrock in ${region.code} returns more than ${alerts.bedrockServerErrorsPerMinute} server errors a minute over its models`,
            queries: [...modelQueries(METRICS.bedrock.serverErrors, "Sum", 60), { id: "errors", expression: `SUM([${ids}])`, label: "5xx per minute", returnData: true }],
            ...window("critical"),
            threshold: alerts.bedrockServerErrorsPerMinute,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            notifyOnRecovery: true,
        });
        specs.push({
            key: "bedrock-throttles",
            severity: "warning",
            description: `Bedrock in ${region.code} throttled more than ${alerts.bedrockThrottlesPer15Minutes} calls in 15 minutes over its models`,
            queries: [...modelQueries(METRICS.bedrock.throttles, "Sum", 900), { id: "throttles", expression: `SUM([${ids}])`, label: "throttles per 15 minutes", returnData: true }],
            period: 900,
            evaluationPeriods: 1,
            threshold: alerts.bedrockThrottlesPer15Minutes,
            comparisonOperator: "GreaterThanThreshold",
            treatMissingData: "notBreaching",
            notifyOnRecovery: true,
        });
    }

    // Replication from this region towards each other replica. No data means no writes, not a failure.
    for (const table of input.replicatedTables ?? []) {
        for (const peer of replicationTargets(table, region.code)) {
            const replication = { namespace: METRICS.dynamodb.namespace, metricName: METRICS.dynamodb.replicationLatency, dimensions: { TableName: table.name, ReceivingRegion: peer } };
            const what = `${table.label} replication ${region.code} -> ${peer}`;
            specs.push({
                key: `replication-lag-${table.label}-${peer}`,
                severity: "warning",
                description: `${what} lags more than ${alerts.replicationLagWarningMs / 1000} s (seed: "Replication Lag")`,
                metric: { ...replication, statistic: "Average" },
                ...window("warning"),
                threshold: alerts.replicationLagWarningMs,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                notifyOnRecovery: true,
            });
            specs.push({
                key: `replication-failure-${table.label}-${peer}`,
                severity: "critical",
                description: `${what} lags more than ${alerts.replicationLagCriticalMs / 1000} s: treat as broken (seed: "Cross-Region Replication Failure")`,
                metric: { ...replication, statistic: "Maximum" },
                ...window("critical"),
                threshold: alerts.replicationLagCriticalMs,
                comparisonOperator: "GreaterThanThreshold",
                treatMissingData: "notBreaching",
                notifyOnRecovery: true,
            });
        }
    }

    specs.push({
        key: "failovers",
        severity: "info",
        description: `Requests arriving in ${region.code} were served by another region in the last hour (drill results, recoveries)`,
        metric: { namespace: METRICS.failover.namespace, metricName: METRICS.failover.failovers, dimensions: { [METRICS.failover.dimension]: region.code }, statistic: "Sum" },
        ...window("info"),
        threshold: 0,
        comparisonOperator: "GreaterThanThreshold",
        treatMissingData: "notBreaching",
        notifyOnRecovery: false,
    });
    return specs;
}
