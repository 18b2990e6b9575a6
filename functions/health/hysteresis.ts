/**
 * Region health as a pure state machine over probe results, with hysteresis so one lost probe
 * does not move traffic and one lucky probe does not bring a broken region back.
 *
 *   unknown --N failures--> down --M successes--> up
 *   unknown --M successes--> up --N failures--> down
 *   up --N slow successes--> degraded --M fast successes--> up     (slow: > 150% of baseline)
 *   degraded --N failures--> down
 *
 * "unknown" is a cold start: nothing is known, so nothing is published for the region until the
 * probes have settled it one way or the other (see loop.ts).
 */

export type RegionStatus = "unknown" | "up" | "degraded" | "down";

export interface RegionHealth {
    readonly status: RegionStatus;
    readonly consecutiveFailures: number;
    readonly consecutiveSuccesses: number;
    /** Successes in a row slower than the degraded threshold (reset by a fast one or a failure). */
    readonly consecutiveSlow: number;
    /** Successes in a row within the threshold. */
    readonly consecutiveFast: number;
    /** Latency of this round's probe, when it succeeded. */
    readonly lastLatencyMs?: number;
    /** Error of this round's probe, when it failed. */
    readonly lastError?: string;
}

export type ProbeResult = { readonly ok: true; readonly latencyMs: number } | { readonly ok: false; readonly error: string };

export interface HysteresisPolicy {
    /** N: consecutive failures to mark a region down (and slow probes to mark it degraded). */
    readonly failureThreshold: number;
    /** M: consecutive successes to bring it back (and fast probes to clear degraded). */
    readonly recoveryThreshold: number;
    readonly baselineLatencyMs: number;
    /** Latency above baseline x this counts as slow. Seeds: 1.5 (150%). */
    readonly degradedFactor: number;
}

export const DEGRADED_FACTOR = 1.5;

export const UNKNOWN: RegionHealth = { status: "unknown", consecutiveFailures: 0, consecutiveSuccesses: 0, consecutiveSlow: 0, consecutiveFast: 0 };

export function nextHealth(prev: RegionHealth, probe: ProbeResult, policy: HysteresisPolicy): RegionHealth {
    if (!probe.ok) {
        const failures = prev.consecutiveFailures + 1;
        return {
            status: failures >= policy.failureThreshold ? "down" : prev.status,
            consecutiveFailures: failures,
            consecutiveSuccesses: 0,
            consecutiveSlow: 0,
            consecutiveFast: 0,
            lastError: probe.error,
        };
    }
    const slow = probe.latencyMs > policy.baselineLatencyMs * policy.degradedFactor;
    const counters = {
        consecutiveFailures: 0,
        consecutiveSuccesses: prev.consecutiveSuccesses + 1,
        consecutiveSlow: slow ? prev.consecutiveSlow + 1 : 0,
        consecutiveFast: slow ? 0 : prev.consecutiveFast + 1,
        lastLatencyMs: probe.latencyMs,
    };
    return { status: statusAfterSuccess(prev.status, counters, policy), ...counters };
}

function statusAfterSuccess(prev: RegionStatus, c: { consecutiveSuccesses: number; consecutiveSlow: number; consecutiveFast: number }, policy: HysteresisPolicy): RegionStatus {
    switch (prev) {
        case "unknown":
        case "down":
            return c.consecutiveSuccesses >= policy.recoveryThreshold ? "up" : prev;
        case "up":
            return c.consecutiveSlow >= policy.failureThreshold ? "degraded" : "up";
        case "degraded":
            return c.consecutiveFast >= policy.recoveryThreshold ? "up" : "degraded";
    }
}

/** Down is the only status that takes a region out of rotation; degraded is reported, not acted on. */
export function isOut(health: RegionHealth): boolean {
    return health.status === "down";
}
