/**
 * The DR drill's Bedrock fault flag as the Lambdas read it: SSM GetParameter mocked with
 * aws-sdk-client-mock, Bedrock over real HTTP (the real BedrockRuntimeClient against fake regions
 * on 127.0.0.1). The function runs in eu-central-1 (AWS_REGION), the first step of its chain.
 */
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { GetParameterCommand, ParameterNotFound, SSMClient, type GetParameterCommandOutput } from "@aws-sdk/client-ssm";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import * as assert from "node:assert/strict";
import { failoverCallbackFactory } from "../../components/bedrock/handlers";
import { installAwslambda, invokeCollected } from "../support/lambdaStreaming";
import { FAILOVER_SETTINGS_ENV, HEALTH_SETTINGS_ENV } from "../../functions/contract";
import { BEDROCK_FAULT_FLAG_ENV, bedrockFaultParameterName } from "../../functions/drills/faultFlag";
import { drillFault, FLAG_CACHE_MS, FLAG_READ_TIMEOUT_MS, refreshFaultFlag, type FaultFlagState } from "../../functions/drills/faultFlagReader";
import { classifyError } from "../../functions/failover/errors";
import { handleFailoverInvocation, type FailoverReply, type WarmFailoverState } from "../../functions/failover/handler";
import { handleHealthInvocation, type ProbeLoopResult, type WarmHealthState } from "../../functions/health/handler";
import type { HttpResult } from "../../functions/lambda";
import { capturingLogs, failoverSettings, healthSettings, HELLO, step, target } from "../support/bedrockFixtures";
import { closeAll, startFakeRegions, type FakeRegion } from "../support/fakeBedrock";
import { loadSerializedFactory, setEnv } from "../support/serializedCallback";

const PARAMETER = bedrockFaultParameterName("dev");
const OWN_REGION = "eu-central-1";
const CONTEXT = { getRemainingTimeInMillis: () => 30_000 };

/** GetParameter's answer for a flag value written `ageMs` ago. */
function parameter(value: string, ageMs = 1000): GetParameterCommandOutput {
    return { $metadata: {}, Parameter: { Name: PARAMETER, Type: "String", Value: value, Version: 2, LastModifiedDate: new Date(Date.now() - ageMs) } };
}
const RAISED = (minutes = 5) => JSON.stringify({ fault: "bedrock-unavailable", minutes });
const RESTING = JSON.stringify({ fault: "none" });

/** Our JSON log records among captured console lines (the SDK's one-off Node version warning also goes there). */
function records(lines: readonly string[]): { event?: string; region?: string; problem?: string; error?: string }[] {
    return lines.filter((l) => l.startsWith("{")).map((l) => JSON.parse(l) as { event?: string; region?: string; problem?: string; error?: string });
}

function expectAnswer(reply: FailoverReply | HttpResult): Extract<FailoverReply, { ok: true }> {
    assert.ok(!("statusCode" in reply), "direct invoke answers a FailoverReply");
    assert.ok(reply.ok, `expected an answer, got ${JSON.stringify(reply)}`);
    return reply;
}

