/**
 * Health checks over real HTTP (fetch for the regional endpoints, the real Bedrock client for
 * the model probe, both against fake regions on 127.0.0.1), with CloudWatch mocked by
 * aws-sdk-client-mock.
 */
import { CloudWatchClient, PutMetricDataCommand, type MetricDatum } from "@aws-sdk/client-cloudwatch";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import * as assert from "node:assert/strict";
import type { HealthCheckSettings } from "../../functions/contract";
import type { RegionHealth } from "../../functions/health/hysteresis";
import { healthRound, runHealthLoop, type HealthLoopDeps, type HealthMemory } from "../../functions/health/loop";
import { cloudWatchPublisher, HEALTH_METRICS } from "../../functions/health/metrics";
import { liveProbeChecks, probeRegion, REQUESTS_PER_CHECK } from "../../functions/health/probe";
import { healthSettings, target } from "../support/bedrockFixtures";
import { closeAll, FAKE_CREDENTIALS, startFakeRegion, startFakeRegions, type FakeRegion } from "../support/fakeBedrock";

const checks = liveProbeChecks({ credentials: FAKE_CREDENTIALS });

describe("probeRegion against a fake region", function () {
    this.timeout(5000);
    let fakes: FakeRegion[] = [];
    afterEach(async () => {
        await closeAll(fakes);
        fakes = [];
    });
    async function fake(options: Parameters<typeof startFakeRegion>[0]): Promise<FakeRegion> {
        const f = await startFakeRegion(options);
        fakes.push(f);
        return f;
    }

    it("healthy: passes, with the latency of the slower check, two requests per check", async () => {
        const region = await fake({ name: "eu-central-1", latencyMs: 20 });
        const result = await probeRegion(target(region, 70), checks, 500);
        assert.ok(result.ok);
        assert.ok(result.latencyMs >= 20 && result.latencyMs < 500, `latency ${result.latencyMs} ms: at least the fake's 20, within the timeout`);
        assert.equal(region.received.filter((r) => r.path === "/health").length, REQUESTS_PER_CHECK);
        assert.equal(region.modelCalls(), REQUESTS_PER_CHECK);
        const ping = JSON.parse(region.received.find((r) => r.modelId !== undefined)?.body ?? "{}");
        assert.deepEqual(ping.inferenceConfig, { maxTokens: 1 }, "the Bedrock probe asks for one token");
    });

    for (const fault of ["refused", "unavailable", "hang"] as const) {
        it(`region ${fault}: fails, naming both checks, within the probe timeout`, async () => {
            const region = await fake({ name: "eu-central-1", fault });
            const started = Date.now();
            const result = await probeRegion(target(region, 70), checks, 100);
            // A hanging fake never answers: finishing at all proves the deadline. The bound is loose
            // on purpose (a loaded CI machine); latency figures belong to bench:health.
            assert.ok(Date.now() - started < 1500, `took ${Date.now() - started} ms for a 100 ms timeout`);
            assert.ok(!result.ok);
            assert.match(result.error, /^endpoint: .+; bedrock: .+$/);
        });
    }

    it("Bedrock down while the endpoint is up: the region fails", async () => {
        const region = await fake({ name: "eu-central-1" });
        const deadBedrock = await fake({ name: "eu-central-1-bedrock", fault: "throttle" });
        const result = await probeRegion(target(region, 70, { bedrockEndpointUrl: deadBedrock.url }), checks, 200);
        assert.ok(!result.ok);
        assert.match(result.error, /^bedrock: ThrottlingException 429/);
    });

    it("one of the two paired requests lost: still passes (probe loss is not an outage)", async () => {
        let healthRequests = 0;
        const region = await fake({ name: "eu-central-1", fault: (_n, req) => (req.path === "/health" && healthRequests++ % 2 === 0 ? "reset" : "ok") });
        for (let i = 0; i < 5; i++) assert.ok((await probeRegion(target(region, 70), checks, 200)).ok, `probe ${i}`);
    });
});

