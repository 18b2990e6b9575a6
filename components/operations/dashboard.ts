import type { BedrockConfig, RegionConfig } from "../../config";
import { METRICS, modelIdsFor, replicationTargets, type ReplicatedTable } from "./metrics";

/**
 * The stack's CloudWatch dashboard as data. One dashboard shows every region: each metric names
 * its own region, so an operator compares regions side by side without switching consoles.
 * Layout (24 columns): health and failovers across regions, then one row per region with its
 * Bedrock latency and errors, then replication lag.
 */

type MetricRow = readonly (string | Readonly<Record<string, string | number>>)[];

export interface DashboardWidget {
    readonly type: "metric" | "text";
    readonly x: number;
    readonly y: number;
    readonly width: number;
    readonly height: number;
    readonly properties: Readonly<Record<string, unknown>>;
}

export interface DashboardBody {
    readonly widgets: readonly DashboardWidget[];
}

export interface DashboardInput {
    readonly title: string;
    /** Regions in display order (the config's: primary first). */
    readonly regions: readonly RegionConfig[];
    readonly bedrock: BedrockConfig;
    /** Region the dashboard itself lives in; widgets default to it. */
    readonly homeRegion: string;
    /** Global tables to show replication lag for (names resolved); none: no replication row. */
    readonly replicatedTables?: readonly ReplicatedTable[];
}

const HALF = 12;
const FULL = 24;
const HEIGHT = 6;

function metricWidget(x: number, y: number, width: number, region: string, title: string, metrics: MetricRow[], extra: Record<string, unknown> = {}): DashboardWidget {
    return { type: "metric", x, y, width, height: HEIGHT, properties: { title, region, view: "timeSeries", stacked: false, period: 60, metrics, ...extra } };
}

export function dashboardBody(input: DashboardInput): DashboardBody {
    const widgets: DashboardWidget[] = [];
    const { regions, homeRegion } = input;
    let y = 0;
    const regionList = regions.map((r) => `${r.code} (${r.role}, weight ${r.weight}, ${r.residency})`).join(" · ");
    widgets.push({ type: "text", x: 0, y, width: FULL, height: 2, properties: { markdown: `# ${input.title}\n${regionList}\n\nDrills, drains and rollback: README.md, Runbook` } });
    y += 2;

    const perRegion = (namespace: string, metricName: string, dimension: string, stat: string): MetricRow[] =>
        regions.map((r) => [namespace, metricName, dimension, r.code, { region: r.code, label: r.code, stat }]);
    widgets.push(metricWidget(0, y, HALF, homeRegion, "Region health (1 = up, 0 = down)", perRegion(METRICS.health.namespace, METRICS.health.healthy, METRICS.health.dimension, "Minimum"), { yAxis: { left: { min: 0, max: 1 } } }));
    widgets.push(metricWidget(HALF, y, HALF, homeRegion, "Failovers per minute (requests served by another region)", perRegion(METRICS.failover.namespace, METRICS.failover.failovers, METRICS.failover.dimension, "Sum")));
    y += HEIGHT;
    widgets.push(metricWidget(0, y, HALF, homeRegion, "Degraded (probe latency > 150% of baseline)", perRegion(METRICS.health.namespace, METRICS.health.degraded, METRICS.health.dimension, "Maximum"), { yAxis: { left: { min: 0, max: 1 } } }));
    widgets.push(metricWidget(HALF, y, HALF, homeRegion, "Health probe latency (ms)", perRegion(METRICS.health.namespace, METRICS.health.probeLatency, METRICS.health.dimension, "p90")));
    y += HEIGHT;

    for (const region of regions) {
        const models = modelIdsFor(region, input.bedrock);
        const byModel = (metricName: string, stat: string): MetricRow[] =>
            models.map((id) => [METRICS.bedrock.namespace, metricName, METRICS.bedrock.dimension, id, { region: region.code, stat, label: id }]);
        widgets.push(metricWidget(0, y, HALF, region.code, `${region.code}: Bedrock latency p90 (ms, emergency timeout ${region.timeouts.emergencyMs})`, byModel(METRICS.bedrock.latency, "p90"), {
            annotations: { horizontal: [{ label: "emergency timeout", value: region.timeouts.emergencyMs }] },
        }));
        widgets.push(metricWidget(HALF, y, HALF, region.code, `${region.code}: Bedrock server errors and throttles`, [
            ...byModel(METRICS.bedrock.serverErrors, "Sum"),
            ...byModel(METRICS.bedrock.throttles, "Sum"),
        ]));
        y += HEIGHT;
    }

    const replicationRows: MetricRow[] = (input.replicatedTables ?? []).flatMap((table) =>
        table.regions.flatMap((from) =>
            replicationTargets(table, from).map((to): MetricRow => [METRICS.dynamodb.namespace, METRICS.dynamodb.replicationLatency, "TableName", table.name, "ReceivingRegion", to, { region: from, stat: "Average", label: `${table.label} ${from} -> ${to}` }]),
        ),
    );
    if (replicationRows.length > 0) widgets.push(metricWidget(0, y, FULL, homeRegion, "DynamoDB global table replication lag (ms)", replicationRows));
    return { widgets };
}