describe("drill fault flag", function () {
    this.timeout(10_000);
    // Created in before(), not in the describe body: a mockClient() of the same class in another
    // file's describe body would replace this stub.
    let ssm: AwsClientStub<SSMClient>;
    before(() => (ssm = mockClient(SSMClient)));
    after(() => ssm.restore());
    beforeEach(() => ssm.reset());

    describe("reader", () => {
        const env = { [BEDROCK_FAULT_FLAG_ENV]: PARAMETER, AWS_REGION: OWN_REGION };
        const quiet = { warn: () => undefined };

        it("drills off (no parameter name): no SSM client, no call, no fault", async () => {
            const state: FaultFlagState = {};
            await refreshFaultFlag({ AWS_REGION: OWN_REGION }, state);
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 0);
            assert.equal(state.client, undefined);
            assert.equal(drillFault(state, OWN_REGION), undefined);
        });

        it("raised: fails the own region with a retryable server error, and no other region", async () => {
            ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
            const state: FaultFlagState = {};
            await refreshFaultFlag(env, state, quiet);
            assert.equal(ssm.commandCalls(GetParameterCommand)[0].args[0].input.Name, PARAMETER);
            const fault = drillFault(state, OWN_REGION);
            assert.ok(fault);
            assert.equal(fault.name, "ServiceUnavailableException");
            assert.match(fault.message, /drill/);
            const verdict = classifyError(fault, false);
            assert.deepEqual([verdict.kind, verdict.failOver, verdict.countsAgainstRegion], ["server-error", true, true]);
            assert.equal(drillFault(state, "eu-west-1"), undefined);
        });

        it("reads SSM in the function's own region with SDK retries off", async () => {
            ssm.on(GetParameterCommand).resolves(parameter(RESTING));
            const state: FaultFlagState = {};
            await refreshFaultFlag({ ...env, AWS_REGION: "eu-west-3" }, state, quiet);
            assert.ok(state.client);
            assert.equal(await state.client.config.region(), "eu-west-3");
            assert.equal(await state.client.config.maxAttempts(), 1);
        });

        it("caches a reading for 10 s; the expiry is checked when the flag is used", async () => {
            let now = Date.now();
            const clock = { now: () => now, warn: () => undefined };
            // Raised 5 minutes ago less 2 s: in force now, expired 2 s later, within the cache period.
            ssm.on(GetParameterCommand).resolves(parameter(RAISED(5), 5 * 60_000 - 2000));
            const state: FaultFlagState = {};
            await refreshFaultFlag(env, state, clock);
            assert.ok(drillFault(state, OWN_REGION, now));
            now += 3000;
            await refreshFaultFlag(env, state, clock);
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 1, "served from the cache");
            assert.equal(drillFault(state, OWN_REGION, now), undefined, "expired on time without a new read");
            now += FLAG_CACHE_MS;
            await refreshFaultFlag(env, state, clock);
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 2, "read again after the cache period");
        });

        it("concurrent callers share one read", async () => {
            ssm.on(GetParameterCommand).resolves(parameter(RESTING));
            const state: FaultFlagState = {};
            await Promise.all([refreshFaultFlag(env, state, quiet), refreshFaultFlag(env, state, quiet), refreshFaultFlag(env, state, quiet)]);
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 1);
        });

        it("unreadable value or missing parameter: no fault, one warning, cached like an answer", async () => {
            for (const answer of [parameter("{ not json"), parameter(JSON.stringify({ fault: "bedrock-unavailable", minutes: -1 }))]) {
                ssm.reset();
                ssm.on(GetParameterCommand).resolves(answer);
                const warnings: string[] = [];
                const state: FaultFlagState = {};
                await refreshFaultFlag(env, state, { warn: (line) => warnings.push(line) });
                assert.equal(drillFault(state, OWN_REGION), undefined);
                assert.equal(warnings.length, 1);
                assert.equal(JSON.parse(warnings[0]).event, "drill-fault-flag-unreadable");
            }
            ssm.reset();
            ssm.on(GetParameterCommand).rejects(new ParameterNotFound({ message: "no such parameter", $metadata: {} }));
            const warnings: string[] = [];
            const state: FaultFlagState = {};
            await refreshFaultFlag(env, state, { warn: (line) => warnings.push(line) });
            await refreshFaultFlag(env, state, { warn: (line) => warnings.push(line) });
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 1, "a failed read is not retried on every request");
            assert.equal(warnings.length, 1);
            assert.match(JSON.parse(warnings[0]).problem, /ParameterNotFound/);
            assert.equal(drillFault(state, OWN_REGION), undefined);
        });

        it("the resting value is no fault and no warning", async () => {
            ssm.on(GetParameterCommand).resolves(parameter(RESTING));
            const warnings: string[] = [];
            const state: FaultFlagState = {};
            await refreshFaultFlag(env, state, { warn: (line) => warnings.push(line) });
            assert.equal(drillFault(state, OWN_REGION), undefined);
            assert.deepEqual(warnings, []);
        });

        it("a hanging SSM costs at most the read deadline, then counts as no fault", async () => {
            ssm.on(GetParameterCommand).callsFake(() => new Promise(() => undefined));
            const warnings: string[] = [];
            const state: FaultFlagState = {};
            const started = Date.now();
            await refreshFaultFlag(env, state, { warn: (line) => warnings.push(line) });
            const elapsed = Date.now() - started;
            assert.ok(elapsed >= FLAG_READ_TIMEOUT_MS - 50 && elapsed < FLAG_READ_TIMEOUT_MS + 500, `waited ${elapsed} ms`);
            assert.match(JSON.parse(warnings[0]).problem, /no answer within 1000 ms/);
            assert.equal(drillFault(state, OWN_REGION), undefined);
        });
    });

    describe("failover Lambda", () => {
        let fakes: Record<string, FakeRegion> = {};
        let restoreEnv: () => void = () => undefined;
        afterEach(async () => {
            restoreEnv();
            await closeAll(fakes);
            fakes = {};
        });

        /** eu-central-1 (the function's own region) then eu-west-1, both healthy; settings in process.env. */
        async function regions(extraEnv: Record<string, string | undefined>): Promise<void> {
            fakes = await startFakeRegions([{ name: "eu-central-1", latencyMs: 5 }, { name: "eu-west-1", latencyMs: 5 }]);
            const chain = [step(fakes["eu-central-1"], { region: "eu-central-1" }), step(fakes["eu-west-1"], { region: "eu-west-1" })];
            restoreEnv = setEnv({ [FAILOVER_SETTINGS_ENV]: JSON.stringify(failoverSettings(chain)), AWS_REGION: OWN_REGION, [BEDROCK_FAULT_FLAG_ENV]: PARAMETER, ...extraEnv });
        }

        it("flag raised: answers from the next region and never calls its own region's Bedrock", async () => {
            await regions({});
            ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
            const { result } = await capturingLogs(() => handleFailoverInvocation(HELLO, CONTEXT, process.env, {}));
            const reply = expectAnswer(result);
            assert.equal(reply.region, "eu-west-1");
            assert.equal(reply.text, "answer from eu-west-1");
            assert.equal(reply.attempts[0].outcome, "server-error");
            assert.equal(fakes["eu-central-1"].modelCalls(), 0);
        });

        it("flag raised: the own region's breaker opens as in a real outage", async () => {
            await regions({});
            ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
            const warm: WarmFailoverState = {};
            const { result } = await capturingLogs(async () => {
                for (let i = 0; i < 3; i++) await handleFailoverInvocation(HELLO, CONTEXT, process.env, warm);
                return handleFailoverInvocation(HELLO, CONTEXT, process.env, warm);
            });
            assert.equal(warm.engine?.breakers()["eu-central-1"].status, "open");
            assert.equal(expectAnswer(result).attempts[0].outcome, "skipped-circuit-open");
            assert.equal(fakes["eu-central-1"].modelCalls(), 0);
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 1, "one read for the four requests (cached)");
        });

        it("flag raised in another region: this region's chain is untouched", async () => {
            await regions({ AWS_REGION: "eu-west-1" });
            ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
            const reply = expectAnswer(await handleFailoverInvocation(HELLO, CONTEXT, process.env, {}));
            assert.equal(reply.region, "eu-central-1");
            assert.equal(fakes["eu-west-1"].modelCalls(), 0, "the function's own region (eu-west-1) was not needed");
        });

        it("flag expired (written longer ago than its minutes): the own region serves", async () => {
            await regions({});
            ssm.on(GetParameterCommand).resolves(parameter(RAISED(5), 6 * 60_000));
            const { result, lines } = await capturingLogs(() => handleFailoverInvocation(HELLO, CONTEXT, process.env, {}));
            assert.equal(expectAnswer(result).region, "eu-central-1");
            assert.equal(fakes["eu-central-1"].modelCalls(), 1);
            assert.deepEqual(records(lines), [], "nothing to warn about");
        });

        it("SSM error: the own region serves, and a warning is logged", async () => {
            await regions({});
            ssm.on(GetParameterCommand).rejects(Object.assign(new Error("User is not authorized to perform: ssm:GetParameter"), { name: "AccessDeniedException" }));
            const { result, lines } = await capturingLogs(() => handleFailoverInvocation(HELLO, CONTEXT, process.env, {}));
            assert.equal(expectAnswer(result).region, "eu-central-1");
            assert.equal(fakes["eu-central-1"].modelCalls(), 1);
            const warning = records(lines).find((l) => l.event === "drill-fault-flag-unreadable");
            assert.ok(warning, `warning logged: ${lines.join("\n")}`);
            assert.match(warning.problem ?? "", /AccessDeniedException/);
        });

        it("drills off (no parameter variable): no SSM call at all", async () => {
            await regions({ [BEDROCK_FAULT_FLAG_ENV]: undefined });
            ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
            const warm: WarmFailoverState = {};
            for (let i = 0; i < 2; i++) assert.equal(expectAnswer(await handleFailoverInvocation(HELLO, CONTEXT, process.env, warm)).region, "eu-central-1");
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 0);
            assert.equal(warm.faultFlag?.client, undefined, "no SSM client was even built");
        });

        it("serialized callback (what deploys): the drill flag is honoured through the bundled SSM client", async () => {
            const restoreGlobal = installAwslambda();
            const callback = await loadSerializedFactory(failoverCallbackFactory());
            try {
                await regions({});
                ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
                const { result } = await capturingLogs(() => invokeCollected<FailoverReply>(callback.handler, HELLO, CONTEXT));
                assert.equal(expectAnswer(result).region, "eu-west-1");
                assert.equal(fakes["eu-central-1"].modelCalls(), 0);
            } finally {
                callback.dispose();
                restoreGlobal();
            }
        });
    });

    describe("health-check Lambda", () => {
        let cloudWatch: AwsClientStub<CloudWatchClient>;
        let fakes: Record<string, FakeRegion> = {};
        let restoreEnv: () => void = () => undefined;
        before(() => (cloudWatch = mockClient(CloudWatchClient)));
        after(() => cloudWatch.restore());
        beforeEach(async () => {
            cloudWatch.reset();
            cloudWatch.on(PutMetricDataCommand).resolves({});
            fakes = await startFakeRegions([{ name: "eu-central-1" }, { name: "eu-west-1" }]);
            // One round (runForMs < interval + probe), and one probe settles a region either way.
            // Probe deadlines of 2 s: no region here hangs, and with one probe deciding, a loaded
            // machine must not turn a slow loopback answer into a region down.
            const slack = { probeTimeoutMs: 2000 };
            const settings = healthSettings([target(fakes["eu-central-1"], 70, slack), target(fakes["eu-west-1"], 30, slack)], { failureThreshold: 1, recoveryThreshold: 1, probeIntervalMs: 2000, runForMs: 200 });
            restoreEnv = setEnv({ [HEALTH_SETTINGS_ENV]: JSON.stringify(settings), AWS_REGION: OWN_REGION, [BEDROCK_FAULT_FLAG_ENV]: PARAMETER });
        });
        afterEach(async () => {
            restoreEnv();
            await closeAll(fakes);
            fakes = {};
        });
        const scheduled = { source: "aws.events", "detail-type": "Scheduled Event" };

        it("flag raised: the own region's Bedrock probe fails (the region goes down), the others pass", async () => {
            ssm.on(GetParameterCommand).resolves(parameter(RAISED()));
            const warm: WarmHealthState = {};
            const { result, lines } = await capturingLogs(() => handleHealthInvocation(scheduled, CONTEXT, process.env, warm));
            const probe = result as ProbeLoopResult;
            assert.deepEqual(probe.statuses, { "eu-central-1": "down", "eu-west-1": "up" });
            assert.equal(fakes["eu-central-1"].modelCalls(), 0, "no Bedrock call in the faulted region");
            assert.ok(fakes["eu-central-1"].received.some((r) => r.path === "/health"), "its endpoint is still probed");
            const change = records(lines).find((l) => l.event === "region-health" && l.region === "eu-central-1");
            assert.match(change?.error ?? "", /^bedrock: ServiceUnavailableException.*drill/);
            assert.equal(ssm.commandCalls(GetParameterCommand).length, 1);
        });

        it("resting flag: every region passes", async () => {
            ssm.on(GetParameterCommand).resolves(parameter(RESTING));
            const { result } = await capturingLogs(() => handleHealthInvocation(scheduled, CONTEXT, process.env, {}));
            assert.deepEqual((result as ProbeLoopResult).statuses, { "eu-central-1": "up", "eu-west-1": "up" });
            assert.ok(fakes["eu-central-1"].modelCalls() >= 1, "the own region's Bedrock is probed");
        });
    });
});