describe("health rounds, loop and CloudWatch metrics", function () {
    this.timeout(5000);
    // Created in before(), not in the describe body: describe bodies of every test file run at
    // load time, and a later mockClient() of the same class would replace this stub.
    let cloudWatch: AwsClientStub<CloudWatchClient>;
    before(() => (cloudWatch = mockClient(CloudWatchClient)));
    let fakes: Record<string, FakeRegion> = {};
    let settings: HealthCheckSettings;
    let deps: HealthLoopDeps;

    beforeEach(async () => {
        cloudWatch.reset();
        cloudWatch.on(PutMetricDataCommand).resolves({});
        fakes = await startFakeRegions([{ name: "eu-central-1", latencyMs: 2 }, { name: "eu-west-1", latencyMs: 2 }, { name: "eu-west-3", latencyMs: 2 }]);
        settings = healthSettings([target(fakes["eu-central-1"], 70), target(fakes["eu-west-1"], 20), target(fakes["eu-west-3"], 10)]);
        deps = {
            probe: (t, timeoutMs) => probeRegion(t, checks, timeoutMs),
            publish: cloudWatchPublisher(new CloudWatchClient({ region: "eu-central-1" }), settings.metricNamespace),
            now: Date.now,
            sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
        };
    });
    afterEach(async () => {
        await closeAll(fakes);
        fakes = {};
    });
    after(() => cloudWatch.restore());

    const up: RegionHealth = { status: "up", consecutiveFailures: 0, consecutiveSuccesses: 5, consecutiveSlow: 0, consecutiveFast: 5 };
    const allUp = (): Record<string, RegionHealth> => ({ "eu-central-1": up, "eu-west-1": up, "eu-west-3": up });

    function datum(data: readonly MetricDatum[], metric: string, region: string): number | undefined {
        return data.find((d) => d.MetricName === metric && d.Dimensions?.[0]?.Value === region)?.Value;
    }

    it("cold start: publishes nothing for a region until the probes settle it", async () => {
        const first = await healthRound(settings, deps, {});
        assert.equal(first.published.length, 0);
        assert.equal(cloudWatch.commandCalls(PutMetricDataCommand).length, 0);
        const second = await healthRound(settings, deps, first.states);
        assert.deepEqual(Object.values(second.states).map((s) => s.status), ["up", "up", "up"]);
        const calls = cloudWatch.commandCalls(PutMetricDataCommand);
        assert.equal(calls.length, 1);
        const input = calls[0].args[0].input;
        assert.equal(input.Namespace, "AiPlatform/Health");
        assert.equal(datum(input.MetricData ?? [], HEALTH_METRICS.healthy, "eu-west-1"), 1);
        assert.equal(datum(input.MetricData ?? [], HEALTH_METRICS.routingWeight, "eu-central-1"), 70);
        for (const d of input.MetricData ?? []) {
            assert.deepEqual(d.Dimensions, [{ Name: "Region", Value: d.Dimensions?.[0]?.Value }]);
            // Route 53 API reference, AlarmIdentifier: "Standard-resolution metrics. High-resolution metrics aren't supported."
            assert.equal(d.StorageResolution, 60, `${d.MetricName}: standard resolution, which Route 53 health checks can read`);
        }
    });

    it("primary refused: marked down (health 0, weight 0) on the third failed round, not before", async () => {
        await fakes["eu-central-1"].setFault("refused");
        let states = allUp();
        const healthy: Array<number | undefined> = [];
        for (let round = 0; round < 3; round++) {
            const result = await healthRound(settings, deps, states);
            states = { ...result.states };
            healthy.push(datum(result.published, HEALTH_METRICS.healthy, "eu-central-1"));
            if (round === 2) {
                assert.deepEqual(result.decision.weights, { "eu-central-1": 0, "eu-west-1": 20, "eu-west-3": 10 });
                assert.deepEqual(result.changes, [{ region: "eu-central-1", from: "up", to: "down" }]);
            }
        }
        assert.deepEqual(healthy, [1, 1, 0]);
    });

    it("every region down: fails open, weights stay configured and the decision says so", async () => {
        await Promise.all(Object.values(fakes).map((f) => f.setFault("refused")));
        let states = allUp();
        let last;
        for (let round = 0; round < 3; round++) {
            last = await healthRound(settings, deps, states);
            states = { ...last.states };
        }
        assert.ok(last);
        assert.deepEqual(Object.values(last.states).map((s) => s.status), ["down", "down", "down"]);
        assert.equal(last.decision.failOpen, true);
        assert.match(last.decision.note ?? "", /failing open/);
        assert.deepEqual(last.decision.weights, { "eu-central-1": 70, "eu-west-1": 20, "eu-west-3": 10 });
        assert.equal(datum(last.published, HEALTH_METRICS.routingWeight, "eu-central-1"), 70);
        assert.equal(datum(last.published, HEALTH_METRICS.healthy, "eu-central-1"), 0, "the health metric tells the truth; Route 53 fails open itself");
    });

    it("a flapping region (every other round fails) never goes down", async () => {
        let round = 0;
        await fakes["eu-west-1"].setFault(() => (round % 2 === 0 ? "unavailable" : "ok"));
        let states = allUp();
        for (; round < 8; round++) {
            const result = await healthRound(settings, deps, states);
            states = { ...result.states };
            assert.equal(result.states["eu-west-1"].status, "up", `round ${round}`);
        }
    });

    it("the loop runs rounds at the probe interval for runForMs and leaves its state for the next invocation", async () => {
        let clock = 1_000_000;
        const virtual: HealthLoopDeps = { ...deps, now: () => clock, sleep: async (ms) => void (clock += ms) };
        const memory: HealthMemory = {};
        const result = await runHealthLoop({ ...settings, probeIntervalMs: 300, runForMs: 1500 }, virtual, memory, { runForMs: 1500 });
        // Rounds at 0, 300, 600, 900 and 1200 ms; one at 1500 could not finish its 300 ms probe in time.
        assert.equal(result.rounds, 5);
        assert.equal(memory.updatedAt, clock);
        assert.equal(memory.states?.["eu-central-1"].status, "up");
    });

    it("a warm container continues its counters; a stale memory is ignored", async () => {
        await fakes["eu-central-1"].setFault("refused");
        const twoFailures: RegionHealth = { status: "up", consecutiveFailures: 2, consecutiveSuccesses: 0, consecutiveSlow: 0, consecutiveFast: 0 };
        // Memory counts as recent up to runForMs + 3 probe intervals old (3000 + 900 ms here).
        const warm: HealthMemory = { states: { ...allUp(), "eu-central-1": twoFailures }, updatedAt: Date.now() - 2000 };
        const continued = await runHealthLoop(settings, deps, warm, { runForMs: 1 });
        assert.equal(continued.rounds, 1);
        assert.equal(continued.last.states["eu-central-1"].status, "down", "third consecutive failure across invocations");

        const stale: HealthMemory = { states: { ...allUp(), "eu-central-1": twoFailures }, updatedAt: Date.now() - 10 * 60_000 };
        const fresh = await runHealthLoop(settings, deps, stale, { runForMs: 1 });
        assert.equal(fresh.last.states["eu-central-1"].status, "unknown");
    });

    it("a failed PutMetricData is reported and the loop goes on", async () => {
        cloudWatch.on(PutMetricDataCommand).rejects(Object.assign(new Error("Rate exceeded"), { name: "ThrottlingException" }));
        const memory: HealthMemory = { states: allUp(), updatedAt: 0 };
        let clock = 0;
        const virtual: HealthLoopDeps = { ...deps, now: () => clock, sleep: async (ms) => void (clock += ms) };
        const result = await runHealthLoop(settings, virtual, memory, { runForMs: 1000 });
        assert.ok(result.rounds >= 2);
        assert.equal(result.publishErrors, result.rounds);
        assert.match(result.last.publishError ?? "", /ThrottlingException: Rate exceeded/);
    });
});
