import * as assert from "node:assert/strict";
import { admit, CLOSED, createBreakerBoard, forceProbe, leastRecentlyFailed, recordFailure, recordSuccess, releaseProbe, type BreakerPolicy, type BreakerState } from "../../functions/failover/breaker";

const policy: BreakerPolicy = { threshold: 3, cooldownMs: 1000 };

describe("circuit breaker transitions", () => {
    type Event = ["admit", number, boolean] | ["fail", number] | ["ok"] | ["release", number] | ["force", number];
    // Each row: a sequence of events (with the time they happen) and the status after it.
    const table: Array<[string, Event[], BreakerState["status"]]> = [
        ["starts closed and admits", [["admit", 0, true]], "closed"],
        ["two failures stay closed (threshold 3)", [["fail", 0], ["fail", 1]], "closed"],
        ["three consecutive failures open it", [["fail", 0], ["fail", 1], ["fail", 2]], "open"],
        ["a success in between resets the count", [["fail", 0], ["fail", 1], ["ok"], ["fail", 2], ["fail", 3]], "closed"],
        ["open refuses during the cool-down", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 999, false]], "open"],
        ["after the cool-down one probe goes (half-open)", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 1000, true]], "half-open"],
        ["half-open admits only one probe", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 1000, true], ["admit", 1001, false]], "half-open"],
        ["a good probe closes it", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 1000, true], ["ok"]], "closed"],
        ["a failed probe opens it again", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 1000, true], ["fail", 1200], ["admit", 2100, false]], "open"],
        ["a cancelled probe lets the next request probe at once", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 1000, true], ["release", 1010], ["admit", 1011, true]], "half-open"],
        ["a probe that never reports does not wedge the region", [["fail", 0], ["fail", 0], ["fail", 0], ["admit", 1000, true], ["admit", 2000, true]], "half-open"],
        ["a late failure while open restarts the cool-down", [["fail", 0], ["fail", 0], ["fail", 0], ["fail", 900], ["admit", 1500, false]], "open"],
        ["every candidate open: a forced probe goes before the cool-down ends", [["fail", 0], ["fail", 0], ["fail", 0], ["force", 10]], "half-open"],
        ["a good forced probe closes it", [["fail", 0], ["fail", 0], ["fail", 0], ["force", 10], ["ok"]], "closed"],
        ["a failed forced probe opens it again, cool-down from now", [["fail", 0], ["fail", 0], ["fail", 0], ["force", 10], ["fail", 20], ["admit", 1019, false]], "open"],
        ["forcing a closed breaker leaves it closed", [["fail", 0], ["force", 10]], "closed"],
    ];
    for (const [description, events, expected] of table) {
        it(description, () => {
            let state: BreakerState = CLOSED;
            for (const event of events) {
                if (event[0] === "admit") {
                    const admission = admit(state, policy, event[1]);
                    assert.equal(admission.admitted, event[2], `admit at ${event[1]}`);
                    state = admission.next;
                } else if (event[0] === "fail") state = recordFailure(state, policy, event[1]);
                else if (event[0] === "ok") state = recordSuccess();
                else if (event[0] === "force") state = forceProbe(state, event[1]);
                else state = releaseProbe(state, policy, event[1]);
            }
            assert.equal(state.status, expected);
        });
    }

    const lrf: Array<[string, Record<string, number | undefined>, string]> = [
        ["the oldest latest failure wins", { a: 30, b: 10, c: 20 }, "b"],
        ["never failed counts as oldest", { a: 30, b: undefined, c: 20 }, "b"],
        ["ties keep chain order", { a: 10, b: 10, c: 10 }, "a"],
    ];
    for (const [description, failedAt, expected] of lrf) {
        it(`least recently failed: ${description}`, () => assert.equal(leastRecentlyFailed(Object.keys(failedAt), (k) => failedAt[k]), expected));
    }

    it("the board remembers when each key last failed", () => {
        let now = 5;
        const board = createBreakerBoard({ a: policy }, () => now);
        assert.equal(board.lastFailedAt("a"), undefined);
        board.failure("a");
        now = 7;
        board.failure("a");
        assert.equal(board.lastFailedAt("a"), 7);
    });

    it("the board keeps one breaker per region", () => {
        let now = 0;
        const board = createBreakerBoard({ a: policy, b: policy }, () => now);
        board.failure("a");
        board.failure("a");
        board.failure("a");
        assert.equal(board.admit("a").admitted, false);
        assert.equal(board.admit("b").admitted, true);
        now = 1000;
        const probe = board.admit("a");
        assert.deepEqual([probe.admitted, probe.probe], [true, true]);
        assert.equal(board.snapshot().a.status, "half-open");
        assert.throws(() => board.admit("nowhere"), /no circuit-breaker policy for region nowhere/);
    });
});
