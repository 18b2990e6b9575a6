/**
 * Streaming failover end to end over real HTTP on 127.0.0.1: a client POSTs to a stand-in function
 * URL (RESPONSE_STREAM) serving the serialized callbackFactory (what deploys), whose engine calls
 * fake regions through the real Bedrock runtime client (ConverseStream / InvokeModelWithResponseStream
 * event streams). Timings scaled down: first-token hedge 80 ms, first-token timeout 300 ms,
 * stall timeout 250 ms, overall deadline 600 ms.
 */
import * as assert from "node:assert/strict";
import { deflateRawSync } from "node:zlib";
import { failoverCallbackFactory } from "../../components/bedrock/handlers";
import { FAILOVER_SETTINGS_ENV, type ChainStep, type FailoverSettings } from "../../functions/contract";
import type { StreamingHandler } from "../../functions/lambda";
import { capturingLogs, failoverSettings, HELLO, step } from "../support/bedrockFixtures";
import { closeAll, startFakeRegions, streamedText, type FakeRegion, type FakeRegionOptions } from "../support/fakeBedrock";
import { installAwslambda, postForEvents as post, startFunctionUrl, type FunctionUrl, type SseMessage } from "../support/lambdaStreaming";
import { loadSerializedFactory, setEnv, type LoadedFactory } from "../support/serializedCallback";

const PRIMARY = "eu-central-1";
const SECONDARY = "eu-west-1";

