import * as assert from "node:assert/strict";
import type { HealthTarget } from "../../functions/contract";
import type { RegionHealth, RegionStatus } from "../../functions/health/hysteresis";
import { HEALTH_METRIC_STORAGE_RESOLUTION, HEALTH_METRICS, healthMetricData } from "../../functions/health/metrics";

const health = (status: RegionStatus, lastLatencyMs?: number): RegionHealth => ({
    status, consecutiveFailures: 0, consecutiveSuccesses: 0, consecutiveSlow: 0, consecutiveFast: 0, lastLatencyMs,
});
const target = (region: string): HealthTarget => ({
    region, endpointUrl: `https://${region}.example.com/healthz`, probeModelId: "m", probeTimeoutMs: 1000, baselineLatencyMs: 400, weight: 100,
});

// Route 53 API reference, AlarmIdentifier: "Standard-resolution metrics. High-resolution metrics aren't supported."
describe("health/metrics: healthMetricData publishes standard resolution, which Route 53 health checks read", function () {
    const cases: Array<{ status: RegionStatus; latency?: number; healthy: number }> = [
        { status: "up", latency: 120, healthy: 1 },
        { status: "degraded", latency: 900, healthy: 1 },
        { status: "down", healthy: 0 },
    ];
    for (const c of cases) {
        it(`${c.status}: RegionHealthy ${c.healthy}, every datum at 60 s storage resolution`, function () {
            const data = healthMetricData([target("eu-west-1")], { "eu-west-1": health(c.status, c.latency) }, { weights: { "eu-west-1": 100 }, failOpen: false }, new Date(0));
            const healthy = data.find((d) => d.MetricName === HEALTH_METRICS.healthy);
            assert.equal(healthy?.Value, c.healthy);
            assert.equal(healthy?.StorageResolution, 60);
            for (const d of data) assert.equal(d.StorageResolution, HEALTH_METRIC_STORAGE_RESOLUTION, String(d.MetricName));
        });
    }
});
