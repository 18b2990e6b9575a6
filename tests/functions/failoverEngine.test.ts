/**
 * The failover engine end to end over real HTTP: the real BedrockRuntimeClient (default HTTP/2
 * handler, static credentials, endpoint override) against fake regions on 127.0.0.1 with faults.
 * Timings are scaled down: per-attempt timeout 200 ms, hedge delay 50 ms, overall deadline 600 ms.
 */
import * as assert from "node:assert/strict";
import type { ChainStep, FailoverSettings } from "../../functions/contract";
import { bedrockClients, bedrockInvoker } from "../../functions/failover/bedrockInvoker";
import { createFailoverEngine, type FailoverEngine, type FailoverFailure, type FailoverOutcome, type FailoverSuccess } from "../../functions/failover/engine";
import { failoverSettings, HELLO, step } from "../support/bedrockFixtures";
import { closeAll, FAKE_CREDENTIALS, startFakeRegions, type FakeRegion, type FaultKind, type FaultPlan } from "../support/fakeBedrock";

describe("failover engine against fake Bedrock endpoints", function () {
    this.timeout(5000);
    let fakes: Record<string, FakeRegion> = {};

    // The SDK loads parts of itself on the first call; do that once so no test pays for it.
    before(async () => {
        const warmUp = await startFakeRegions([{ name: "eu-central-1" }]);
        const engine = createFailoverEngine(failoverSettings([step(warmUp["eu-central-1"], { region: "eu-central-1" })], { hedgeDelayMs: 1000 }), { invoke: bedrockInvoker(bedrockClients({ credentials: FAKE_CREDENTIALS })) });
        await engine.run(HELLO);
        await closeAll(warmUp);
    });

    afterEach(async () => {
        await closeAll(fakes);
        fakes = {};
    });

    /** Fakes for three EU regions (primary first) with these faults, and an engine over them. */
    async function setUp(faults: Record<string, FaultPlan>, options: { latencyMs?: number; settings?: Partial<FailoverSettings>; chain?: (f: Record<string, FakeRegion>) => ChainStep[] } = {}): Promise<FailoverEngine> {
        const names = Object.keys(faults);
        fakes = await startFakeRegions(names.map((name) => ({ name, fault: faults[name], latencyMs: options.latencyMs ?? 5 })));
        const chain = options.chain ? options.chain(fakes) : names.map((name) => step(fakes[name], { region: name }));
        return createFailoverEngine(failoverSettings(chain, options.settings), { invoke: bedrockInvoker(bedrockClients({ credentials: FAKE_CREDENTIALS })) });
    }

    function expectAnswer(outcome: FailoverOutcome, region: string): FailoverSuccess {
        assert.ok(outcome.ok, `expected an answer, got: ${outcome.ok ? "" : outcome.message}`);
        assert.equal(outcome.region, region);
        assert.equal(outcome.answer.text, `answer from ${region}`);
        return outcome;
    }

    function expectFailure(outcome: FailoverOutcome): FailoverFailure {
        assert.ok(!outcome.ok, "expected a failure");
        return outcome;
    }

    it("healthy: the primary answers and nobody else is called", async () => {
        const engine = await setUp({ "eu-central-1": "ok", "eu-west-1": "ok", "eu-west-3": "ok" }, { settings: { hedgeDelayMs: 1000 } });
        const outcome = expectAnswer(await engine.run(HELLO), "eu-central-1");
        assert.equal(outcome.attempts[0].outcome, "ok");
        assert.deepEqual([fakes["eu-central-1"].modelCalls(), fakes["eu-west-1"].modelCalls(), fakes["eu-west-3"].modelCalls()], [1, 0, 0]);
    });

    // Fast faults: the next region starts as soon as the primary fails. The hedge delay is set
    // far away (1 s) so that only the failure itself can have started the secondary.
    const fastFaults: Array<[FaultKind, string]> = [
        ["refused", "network"],
        ["throttle", "throttled"],
        ["unavailable", "server-error"],
        ["internal", "server-error"],
        ["malformed", "malformed-response"],
        ["reset", "network"],
    ];
    for (const [fault, kind] of fastFaults) {
        it(`primary ${fault}: fails over at once and records ${kind}`, async () => {
            const engine = await setUp({ "eu-central-1": fault, "eu-west-1": "ok", "eu-west-3": "ok" }, { settings: { hedgeDelayMs: 1000 } });
            const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
            const [primary, secondary] = outcome.attempts;
            assert.equal(primary.outcome, kind);
            const failedAt = (primary.startedAtMs ?? NaN) + (primary.elapsedMs ?? NaN);
            const gap = (secondary.startedAtMs ?? NaN) - failedAt;
            assert.ok(gap >= 0 && gap < 50, `secondary started at ${secondary.startedAtMs} ms, primary failed at ${failedAt} ms (hedge delay 1000 ms)`);
            // Before the hedge delay: the failure, not the hedge timer, moved the request on.
            assert.ok(outcome.latencyMs < 1000, `failover took ${outcome.latencyMs} ms (hedge delay 1000 ms)`);
            assert.equal(fakes["eu-west-3"].modelCalls(), 0);
        });
    }

    it("primary hangs: the hedge answers after the hedge delay, long before the primary's timeout, and the primary call is aborted", async () => {
        const engine = await setUp({ "eu-central-1": "hang", "eu-west-1": "ok", "eu-west-3": "ok" });
        const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
        // The hedge started no earlier than its delay, and won while the primary was still within
        // its own deadline (outpaced, not timed out). How long after the delay depends on the
        // machine's load, which the engine discounts: no upper bound on wall time here.
        assert.ok((outcome.attempts[1].startedAtMs ?? -1) >= 49, `hedge started at ${outcome.attempts[1].startedAtMs} ms; hedge delay 50`);
        assert.equal(outcome.attempts[0].outcome, "outpaced");
        await waitFor(() => fakes["eu-central-1"].abortedByClient() === 1, "the hanging primary stream to be aborted");
    });

    it("primary hangs and no hedge is allowed (hedge delay = timeout): the per-attempt deadline aborts it", async () => {
        const engine = await setUp({ "eu-central-1": "hang", "eu-west-1": "ok" }, { settings: { hedgeDelayMs: 1000 } });
        const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.equal(outcome.attempts[0].outcome, "timeout");
        assert.ok(outcome.attempts[0].elapsedMs !== undefined && outcome.attempts[0].elapsedMs >= 195 && outcome.attempts[0].elapsedMs < 600, `primary attempt ran ${outcome.attempts[0].elapsedMs} ms for a 200 ms deadline`);
    });

    it("slow but successful primary, nothing faster elsewhere: the slow answer is used", async () => {
        const engine = await setUp({ "eu-central-1": "ok", "eu-west-1": "hang", "eu-west-3": "refused" });
        fakes["eu-central-1"].setLatency(120);
        const outcome = expectAnswer(await engine.run(HELLO), "eu-central-1");
        // The other regions hang or refuse: an answer from the primary means it was waited for
        // past the hedge, within its own deadline.
        assert.ok(outcome.latencyMs >= 120, `answered in ${outcome.latencyMs} ms: ${JSON.stringify(outcome.attempts)}`);
        assert.equal(outcome.attempts[1].outcome, "cancelled", "the hedge started later and lost: not held against its region");
    });

    it("slow primary, fast secondary: the first good answer wins; the outpaced primary is watched to its answer and not held against it", async () => {
        const engine = await setUp({ "eu-central-1": "ok", "eu-west-1": "ok" });
        fakes["eu-central-1"].setLatency(150);
        const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.equal(outcome.attempts[0].outcome, "outpaced");
        await engine.idle();
        assert.deepEqual(engine.breakers()["eu-central-1"], { status: "closed", consecutiveFailures: 0 });
    });

    it("validation at the primary: answered at once, no other region is tried", async () => {
        const engine = await setUp({ "eu-central-1": "validation", "eu-west-1": "ok", "eu-west-3": "ok" });
        const outcome = expectFailure(await engine.run(HELLO));
        assert.equal(outcome.kind, "rejected");
        assert.equal(outcome.cause, "validation");
        assert.equal(fakes["eu-west-1"].modelCalls() + fakes["eu-west-3"].modelCalls(), 0);
        assert.equal(engine.breakers()["eu-central-1"]?.status ?? "closed", "closed", "the caller's error is not the region's");
    });

    for (const [fault, kind] of [["access-denied", "access-denied"], ["not-found", "model-unavailable"]] as const) {
        it(`${fault} at the primary: the next step answers; it counts against that (region, model) step, not the region`, async () => {
            const engine = await setUp({ "eu-central-1": fault, "eu-west-1": "ok" }, { settings: { hedgeDelayMs: 1000 } });
            const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
            assert.equal(outcome.attempts[0].outcome, kind);
            const states = engine.breakers();
            assert.deepEqual(states["eu-central-1 eu.anthropic.claude-3-7-sonnet-20250219-v1:0"], { status: "closed", consecutiveFailures: 1 });
            assert.deepEqual(states["eu-central-1"], { status: "closed", consecutiveFailures: 0 }, "the region answered: it is up");
        });
    }

    it("residency guard: a non-EU step is never called, even first in the chain", async () => {
        const engine = await setUp(
            { "us-east-1": "ok", "eu-central-1": "ok", "eu-west-1": "ok" },
            {
                chain: (f) => [
                    step(f["us-east-1"], { region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0" }),
                    step(f["eu-central-1"], { region: "eu-central-1", modelId: "us.anthropic.claude-3-haiku-20240307-v1:0" }),
                    step(f["eu-west-1"], { region: "eu-west-1" }),
                ],
            },
        );
        const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.deepEqual(outcome.attempts.map((a) => a.outcome), ["skipped-residency", "skipped-residency", "ok"]);
        assert.equal(fakes["us-east-1"].modelCalls(), 0);
        assert.equal(fakes["eu-central-1"].modelCalls(), 0, "an EU region with a US inference profile is refused too");
    });

    it("residency guard: with only non-EU steps the request fails without any call", async () => {
        const engine = await setUp({ "us-east-1": "ok" }, { chain: (f) => [step(f["us-east-1"], { region: "us-east-1" })] });
        const outcome = expectFailure(await engine.run(HELLO));
        assert.equal(outcome.kind, "all-failed");
        assert.match(outcome.message, /us-east-1 .*refused by the residency guard/);
        assert.equal(fakes["us-east-1"].modelCalls(), 0);
    });

    it("all down (refused, hanging, 503): one error listing every region, within the overall deadline", async () => {
        const engine = await setUp({ "eu-central-1": "refused", "eu-west-1": "hang", "eu-west-3": "unavailable" });
        const started = Date.now();
        const outcome = expectFailure(await engine.run(HELLO));
        const elapsed = Date.now() - started;
        assert.ok(elapsed <= 600 + 50, `took ${elapsed} ms for a 600 ms overall deadline`);
        assert.equal(outcome.kind, "all-failed");
        assert.match(outcome.message, /All 3 steps of the "eu" failover chain failed/);
        assert.match(outcome.message, /eu-central-1 \([^)]+\): network, .*ECONNREFUSED/);
        assert.match(outcome.message, /eu-west-1 \([^)]+\): timeout, no answer within \d+ ms/);
        assert.match(outcome.message, /eu-west-3 \([^)]+\): server-error, ServiceUnavailableException 503/);
    });

    it("every breaker open: no refusal without a try; probes go least recently failed first, and a recovered region serves", async () => {
        const engine = await setUp({ "eu-central-1": "refused", "eu-west-1": "throttle", "eu-west-3": "unavailable" }, {
            settings: { hedgeDelayMs: 1000 },
            chain: (f) => ["eu-central-1", "eu-west-1", "eu-west-3"].map((region) => step(f[region], { region, breakerThreshold: 1 })),
        });
        expectFailure(await engine.run(HELLO));
        assert.ok(Object.values(engine.breakers()).filter((b) => b.status === "open").length === 3, "all three region breakers open (cool-down 60 s)");
        // eu-central-1 failed first, so it is the least recently failed: probed first.
        const again = expectFailure(await engine.run(HELLO));
        assert.deepEqual(again.attempts.map((a) => a.outcome), ["network", "throttled", "server-error"]);
        assert.ok((again.attempts[0].startedAtMs ?? Infinity) <= (again.attempts[1].startedAtMs ?? -1), "least recently failed first");
        assert.match(again.message, /eu-west-1 \([^)]+\): throttled, ThrottlingException 429/);
        await fakes["eu-west-3"].setFault("ok");
        expectAnswer(await engine.run(HELLO), "eu-west-3");
        assert.equal(engine.breakers()["eu-west-3"].status, "closed", "the successful probe closed it");
    });

    it("everything hangs: the overall deadline ends it, with the error naming each region", async () => {
        const engine = await setUp({ "eu-central-1": "hang", "eu-west-1": "hang", "eu-west-3": "hang" }, { settings: { overallDeadlineMs: 150 } });
        const started = Date.now();
        const outcome = expectFailure(await engine.run(HELLO));
        const elapsed = Date.now() - started;
        assert.ok(elapsed >= 145 && elapsed <= 450, `took ${elapsed} ms for a 150 ms overall deadline`);
        assert.equal(outcome.kind, "deadline");
        assert.match(outcome.message, /No region answered within the overall deadline of 150 ms/);
        for (const region of ["eu-central-1", "eu-west-1", "eu-west-3"]) assert.match(outcome.message, new RegExp(`${region} \\(`));
        await waitFor(() => Object.values(fakes).every((f) => f.abortedByClient() === f.modelCalls()), "every hanging call to be aborted");
    });

    it("circuit breaker: opens after 3 failures, skips the region, then one probe after the cool-down closes it", async () => {
        const engine = await setUp({ "eu-central-1": "unavailable", "eu-west-1": "ok" }, {
            chain: (f) => [step(f["eu-central-1"], { region: "eu-central-1", breakerCooldownMs: 150 }), step(f["eu-west-1"], { region: "eu-west-1" })],
        });
        for (let i = 0; i < 3; i++) expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.equal(engine.breakers()["eu-central-1"].status, "open");
        const skipped = expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.equal(skipped.attempts[0].outcome, "skipped-circuit-open");
        assert.equal(fakes["eu-central-1"].modelCalls(), 3, "an open breaker sends nothing");

        await fakes["eu-central-1"].setFault("ok");
        await sleep(160);
        expectAnswer(await engine.run(HELLO), "eu-central-1");
        assert.equal(engine.breakers()["eu-central-1"].status, "closed");
    });

    it("circuit breaker: a hanging primary is learned through its own deadline while hedging serves, then skipped without waiting", async () => {
        const engine = await setUp({ "eu-central-1": "hang", "eu-west-1": "ok" });
        for (let i = 0; i < 3; i++) {
            assert.equal((await engine.run(HELLO)).ok, true);
            // The outpaced primary is watched until its own 200 ms deadline: that verdict counts.
            await engine.idle();
        }
        assert.equal(engine.breakers()["eu-central-1"].status, "open");
        const fast = expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.equal(fast.attempts[0].outcome, "skipped-circuit-open");
        // Started at once rather than after the 50 ms hedge delay; a millisecond tick may fall
        // between the request's start and the attempt's on a busy machine.
        const secondaryStart = fast.attempts[1].startedAtMs ?? Infinity;
        assert.ok(secondaryStart < 50, `the secondary goes first, no hedge wait (started at ${secondaryStart} ms)`);
        assert.equal(fakes["eu-central-1"].modelCalls(), 3);
    });

    it("calls InvokeModel for steps configured with api: invoke, in the model's native format", async () => {
        const engine = await setUp({ "eu-central-1": "refused", "eu-west-1": "ok" }, {
            chain: (f) => [step(f["eu-central-1"], { region: "eu-central-1" }), step(f["eu-west-1"], { region: "eu-west-1", api: "invoke", modelId: "eu.meta.llama3-2-3b-instruct-v1:0" })],
        });
        const outcome = expectAnswer(await engine.run(HELLO), "eu-west-1");
        assert.equal(outcome.answer.usage?.outputTokens, 4);
        const call = fakes["eu-west-1"].received[0];
        assert.equal(call.path, `/model/${encodeURIComponent("eu.meta.llama3-2-3b-instruct-v1:0")}/invoke`);
        assert.match(JSON.parse(call.body).prompt, /<\|start_header_id\|>user<\|end_header_id\|>\n\nhello/);
    });

    it("primary flaky (every other call 503): every request is still answered", async () => {
        // Generous deadlines: this is about never losing a request, not about timing.
        const engine = await setUp({ "eu-central-1": (n) => (n % 2 === 0 ? "unavailable" : "ok"), "eu-west-1": "ok" }, {
            chain: (f) => [step(f["eu-central-1"], { region: "eu-central-1", timeoutMs: 2000 }), step(f["eu-west-1"], { region: "eu-west-1", timeoutMs: 2000 })],
            settings: { overallDeadlineMs: 5000 },
        });
        const outcomes = await Promise.all(Array.from({ length: 10 }, () => engine.run(HELLO)));
        const failed = outcomes.filter((o) => !o.ok);
        assert.equal(failed.length, 0, failed.map((o) => (o.ok ? "" : o.message)).join("\n"));
        assert.ok(fakes["eu-central-1"].modelCalls() >= 2, "the flaky primary was still used");
    });
});

function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
}

async function waitFor(condition: () => boolean, what: string, timeoutMs = 1000): Promise<void> {
    const until = Date.now() + timeoutMs;
    while (!condition()) {
        if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
        await sleep(5);
    }
}
