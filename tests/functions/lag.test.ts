/**
 * Local event-loop lag is measured and discounted: a region is never blamed for time this
 * process lost (issue 11: 200 concurrent requests in one process opened healthy regions' breakers).
 */
import * as assert from "node:assert/strict";
import { bedrockClients, bedrockInvoker } from "../../functions/failover/bedrockInvoker";
import { bufferedTiming, createFailoverEngine, hedgeAllowed, streamingTiming } from "../../functions/failover/engine";
import { lagAwareTimer, NO_LAG, startLagMonitor, type LoopLag } from "../../functions/failover/lag";
import { failoverSettings, HELLO, step } from "../support/bedrockFixtures";
import { closeAll, FAKE_CREDENTIALS, startFakeRegions, type FakeRegion } from "../support/fakeBedrock";

function blockFor(ms: number): void {
    const until = performance.now() + ms;
    while (performance.now() < until) {
        // a synchronous burst of work: the event loop can run nothing else
    }
}

describe("event-loop lag", function () {
    this.timeout(10_000);

    it("the monitor sees a blocked loop", async () => {
        const lag = startLagMonitor(10);
        await new Promise((r) => setTimeout(r, 30));
        blockFor(200);
        await new Promise((r) => setTimeout(r, 30));
        const blocked = lag.blockedWithin(1000);
        assert.ok(blocked >= 150, `measured ${blocked} ms of a 200 ms block`);
        assert.ok(lag.blockedWithin(1000) <= 1000);
    });

    it("a lag-aware timer waits out the time the loop lost before firing", async () => {
        // Everything the loop does counts as lost: the timer stretches to its limit (4 x 20 ms).
        const allLost: LoopLag = { blockedWithin: (w) => w };
        const order: string[] = [];
        lagAwareTimer(20, allLost, () => order.push("lag-aware"));
        setTimeout(() => order.push("plain 50 ms"), 50);
        await new Promise((r) => setTimeout(r, 150));
        assert.deepEqual(order, ["plain 50 ms", "lag-aware"]);
        const plain: string[] = [];
        lagAwareTimer(20, NO_LAG, () => plain.push("fired"));
        await new Promise((r) => setTimeout(r, 60));
        assert.deepEqual(plain, ["fired"]);
    });

    describe("the engine does not blame a region for local lag", () => {
        let fakes: Record<string, FakeRegion> = {};
        afterEach(async () => {
            await closeAll(fakes);
            fakes = {};
        });

        for (const [label, lag, expected] of [["no lag", NO_LAG, "open"], ["the whole wait lost to the loop", { blockedWithin: (w: number) => w }, "closed"]] as const) {
            it(`hanging primary, ${label}: its breaker ends ${expected}`, async () => {
                fakes = await startFakeRegions([{ name: "eu-central-1", fault: "hang" }, { name: "eu-west-1", latencyMs: 5 }]);
                // Only the primary's deadline is under test. With NO_LAG nothing discounts this
                // process's own load, so the healthy secondary gets a deadline no loaded CI machine
                // misses (at the fixtures' 200 ms, a cold SDK's first call there once failed the run).
                const settings = failoverSettings([step(fakes["eu-central-1"], { region: "eu-central-1", timeoutMs: 100 }), step(fakes["eu-west-1"], { region: "eu-west-1", timeoutMs: 5000 })], { overallDeadlineMs: 8000 });
                const engine = createFailoverEngine(settings, { invoke: bedrockInvoker(bedrockClients({ credentials: FAKE_CREDENTIALS })), lag });
                for (let i = 0; i < 3; i++) {
                    const outcome = await engine.run(HELLO);
                    assert.equal(outcome.ok, true, outcome.ok ? undefined : outcome.message);
                    await engine.idle();
                }
                assert.equal(engine.breakers()["eu-central-1"].status, expected);
            });
        }
    });
});

describe("hedging budget", () => {
    const table: Array<[string, number, number, boolean, boolean]> = [
        // description, hedges in flight, requests in flight, regions look dead, allowed
        ["one request (a Lambda container): one hedge at a time", 0, 1, false, true],
        ["one request, its hedge already running", 1, 1, false, false],
        ["200 requests, regions answering others: up to 20 hedges", 19, 200, false, true],
        ["200 requests, 20 hedges running: the 21st waits", 20, 200, false, false],
        ["a region with no answer since our attempt began: not budgeted", 50, 200, true, true],
    ];
    for (const [description, hedges, active, dead, allowed] of table) {
        it(description, () => assert.equal(hedgeAllowed(hedges, active, dead), allowed));
    }
});

describe("timings per mode", () => {
    const settings = failoverSettings([step(undefined, { region: "eu-central-1", timeoutMs: 5000 })], { hedgeDelayMs: 1500, overallDeadlineMs: 20_000, msPerOutputToken: 30, maxOutputTokens: 4096, firstTokenHedgeMs: 800, firstTokenTimeoutMs: 3000 });
    const withTokens = (maxTokens?: number) => ({ ...HELLO, inferenceConfig: maxTokens === undefined ? undefined : { maxTokens } });
    const table: Array<[string, number | undefined, number, number, number]> = [
        // description, maxTokens, attempt timeout, hedge delay, overall deadline
        ["100 tokens", 100, 8000, 4500, 23_000],
        ["1000 tokens: a long answer is not a slow region", 1000, 35_000, 31_500, 50_000],
        ["absent: scaled as the maximum", undefined, 5000 + 4096 * 30, 1500 + 4096 * 30, 20_000 + 4096 * 30],
    ];
    for (const [description, maxTokens, attempt, hedge, deadline] of table) {
        it(`buffered, ${description}`, () => {
            const t = bufferedTiming(settings, withTokens(maxTokens));
            assert.deepEqual([t.attemptTimeoutMs(settings.chain[0]), t.hedgeDelayMs, t.deadlineMs, t.tooManyTokens], [attempt, hedge, deadline, undefined]);
        });
    }
    it("buffered: more tokens than the maximum is refused", () => assert.equal(bufferedTiming(settings, withTokens(5000)).tooManyTokens, 5000));
    it("buffered: the Lambda's remaining time caps the deadline", () => assert.equal(bufferedTiming(settings, withTokens(100), 7000).deadlineMs, 7000));
    it("streaming: first-token timings, whatever the answer's length", () => {
        const t = streamingTiming(settings);
        assert.deepEqual([t.attemptTimeoutMs(settings.chain[0]), t.hedgeDelayMs, t.deadlineMs, t.watchLosers], [3000, 800, 20_000, true]);
    });
});