describe("streaming failover through the function URL (serialized factory, fake regions)", function () {
    this.timeout(10_000);
    let fn: LoadedFactory<StreamingHandler>;
    let restoreGlobal: () => void;
    let fakes: Record<string, FakeRegion> = {};
    let restoreEnv: () => void = () => undefined;
    let url: FunctionUrl | undefined;
    // One factory for the whole file: serialized once, loaded as a module of its own per test.
    const factory = failoverCallbackFactory();

    before(async () => {
        restoreGlobal = installAwslambda();
        fn = await loadSerializedFactory(factory);
    });
    after(() => {
        fn.dispose();
        restoreGlobal();
    });
    afterEach(async () => {
        restoreEnv();
        await url?.close();
        url = undefined;
        await closeAll(fakes);
        fakes = {};
    });

    /** Fake regions (primary first) and a fresh function URL over them (a new container: fresh breakers). */
    async function setUp(specs: Array<Omit<FakeRegionOptions, "latencyMs"> & { latencyMs?: number }>, settings: Partial<FailoverSettings> = {}, chain?: (f: Record<string, FakeRegion>) => ChainStep[]): Promise<string> {
        fakes = await startFakeRegions(specs.map((s) => ({ latencyMs: 5, ...s })));
        const steps = chain ? chain(fakes) : specs.map((s) => step(fakes[s.name], { region: s.name }));
        restoreEnv = setEnv({ [FAILOVER_SETTINGS_ENV]: JSON.stringify(failoverSettings(steps, settings)) });
        const loaded = await loadSerializedFactory(factory);
        url = await startFunctionUrl(loaded.handler, () => ({ getRemainingTimeInMillis: () => 30_000 }));
        return url.url;
    }

    /** The handler logs failovers (console.warn): kept out of the test output. */
    const postForEvents = async (endpoint: string, body: unknown) => (await capturingLogs(() => post(endpoint, body))).result;
    const texts = (events: readonly SseMessage[]): string => events.filter((e) => e.event === "token").map((e) => (e.data as { text: string }).text).join("");
    const last = (events: readonly SseMessage[]): SseMessage => events[events.length - 1];
    const stream = (body: object = HELLO) => ({ ...body, stream: true });

    it("serialized: nothing but the AWS SDK is required, and the text fits the 64 KB budget", () => {
        const required = [...fn.text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
        assert.deepEqual(required.filter((m) => !m.startsWith("@aws-sdk/")), []);
        // The budget is 64 KB zipped; deflate is what zip stores the one file with.
        const zipped = deflateRawSync(fn.text).length;
        assert.ok(zipped < 64 * 1024, `serialized text is ${fn.text.length} bytes, ${zipped} deflated`);
    });

    it("healthy: token events as they are written, then metadata and done", async () => {
        // The first request of a fresh module loads the SDK: on a starved machine that can outlast
        // the 80 ms first-token hedge (a stream hedges on firstTokenHedgeMs, not hedgeDelayMs),
        // and a hedge is not what this test is about.
        const endpoint = await setUp([{ name: PRIMARY, streamChunks: 4, chunkIntervalMs: 20 }, { name: SECONDARY }], { firstTokenHedgeMs: 5000, firstTokenTimeoutMs: 5000, overallDeadlineMs: 8000 });
        const { status, contentType, events } = await postForEvents(endpoint, stream());
        assert.equal(status, 200);
        assert.equal(contentType, "text/event-stream");
        assert.equal(texts(events), streamedText(PRIMARY, 4));
        assert.deepEqual(events.slice(-2).map((e) => e.event), ["metadata", "done"]);
        const metadata = events[events.length - 2].data as { region: string; model: string; usage: { outputTokens: number } };
        assert.equal(metadata.region, PRIMARY);
        assert.equal(metadata.usage.outputTokens, 4);
        assert.deepEqual(last(events).data, { stopReason: "end_turn" });
        const tokens = events.filter((e) => e.event === "token");
        assert.ok(tokens[3].atMs > tokens[0].atMs, "tokens arrive spread over time, not in one piece at the end");
        assert.equal(fakes[SECONDARY].modelCalls(), 0);
    });

    it("invoke steps stream through InvokeModelWithResponseStream (Anthropic native events)", async () => {
        const endpoint = await setUp([{ name: PRIMARY }], {}, (f) => [step(f[PRIMARY], { region: PRIMARY, api: "invoke", modelId: "anthropic.claude-3-haiku-20240307-v1:0" })]);
        const { events } = await postForEvents(endpoint, stream());
        assert.equal(texts(events), streamedText(PRIMARY, 3));
        assert.equal(last(events).event, "done");
        assert.match(fakes[PRIMARY].received[0].path, /\/invoke-with-response-stream$/);
    });

    it("primary hangs before its first token: the hedge streams the answer; no error reaches the client", async () => {
        const endpoint = await setUp([{ name: PRIMARY, fault: "hang" }, { name: SECONDARY }]);
        const { events } = await postForEvents(endpoint, stream());
        assert.equal(texts(events), streamedText(SECONDARY, 3));
        assert.equal(last(events).event, "done");
        assert.ok(!events.some((e) => e.event === "error"));
    });

    for (const fault of ["stall", "abort", "truncate"] as const) {
        it(`${fault} after the first token: the stream ends with an explicit error event, never done`, async () => {
            const endpoint = await setUp([{ name: PRIMARY, fault, faultAfterChunks: 1 }, { name: SECONDARY }]);
            const { status, events } = await postForEvents(endpoint, stream());
            assert.equal(status, 200, "headers went out with the first token");
            assert.equal(texts(events), streamedText(PRIMARY, 1));
            assert.equal(last(events).event, "error");
            assert.ok(!events.some((e) => e.event === "done"));
            const error = last(events).data as { error: string; regions: Array<{ region: string; outcome: string }> };
            assert.equal(error.regions[0].region, PRIMARY);
            assert.equal(error.regions[0].outcome, fault === "stall" ? "stalled" : "incomplete-stream");
            assert.equal(fakes[SECONDARY].modelCalls(), 0, "no failover once text was sent");
        });
    }

    it("stalls after the first token count against the region: after its threshold (3) the next requests go to the secondary", async () => {
        const endpoint = await setUp([{ name: PRIMARY, fault: "stall", faultAfterChunks: 2 }, { name: SECONDARY }]);
        const ends: string[] = [];
        for (let i = 0; i < 5; i++) ends.push(last((await postForEvents(endpoint, stream())).events).event);
        assert.deepEqual(ends, ["error", "error", "error", "done", "done"]);
        assert.equal(fakes[PRIMARY].modelCalls(), 3, "an open breaker sends nothing");
    });

    it("stall before the first token (messageStart, then nothing): free failover to the secondary", async () => {
        const endpoint = await setUp([{ name: PRIMARY, fault: "stall", faultAfterChunks: 0 }, { name: SECONDARY }]);
        const { events } = await postForEvents(endpoint, stream());
        assert.equal(texts(events), streamedText(SECONDARY, 3));
        assert.equal(last(events).event, "done");
    });

    const failingOver: Array<[FakeRegionOptions["fault"] & string, string]> = [
        ["throttle", "throttled"],
        ["unavailable", "server-error"],
        ["internal", "server-error"],
        ["refused", "network"],
        ["access-denied", "access-denied"],
        ["not-found", "model-unavailable"],
    ];
    for (const [fault, outcome] of failingOver) {
        it(`primary ${fault}: the next step streams the answer; metadata records ${outcome}`, async () => {
            const endpoint = await setUp([{ name: PRIMARY, fault }, { name: SECONDARY }], { firstTokenHedgeMs: 250 });
            const { events } = await postForEvents(endpoint, stream());
            assert.equal(texts(events), streamedText(SECONDARY, 3));
            const metadata = events[events.length - 2].data as { attempts: Array<{ region: string; outcome: string }> };
            assert.equal(metadata.attempts[0].outcome, outcome);
        });
    }

    it("validation error: answered at once with 400 and one error event; no other region is called", async () => {
        const endpoint = await setUp([{ name: PRIMARY, fault: "validation" }, { name: SECONDARY }]);
        const { status, events } = await postForEvents(endpoint, stream());
        assert.equal(status, 400);
        assert.deepEqual(events.map((e) => e.event), ["error"]);
        assert.equal(fakes[SECONDARY].modelCalls(), 0);
    });

    it("AccessDenied counts against that step only: later requests skip it, the region's other model still serves", async () => {
        const other = "eu.anthropic.claude-3-haiku-20240307-v1:0";
        const endpoint = await setUp([{ name: PRIMARY, fault: (_n, req) => (req.modelId === other ? "ok" : "access-denied") }], { firstTokenHedgeMs: 250 }, (f) => [
            step(f[PRIMARY], { region: PRIMARY }),
            step(f[PRIMARY], { region: PRIMARY, modelId: other }),
        ]);
        await capturingLogs(async () => {
            for (let i = 0; i < 4; i++) {
                const { events } = await postForEvents(endpoint, stream());
                assert.equal(last(events).event, "done", `request ${i}`);
            }
        });
        const denied = fakes[PRIMARY].received.filter((r) => r.modelId !== other).length;
        assert.equal(denied, 3, "after 3 refusals (the step's threshold) the denied step is skipped; the region is not");
    });

    it("every breaker open: the least recently failed region is probed, and a recovered region serves at once", async () => {
        const endpoint = await setUp([{ name: PRIMARY, fault: "unavailable" }, { name: SECONDARY, fault: "unavailable" }], { firstTokenHedgeMs: 250 });
        await capturingLogs(async () => {
            for (let i = 0; i < 3; i++) assert.equal(last((await postForEvents(endpoint, stream())).events).event, "error");
        });
        // Both breakers are open now (threshold 3, cool-down 60 s). The secondary recovers.
        await fakes[SECONDARY].setFault("ok");
        const { events } = await postForEvents(endpoint, stream());
        assert.equal(texts(events), streamedText(SECONDARY, 3), "served long before the 60 s cool-down");
        assert.equal(last(events).event, "done");
    });

    it("every region down: one error event naming each region, with 503", async () => {
        const endpoint = await setUp([{ name: PRIMARY, fault: "refused" }, { name: SECONDARY, fault: "unavailable" }]);
        const { status, events } = await capturingLogs(() => postForEvents(endpoint, stream())).then((r) => r.result);
        assert.equal(status, 503);
        const error = events[0].data as { error: string; regions: Array<{ region: string }> };
        assert.deepEqual(error.regions.map((r) => r.region), [PRIMARY, SECONDARY]);
    });

    it("stream false: one application/json answer (buffered Converse), as before", async () => {
        const endpoint = await setUp([{ name: PRIMARY }, { name: SECONDARY }]);
        const res = await fetch(endpoint, { method: "POST", body: JSON.stringify(HELLO) });
        assert.equal(res.status, 200);
        assert.equal(res.headers.get("content-type"), "application/json");
        const reply = (await res.json()) as { ok: boolean; text: string };
        assert.equal(reply.text, `answer from ${PRIMARY}`);
    });

    it("residency floor: a step in us-east-1 is refused although allowedRegions lists it", async () => {
        const endpoint = await setUp([{ name: "us-east-1" }, { name: SECONDARY }], { allowedRegions: ["us-east-1", SECONDARY] });
        const { events } = await postForEvents(endpoint, stream());
        assert.equal(texts(events), streamedText(SECONDARY, 3));
        assert.equal(fakes["us-east-1"].modelCalls(), 0);
        const metadata = events[events.length - 2].data as { attempts: Array<{ outcome: string; detail?: string }> };
        assert.equal(metadata.attempts[0].outcome, "skipped-residency");
        assert.match(metadata.attempts[0].detail ?? "", /outside the "eu" residency zone/);
    });
});
