import * as assert from "assert";
import { regionAlarms, SEVERITY_WINDOWS, type AlarmSpec } from "../../../components/operations/alarms";
import { BUDGET_NOTIFICATIONS, budgetAmount, regionBudgets } from "../../../components/operations/budgets";
import { dashboardBody, type DashboardWidget } from "../../../components/operations/dashboard";
import { METRICS, modelIdsFor, replicationTargets } from "../../../components/operations/metrics";
import { HEALTH_METRIC_STORAGE_RESOLUTION, HEALTH_METRICS, REGION_DIMENSION } from "../../../functions/health/metrics";
import { platformConfig } from "../../support/configs";
import { fakeTables } from "./fixture";

const prod = platformConfig("prod");
const dev = platformConfig("dev");
const region = (code: string) => prod.regions.find((r) => r.code === code)!;
const alarmsOf = (code: string, tables = fakeTables(prod)) =>
    regionAlarms({ region: region(code), regions: prod.regions, bedrock: prod.bedrock, alerts: prod.operations.alerts, replicatedTables: tables });
const byKey = (specs: AlarmSpec[], key: string) => {
    const s = specs.find((a) => a.key === key);
    assert.ok(s, `no alarm ${key} in ${specs.map((a) => a.key).join(", ")}`);
    return s;
};

describe("operations metrics contract", () => {
    it("watches the health metrics under the names the health-check Lambda publishes", () => {
        assert.strictEqual(METRICS.health.healthy, HEALTH_METRICS.healthy);
        assert.strictEqual(METRICS.health.degraded, HEALTH_METRICS.degraded);
        assert.strictEqual(METRICS.health.probeLatency, HEALTH_METRICS.probeLatency);
        assert.strictEqual(METRICS.health.dimension, REGION_DIMENSION);
    });

    it("uses the namespaces BedrockFailover publishes to", async () => {
        const bedrock = await import("../../../components/bedrock/bedrockFailover");
        assert.strictEqual(METRICS.health.namespace, bedrock.HEALTH_METRIC_NAMESPACE);
        assert.strictEqual(METRICS.failover.namespace, bedrock.FAILOVER_METRIC_NAMESPACE);
    });

    it("knows each region's models from its residency zone", () => {
        assert.deepStrictEqual(modelIdsFor(region("eu-central-1"), prod.bedrock), [
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "eu.anthropic.claude-haiku-4-5-20251001-v1:0",
            "amazon.titan-text-express-v1",
        ]);
        assert.strictEqual(modelIdsFor(region("us-east-1"), prod.bedrock).length, 4);
    });

    it("a replica replicates to every other replica of its table, and only those", () => {
        const t = { regions: ["eu-central-1", "eu-west-1", "eu-north-1"] };
        assert.deepStrictEqual(replicationTargets(t, "eu-west-1"), ["eu-central-1", "eu-north-1"]);
        assert.deepStrictEqual(replicationTargets(t, "us-east-1"), []);
    });
});

