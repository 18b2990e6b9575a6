/**
 * The `Failovers` metric: published by the failover handler as a CloudWatch embedded metric
 * format (EMF) log line, no API call. Bedrock over real HTTP against fake regions on 127.0.0.1.
 * Under Lambda's JSON log format (what the component configures) the line must reach stdout as a
 * top-level JSON object, not through the runtime-wrapped console.
 */
import * as assert from "node:assert/strict";
import { FAILOVER_SETTINGS_ENV } from "../../functions/contract";
import { FAILOVER_METRIC, handleFailoverInvocation, type FailoverReply, type WarmFailoverState } from "../../functions/failover/handler";
import type { HttpResult } from "../../functions/lambda";
import { capturingLogs, failoverSettings, HELLO, step } from "../support/bedrockFixtures";
import { closeAll, startFakeRegions, type FakeRegion, type FaultKind } from "../support/fakeBedrock";
import { setEnv } from "../support/serializedCallback";

const CONTEXT = { getRemainingTimeInMillis: () => 30_000, awsRequestId: "req-1" };

/** Runs `fn` with stdout and console.warn/error captured; returns the JSON lines written to each. */
async function capturingOutput<T>(fn: () => Promise<T>): Promise<{ result: T; stdout: Record<string, unknown>[]; console: string[] }> {
    const written: string[] = [];
    const original = process.stdout.write;
    process.stdout.write = ((chunk: string | Uint8Array) => {
        written.push(typeof chunk === "string" ? chunk : Buffer.from(chunk).toString("utf8"));
        return true;
    }) as typeof process.stdout.write;
    try {
        const { result, lines } = await capturingLogs(fn);
        const stdout = written.join("").split("\n").filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as Record<string, unknown>);
        // Only our JSON records: the SDK's one-off Node version warning also goes through console.
        return { result, stdout, console: lines.filter((l) => l.startsWith("{")) };
    } finally {
        process.stdout.write = original;
    }
}

/**
 * Checks a record against the EMF specification (the parts CloudWatch enforces): `_aws` with an
 * integer Timestamp and CloudWatchMetrics directives; every dimension a top-level string member,
 * every metric a top-level number. Returns the first directive.
 */
function expectEmf(record: Record<string, unknown>): { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] } {
    const aws = record._aws as { Timestamp?: unknown; CloudWatchMetrics?: unknown } | undefined;
    assert.ok(aws && typeof aws === "object", "has _aws");
    assert.ok(Number.isInteger(aws.Timestamp) && Math.abs((aws.Timestamp as number) - Date.now()) < 60_000, "Timestamp: ms since the epoch, now");
    assert.ok(Array.isArray(aws.CloudWatchMetrics) && aws.CloudWatchMetrics.length === 1);
    const directive = aws.CloudWatchMetrics[0] as { Namespace: string; Dimensions: string[][]; Metrics: { Name: string; Unit?: string }[] };
    assert.equal(typeof directive.Namespace, "string");
    for (const set of directive.Dimensions) for (const dimension of set) assert.equal(typeof record[dimension], "string", `dimension ${dimension} is a top-level string`);
    for (const metric of directive.Metrics) assert.equal(typeof record[metric.Name], "number", `metric ${metric.Name} is a top-level number`);
    return directive;
}

