/**
 * What deploys is what was tested: the inline callbacks of components/bedrock/handlers.ts are
 * serialized with Pulumi's closure serializer, loaded from a temp dir and invoked like Lambda
 * invokes them, with settings in process.env, against fake regions on loopback.
 */
import { CloudWatchClient, PutMetricDataCommand } from "@aws-sdk/client-cloudwatch";
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client } from "@aws-sdk/client-route-53";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import * as assert from "node:assert/strict";
import { failoverCallbackFactory, healthCheckCallback } from "../../components/bedrock/handlers";
import { FAILOVER_SETTINGS_ENV, HEALTH_SETTINGS_ENV } from "../../functions/contract";
import type { FailoverReply } from "../../functions/failover/handler";
import type { HealthInvocationResult, ProbeLoopResult } from "../../functions/health/handler";
import type { HttpResult, StreamingHandler } from "../../functions/lambda";
import * as zlib from "node:zlib";
import { installAwslambda, invokeCollected } from "../support/lambdaStreaming";
import { capturingLogs, failoverSettings, healthSettings, HELLO, step, target } from "../support/bedrockFixtures";
import { closeAll, startFakeRegions, type FakeRegion } from "../support/fakeBedrock";
import { loadSerializedCallback, loadSerializedFactory, requiredModules, setEnv, type LoadedCallback, type LoadedFactory } from "../support/serializedCallback";

const LAMBDA_CONTEXT = { getRemainingTimeInMillis: () => 30_000 };