describe("alarms per region (the seeds' alert levels)", () => {
    it("pages (critical, 3 one-minute periods) when the primary is down, and treats missing health data as down", () => {
        const a = byKey(alarmsOf("eu-central-1"), "region-down");
        assert.strictEqual(a.severity, "critical");
        assert.deepStrictEqual([a.period, a.evaluationPeriods], [60, 3]);
        assert.strictEqual(a.treatMissingData, "breaching");
        assert.deepStrictEqual(a.metric?.dimensions, { Region: "eu-central-1" });
        assert.deepStrictEqual([a.threshold, a.comparisonOperator, a.metric?.statistic], [1, "LessThanThreshold", "Minimum"]);
    });

    for (const code of ["eu-west-1", "us-east-1", "us-west-2"]) {
        it(`only warns (15 minutes) when ${code}, not the primary, is down`, () => {
            const a = byKey(alarmsOf(code), "region-down");
            assert.strictEqual(a.severity, "warning");
            assert.strictEqual(a.period * a.evaluationPeriods, 15 * 60);
        });
    }

    it("every level has the seeds' window: critical immediate, warning 15 minutes, info an hour", () => {
        assert.strictEqual(SEVERITY_WINDOWS.critical.period * SEVERITY_WINDOWS.critical.evaluationPeriods, 180);
        assert.strictEqual(SEVERITY_WINDOWS.warning.period * SEVERITY_WINDOWS.warning.evaluationPeriods, 900);
        assert.strictEqual(SEVERITY_WINDOWS.info.period * SEVERITY_WINDOWS.info.evaluationPeriods, 3600);
        for (const a of alarmsOf("eu-central-1")) {
            assert.strictEqual(a.period * a.evaluationPeriods, a.severity === "critical" ? 180 : a.severity === "warning" ? 900 : 3600, a.key);
        }
    });

    it("alarms over the health metrics use whole-minute periods: the metrics are standard resolution (60 s)", () => {
        assert.strictEqual(HEALTH_METRIC_STORAGE_RESOLUTION, 60);
        const health = prod.regions.flatMap((r) => alarmsOf(r.code)).filter((a) => a.metric?.namespace === METRICS.health.namespace);
        assert.ok(health.length >= 2 * prod.regions.length, "region-down and degraded alarms in every region");
        for (const a of health) assert.strictEqual(a.period % HEALTH_METRIC_STORAGE_RESOLUTION, 0, `${a.key}: period ${a.period}`);
    });

    it("the emergency SLA alarm uses the region's own emergency timeout over the worst model's p90", () => {
        for (const code of ["eu-central-1", "us-west-2"]) {
            const a = byKey(alarmsOf(code), "bedrock-latency-sla");
            assert.strictEqual(a.severity, "critical");
            assert.strictEqual(a.threshold, region(code).timeouts.emergencyMs);
            const models = modelIdsFor(region(code), prod.bedrock);
            const metrics = (a.queries ?? []).filter((q) => q.metric);
            assert.deepStrictEqual(metrics.map((q) => q.metric!.dimensions.ModelId), models);
            assert.ok(metrics.every((q) => q.metric!.stat === "p90" && q.returnData === false));
            const result = (a.queries ?? []).filter((q) => q.returnData);
            assert.strictEqual(result.length, 1, "exactly one query is the alarm's value");
            assert.strictEqual(result[0].expression, `MAX([${models.map((_, i) => `m${i}`).join(", ")}])`);
        }
    });

    it("Bedrock errors (critical) and throttles (warning) sum over the models, with thresholds from config", () => {
        const specs = alarmsOf("eu-west-1");
        const errors = byKey(specs, "bedrock-server-errors");
        assert.strictEqual(errors.severity, "critical");
        assert.strictEqual(errors.threshold, prod.operations.alerts.bedrockServerErrorsPerMinute);
        assert.match(errors.queries!.find((q) => q.returnData)!.expression!, /^SUM\(/);
        const throttles = byKey(specs, "bedrock-throttles");
        assert.strictEqual(throttles.severity, "warning");
        assert.strictEqual(throttles.threshold, prod.operations.alerts.bedrockThrottlesPer15Minutes);
    });

    it("performance degradation (> 150% of baseline) is a warning on the health checker's degraded flag", () => {
        const a = byKey(alarmsOf("eu-west-1"), "region-degraded");
        assert.strictEqual(a.severity, "warning");
        assert.strictEqual(a.metric?.metricName, "RegionDegraded");
        assert.match(a.description, /150% of its 450 ms baseline/);
    });

    it("replication: lag > 5 min warns, lag past the critical level pages, per table and receiving region", () => {
        const specs = alarmsOf("eu-central-1");
        const lag = byKey(specs, "replication-lag-conversations-eu-eu-west-1");
        assert.deepStrictEqual([lag.severity, lag.threshold], ["warning", 300000]);
        assert.deepStrictEqual(lag.metric?.dimensions, { TableName: "prod-conversations-eu", ReceivingRegion: "eu-west-1" });
        const failure = byKey(specs, "replication-failure-conversations-eu-eu-west-1");
        assert.deepStrictEqual([failure.severity, failure.threshold], ["critical", 900000]);
        assert.ok(!specs.some((a) => a.key.includes("us-east-1")), "EU data never replicates to the US, so no alarm for that");
    });

    it("no replicated tables, no replication alarms", () => {
        assert.ok(!alarmsOf("eu-central-1", []).some((a) => a.key.startsWith("replication")));
    });

    it("failovers are info (an hour), and info sends no recovery notice", () => {
        const a = byKey(alarmsOf("us-east-1"), "failovers");
        assert.deepStrictEqual([a.severity, a.period, a.notifyOnRecovery, a.treatMissingData], ["info", 3600, false, "notBreaching"]);
    });

    it("alarm keys are unique within a region", () => {
        for (const r of prod.regions) {
            const keys = alarmsOf(r.code).map((a) => a.key);
            assert.strictEqual(new Set(keys).size, keys.length);
        }
    });
});

describe("budgets", () => {
    it("one per configured region, amounts as decimal strings, seed levels 80% / forecast 100% / spike 200%", () => {
        const budgets = regionBudgets(prod.regions, prod.operations.budgets);
        assert.deepStrictEqual(budgets.map((b) => [b.regionCode, b.monthlyUsd]), [["eu-central-1", 12000], ["eu-west-1", 6000], ["us-east-1", 6000], ["us-west-2", 3000]]);
        assert.deepStrictEqual(BUDGET_NOTIFICATIONS.map((n) => `${n.notificationType}>${n.threshold}`), ["ACTUAL>80", "FORECASTED>100", "ACTUAL>200"]);
        assert.strictEqual(budgetAmount(1500), "1500.00");
    });

    it("a region without an amount gets none", () => {
        assert.deepStrictEqual(regionBudgets(dev.regions, { "eu-west-1": 10 }).map((b) => b.regionCode), ["eu-west-1"]);
    });
});

describe("dashboard body", () => {
    const body = dashboardBody({ title: "t", regions: prod.regions, bedrock: prod.bedrock, homeRegion: "eu-central-1", replicatedTables: fakeTables(prod) });
    const metricWidgets = body.widgets.filter((w): w is DashboardWidget => w.type === "metric");
    const rows = (w: DashboardWidget) => (w.properties.metrics as unknown[][]);
    const titled = (re: RegExp) => metricWidgets.filter((w) => re.test(String(w.properties.title)));

    it("shows every region's health and failovers, each metric read in its own region", () => {
        for (const title of [/^Region health/, /^Failovers/]) {
            const [w] = titled(title);
            assert.deepStrictEqual(rows(w).map((m) => m[3]), prod.regions.map((r) => r.code));
            for (const m of rows(w)) assert.strictEqual((m[4] as { region: string }).region, m[3]);
        }
    });

    it("has a Bedrock latency and an errors/throttles widget per region over that region's models", () => {
        for (const r of prod.regions) {
            const [latency] = titled(new RegExp(`^${r.code}: Bedrock latency`));
            assert.deepStrictEqual(rows(latency).map((m) => m[3]), modelIdsFor(r, prod.bedrock));
            assert.ok(rows(latency).every((m) => m[0] === "AWS/Bedrock" && m[1] === "InvocationLatency" && (m[4] as { region: string }).region === r.code));
            const [errors] = titled(new RegExp(`^${r.code}: Bedrock server errors`));
            assert.deepStrictEqual([...new Set(rows(errors).map((m) => m[1]))], ["InvocationServerErrors", "InvocationThrottles"]);
        }
    });

    it("shows replication lag for every replica pair of every table", () => {
        const [w] = titled(/replication lag/);
        assert.deepStrictEqual(rows(w).map((m) => `${m[3]}:${(m[6] as { region: string }).region}->${m[5]}`).sort(), [
            "prod-conversations-eu:eu-central-1->eu-west-1",
            "prod-conversations-eu:eu-west-1->eu-central-1",
            "prod-conversations-us:us-east-1->us-west-2",
            "prod-conversations-us:us-west-2->us-east-1",
        ]);
    });

    it("lays widgets out on CloudWatch's 24-column grid without overlap", () => {
        const cells = new Set<string>();
        for (const w of body.widgets) {
            assert.ok(w.x >= 0 && w.x + w.width <= 24, `${String(w.properties.title)} overflows`);
            for (let x = w.x; x < w.x + w.width; x++) for (let y = w.y; y < w.y + w.height; y++) {
                const cell = `${x},${y}`;
                assert.ok(!cells.has(cell), `overlap at ${cell}`);
                cells.add(cell);
            }
        }
    });
});