describe("Failovers metric (embedded metric format)", function () {
    this.timeout(10_000);
    let fakes: Record<string, FakeRegion> = {};
    let restoreEnv: () => void = () => undefined;
    afterEach(async () => {
        restoreEnv();
        await closeAll(fakes);
        fakes = {};
    });

    /** Regions in chain order with these faults; the function runs in the first (eu-central-1). */
    async function regions(faults: Record<string, FaultKind>, logFormat: "JSON" | "Text" = "JSON"): Promise<void> {
        fakes = await startFakeRegions(Object.entries(faults).map(([name, fault]) => ({ name, fault, latencyMs: 5 })));
        const chain = Object.keys(faults).map((name) => step(fakes[name], { region: name }));
        restoreEnv = setEnv({ [FAILOVER_SETTINGS_ENV]: JSON.stringify(failoverSettings(chain)), AWS_REGION: "eu-central-1", AWS_LAMBDA_LOG_FORMAT: logFormat });
    }

    function invoke(warm: WarmFailoverState = {}): Promise<FailoverReply | HttpResult> {
        return handleFailoverInvocation(HELLO, CONTEXT, process.env, warm);
    }

    it("a failed-over request writes one EMF line to stdout: Failovers = 1 in AiPlatform/Failover for the function's region", async () => {
        await regions({ "eu-central-1": "unavailable", "eu-west-1": "ok" });
        const { result, stdout, console } = await capturingOutput(() => invoke());
        assert.ok(!("statusCode" in result) && result.ok && result.region === "eu-west-1");
        assert.equal(stdout.length, 1, "one line per request");
        assert.deepEqual(console, [], "not through the console, which Lambda's JSON format would wrap");
        const [line] = stdout;
        const directive = expectEmf(line);
        assert.deepEqual(directive, { Namespace: "AiPlatform/Failover", Dimensions: [["Region"]], Metrics: [{ Name: "Failovers", Unit: "Count" }] });
        assert.equal(line.Region, "eu-central-1");
        assert.equal(line.Failovers, 1);
        // The structured fields the line always had, and what Lambda's own JSON records carry.
        assert.equal(line.event, "bedrock-failover");
        assert.equal(line.region, "eu-west-1");
        assert.equal(typeof line.latencyMs, "number");
        assert.deepEqual((line.attempts as { region: string; outcome: string }[]).map((a) => [a.region, a.outcome]), [["eu-central-1", "server-error"], ["eu-west-1", "ok"]]);
        assert.equal(line.level, "WARN");
        assert.equal(line.requestId, "req-1");
    });

    it("a request served by the first step writes nothing", async () => {
        await regions({ "eu-central-1": "ok", "eu-west-1": "ok" });
        const { result, stdout, console } = await capturingOutput(() => invoke());
        assert.ok(!("statusCode" in result) && result.ok && result.region === "eu-central-1");
        assert.deepEqual(stdout, []);
        assert.deepEqual(console, []);
    });

    it("every region failing counts as a failover", async () => {
        await regions({ "eu-central-1": "unavailable", "eu-west-1": "throttle" });
        const { stdout } = await capturingOutput(() => invoke());
        assert.equal(stdout.length, 1);
        expectEmf(stdout[0]);
        assert.equal(stdout[0].event, "bedrock-all-failed");
        assert.equal(stdout[0].Failovers, 1);
    });

    it("a request refused as invalid at the first step is logged but is no failover", async () => {
        await regions({ "eu-central-1": "validation", "eu-west-1": "ok" });
        const { stdout } = await capturingOutput(() => invoke());
        assert.equal(stdout.length, 1);
        assert.equal(stdout[0].event, "bedrock-rejected");
        assert.equal(stdout[0]._aws, undefined);
        assert.equal(stdout[0].Failovers, undefined);
    });

    it("text log format: the same EMF line goes through console.warn (the runtime only prefixes it)", async () => {
        await regions({ "eu-central-1": "refused", "eu-west-1": "ok" }, "Text");
        const { stdout, console } = await capturingOutput(() => invoke());
        assert.deepEqual(stdout, []);
        assert.equal(console.length, 1);
        const line = JSON.parse(console[0]) as Record<string, unknown>;
        assert.equal(expectEmf(line).Namespace, "AiPlatform/Failover");
        assert.deepEqual([line.event, line.Region, line.Failovers], ["bedrock-failover", "eu-central-1", 1]);
    });

    it("names the metric the component alarms on and the dashboard reads", async () => {
        const { FAILOVER_METRIC_NAMESPACE } = await import("../../components/bedrock/bedrockFailover");
        const { METRICS } = await import("../../components/operations/metrics");
        assert.equal(FAILOVER_METRIC.namespace, FAILOVER_METRIC_NAMESPACE);
        assert.deepEqual([FAILOVER_METRIC.namespace, FAILOVER_METRIC.dimension, FAILOVER_METRIC.name], [METRICS.failover.namespace, METRICS.failover.dimension, METRICS.failover.failovers]);
    });
});