describe("serialized callbacks", function () {
    this.timeout(20_000);
    let fakes: Record<string, FakeRegion> = {};
    let restoreEnv: () => void = () => undefined;

    afterEach(async () => {
        restoreEnv();
        await closeAll(fakes);
        fakes = {};
    });

    describe("failover callback", () => {
        let loaded: LoadedFactory<StreamingHandler>;
        let restoreGlobal: () => void;
        // The deployed module calls the factory at load, where Lambda provides `awslambda`; a
        // stand-in plays it here (tests/support/lambdaStreaming.ts).
        before(async () => {
            restoreGlobal = installAwslambda();
            loaded = await loadSerializedFactory(failoverCallbackFactory());
        });
        after(() => {
            loaded.dispose();
            restoreGlobal();
        });
        const callback = {
            handler: (event: unknown, context: { getRemainingTimeInMillis(): number }): Promise<FailoverReply | HttpResult> => invokeCollected<FailoverReply>(loaded.handler, event, context),
            get text(): string {
                return loaded.text;
            },
        };

        async function regions(faults: Record<string, "ok" | "refused" | "hang" | "unavailable">): Promise<void> {
            fakes = await startFakeRegions(Object.entries(faults).map(([name, fault]) => ({ name, fault, latencyMs: 5 })));
            const chain = Object.keys(faults).map((name) => step(fakes[name], { region: name }));
            restoreEnv = setEnv({ [FAILOVER_SETTINGS_ENV]: JSON.stringify(failoverSettings(chain)) });
        }

        it("requires nothing but the AWS SDK (shipped by the Lambda runtime) and no Pulumi code", () => {
            const modules = requiredModules(callback.text);
            assert.ok(modules.length > 0);
            assert.deepEqual(modules.filter((m) => !m.startsWith("@aws-sdk/")), []);
            assert.ok(!callback.text.includes("@pulumi/"), "no Pulumi module in the Lambda code");
            // The budget is 64 KB zipped; deflate is what zip stores the one file with.
            const zipped = zlib.deflateRawSync(callback.text).length;
            assert.ok(zipped < 64 * 1024, `serialized text is ${callback.text.length} bytes, ${zipped} deflated`);
        });

        it("direct invoke: fails over from a refused primary to the secondary", async () => {
            await regions({ "eu-central-1": "refused", "eu-west-1": "ok" });
            const { result: reply, lines } = await capturingLogs(() => callback.handler(HELLO, LAMBDA_CONTEXT));
            assert.ok("ok" in reply && reply.ok, JSON.stringify(reply));
            assert.equal(reply.region, "eu-west-1");
            assert.equal(reply.text, "answer from eu-west-1");
            assert.equal(reply.attempts[0].outcome, "network");
            assert.match(lines.join("\n"), /"event":"bedrock-failover"/, "a failover is logged");
        });

        it("function URL: JSON in (base64), 200 and the answer out; 400 for a bad request", async () => {
            await regions({ "eu-central-1": "ok", "eu-west-1": "ok" });
            const event = { version: "2.0", requestContext: { http: { method: "POST" } }, isBase64Encoded: true, body: Buffer.from(JSON.stringify(HELLO)).toString("base64") };
            const ok = (await callback.handler(event, LAMBDA_CONTEXT)) as HttpResult;
            assert.equal(ok.statusCode, 200);
            assert.equal(JSON.parse(ok.body).text, "answer from eu-central-1");
            const bad = (await callback.handler({ ...event, isBase64Encoded: false, body: JSON.stringify({ messages: [] }) }, LAMBDA_CONTEXT)) as HttpResult;
            assert.equal(bad.statusCode, 400);
            assert.equal(JSON.parse(bad.body).error.kind, "invalid-request");
        });

        it("function URL: every region down is a 503 whose message names each region", async () => {
            await regions({ "eu-central-1": "refused", "eu-west-1": "unavailable" });
            const event = { requestContext: { http: { method: "POST" } }, body: JSON.stringify(HELLO) };
            const { result } = await capturingLogs(() => callback.handler(event, LAMBDA_CONTEXT));
            const response = result as HttpResult;
            assert.equal(response.statusCode, 503);
            const message: string = JSON.parse(response.body).error.message;
            assert.match(message, /eu-central-1 .*network.*; eu-west-1 .*server-error/);
        });

        it("keeps circuit breakers across invocations of one container (warm state survives serialization)", async () => {
            await regions({ "eu-central-1": "unavailable", "eu-west-1": "ok" });
            await capturingLogs(async () => {
                for (let i = 0; i < 4; i++) await callback.handler(HELLO, LAMBDA_CONTEXT);
            });
            assert.equal(fakes["eu-central-1"].modelCalls(), 3, "the 4th invocation skipped the open breaker");
        });

        it("never runs past the Lambda's remaining time", async () => {
            await regions({ "eu-central-1": "hang", "eu-west-1": "hang" });
            const started = Date.now();
            const { result } = await capturingLogs(() => callback.handler(HELLO, { getRemainingTimeInMillis: () => 400 }));
            const elapsed = Date.now() - started;
            assert.ok(!("statusCode" in result) && !result.ok);
            assert.equal(result.error.kind, "deadline");
            assert.ok(elapsed < 400, `answered after ${elapsed} ms with 400 ms left`);
        });

        it("throws on missing settings (a deployment error, visible as a Lambda error)", async () => {
            restoreEnv = setEnv({ [FAILOVER_SETTINGS_ENV]: undefined });
            await assert.rejects(callback.handler(HELLO, LAMBDA_CONTEXT), /BEDROCK_FAILOVER_SETTINGS is not set/);
        });
    });

    describe("health-check callback", () => {
        let callback: LoadedCallback<unknown, HealthInvocationResult>;
        let cloudWatch: AwsClientStub<CloudWatchClient>;
        let route53: AwsClientStub<Route53Client>;
        before(async () => {
            callback = await loadSerializedCallback(healthCheckCallback());
            cloudWatch = mockClient(CloudWatchClient);
            route53 = mockClient(Route53Client);
        });
        after(() => {
            callback.dispose();
            cloudWatch.restore();
            route53.restore();
        });
        beforeEach(async () => {
            cloudWatch.reset();
            cloudWatch.on(PutMetricDataCommand).resolves({});
            route53.reset();
            fakes = await startFakeRegions([{ name: "eu-central-1" }, { name: "eu-west-1" }, { name: "eu-west-3" }]);
        });

        function settingsEnv(runForMs: number): Record<string, string> {
            const settings = healthSettings([target(fakes["eu-central-1"], 70), target(fakes["eu-west-1"], 20), target(fakes["eu-west-3"], 10)], {
                probeIntervalMs: 300,
                runForMs,
                route53: { hostedZoneId: "Z0123456789ABC", recordName: "api.example.com", recordType: "A" },
            });
            return { [HEALTH_SETTINGS_ENV]: JSON.stringify(settings) };
        }

        it("requires nothing but the AWS SDK and no Pulumi code", () => {
            assert.deepEqual(requiredModules(callback.text).filter((m) => !m.startsWith("@aws-sdk/")), []);
            assert.ok(!callback.text.includes("@pulumi/"));
        });

        it("scheduled event: probes in rounds, publishes per-region health, and a warm container remembers it", async () => {
            restoreEnv = setEnv(settingsEnv(1000));
            const scheduled = { source: "aws.events", "detail-type": "Scheduled Event" };
            const first = (await capturingLogs(() => callback.handler(scheduled, LAMBDA_CONTEXT))).result as ProbeLoopResult;
            // Rounds every 300 ms for 1 s: at 0, 300 and 600 ms unless a slow round delays the rest.
            assert.ok(first.rounds >= 2 && first.rounds <= 3, `${first.rounds} rounds`);
            assert.deepEqual(first.statuses, { "eu-central-1": "up", "eu-west-1": "up", "eu-west-3": "up" });
            assert.deepEqual(first.weights, { "eu-central-1": 70, "eu-west-1": 20, "eu-west-3": 10 });
            const published = cloudWatch.commandCalls(PutMetricDataCommand);
            assert.equal(published.length, first.rounds - 1, "nothing published in the first (cold, unknown) round, then every round");
            assert.equal(published[0].args[0].input.Namespace, "AiPlatform/Health");

            // The next invocation starts from the remembered states, not from "unknown".
            await fakes["eu-central-1"].setFault("refused");
            restoreEnv();
            restoreEnv = setEnv(settingsEnv(200));
            const { result } = await capturingLogs(() => callback.handler(scheduled, LAMBDA_CONTEXT));
            const second = result as ProbeLoopResult;
            assert.equal(second.rounds, 1);
            assert.equal(second.statuses["eu-central-1"], "up", "one failure after a warm 'up' is not an outage");
        });

        it("drain event: sets Route 53 weights through the API", async () => {
            restoreEnv = setEnv(settingsEnv(1000));
            const records = ["eu-central-1", "eu-west-1", "eu-west-3"].map((region, i) => ({
                Name: "api.example.com.",
                Type: "A" as const,
                SetIdentifier: region,
                Weight: [70, 20, 10][i],
                AliasTarget: { HostedZoneId: "Z2", DNSName: `${region}.example.`, EvaluateTargetHealth: true },
            }));
            route53.on(ListResourceRecordSetsCommand).resolves({ IsTruncated: false, MaxItems: 100, ResourceRecordSets: records });
            route53.on(ChangeResourceRecordSetsCommand).resolves({});
            const result = await callback.handler({ action: "drain", regions: ["eu-west-1"] }, LAMBDA_CONTEXT);
            assert.equal(result.action, "drain");
            assert.deepEqual(result.weights, { "eu-central-1": 70, "eu-west-1": 0, "eu-west-3": 10 });
            const change = route53.commandCalls(ChangeResourceRecordSetsCommand)[0].args[0].input.ChangeBatch?.Changes?.[0];
            assert.deepEqual([change?.ResourceRecordSet?.SetIdentifier, change?.ResourceRecordSet?.Weight], ["eu-west-1", 0]);
        });
    });
});
