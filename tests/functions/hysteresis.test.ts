import * as assert from "node:assert/strict";
import { nextHealth, UNKNOWN, type HysteresisPolicy, type ProbeResult, type RegionHealth, type RegionStatus } from "../../functions/health/hysteresis";

const policy: HysteresisPolicy = { failureThreshold: 3, recoveryThreshold: 2, baselineLatencyMs: 100, degradedFactor: 1.5 };

/** F = failed probe, S = fast success (100 ms), L = slow success (200 ms > 150% of 100). */
function run(start: RegionStatus, probes: string): RegionStatus[] {
    let health: RegionHealth = { ...UNKNOWN, status: start };
    return [...probes].map((p) => {
        const probe: ProbeResult = p === "F" ? { ok: false, error: "refused" } : { ok: true, latencyMs: p === "L" ? 200 : 100 };
        health = nextHealth(health, probe, policy);
        return health.status;
    });
}

describe("health hysteresis", () => {
    const table: Array<[string, RegionStatus, string, string]> = [
        // description, starting status, probes, statuses after each probe (u=up d=down g=degraded ?=unknown)
        ["up stays up through two failures", "up", "FFS", "uuu"],
        ["down after three consecutive failures", "up", "FFF", "uud"],
        ["back up only after two successes", "down", "SS", "du"],
        ["a failure restarts the recovery count", "down", "SFSS", "dddu"],
        ["flapping (fail, ok, fail, ok...) never takes a region down", "up", "FSFSFSFSFS", "uuuuuuuuuu"],
        ["two failures, a success, two failures: still up", "up", "FFSFF", "uuuuu"],
        ["flapping never brings a down region back", "down", "SFSFSF", "dddddd"],
        ["cold start settles up after two successes", "unknown", "SS", "?u"],
        ["cold start settles down after three failures", "unknown", "FFF", "??d"],
        ["latency over 150% of baseline three times: degraded", "up", "LLL", "uug"],
        ["one slow probe is not degradation", "up", "LSLS", "uuuu"],
        ["degraded clears after two fast probes", "degraded", "SS", "gu"],
        ["degraded regions still go down on failures", "degraded", "FFF", "ggd"],
    ];
    const letter: Record<RegionStatus, string> = { up: "u", down: "d", degraded: "g", unknown: "?" };
    for (const [description, start, probes, expected] of table) {
        it(description, () => assert.equal(run(start, probes).map((s) => letter[s]).join(""), expected));
    }

    it("keeps the latest latency and error", () => {
        const ok = nextHealth(UNKNOWN, { ok: true, latencyMs: 42 }, policy);
        assert.equal(ok.lastLatencyMs, 42);
        const failed = nextHealth(ok, { ok: false, error: "HTTP 503" }, policy);
        assert.deepEqual([failed.lastLatencyMs, failed.lastError], [undefined, "HTTP 503"]);
    });
});
