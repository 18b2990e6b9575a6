/**
 * Per-region circuit breaker as pure state transitions (time is an argument), plus a small board
 * that keeps one breaker per region for the life of a warm Lambda container.
 *
 * closed --(threshold consecutive failures)--> open --(cool-down elapsed, one request admitted)-->
 * half-open --(probe succeeds)--> closed, --(probe fails)--> open again.
 */

export interface BreakerPolicy {
    /** Consecutive failures that open the breaker. */
    readonly threshold: number;
    /** How long an open breaker refuses calls before admitting one probe. */
    readonly cooldownMs: number;
}

export type BreakerState =
    | { readonly status: "closed"; readonly consecutiveFailures: number }
    | { readonly status: "open"; readonly openedAt: number }
    | { readonly status: "half-open"; readonly probeStartedAt: number };

export const CLOSED: BreakerState = { status: "closed", consecutiveFailures: 0 };

export interface Admission {
    readonly admitted: boolean;
    /** True when this call is the half-open probe: its verdict decides the breaker's state. */
    readonly probe: boolean;
    readonly next: BreakerState;
}

export function admit(state: BreakerState, policy: BreakerPolicy, now: number): Admission {
    switch (state.status) {
        case "closed":
            return { admitted: true, probe: false, next: state };
        case "open":
            return now - state.openedAt >= policy.cooldownMs
                ? { admitted: true, probe: true, next: { status: "half-open", probeStartedAt: now } }
                : { admitted: false, probe: false, next: state };
        case "half-open":
            // One probe at a time. A probe that never reported back (a bug, a frozen container)
            // must not wedge the region: after another cool-down a new probe may go.
            return now - state.probeStartedAt >= policy.cooldownMs
                ? { admitted: true, probe: true, next: { status: "half-open", probeStartedAt: now } }
                : { admitted: false, probe: false, next: state };
    }
}

export function recordSuccess(): BreakerState {
    return CLOSED;
}

export function recordFailure(state: BreakerState, policy: BreakerPolicy, now: number): BreakerState {
    if (state.status === "closed") {
        const failures = state.consecutiveFailures + 1;
        return failures >= policy.threshold ? { status: "open", openedAt: now } : { status: "closed", consecutiveFailures: failures };
    }
    // A failed probe, or a late failure from a call admitted before the breaker opened:
    // either way the region is still failing, so the cool-down restarts.
    return { status: "open", openedAt: now };
}

/** The probe ended without a verdict (cancelled because another region answered first). */
export function releaseProbe(state: BreakerState, policy: BreakerPolicy, now: number): BreakerState {
    // Back to open with the cool-down already elapsed, so the next request may probe at once.
    return state.status === "half-open" ? { status: "open", openedAt: now - policy.cooldownMs } : state;
}

/** One breaker per region, shared by every request a warm container serves. */
export interface BreakerBoard {
    admit(region: string): Admission;
    success(region: string): void;
    failure(region: string): void;
    release(region: string): void;
    /** Current states, for logs, tests and the benchmark. */
    snapshot(): Readonly<Record<string, BreakerState>>;
}

export function createBreakerBoard(policies: Readonly<Record<string, BreakerPolicy>>, now: () => number): BreakerBoard {
    const states: Record<string, BreakerState> = {};
    const policyOf = (region: string): BreakerPolicy => {
        const policy = policies[region];
        if (!policy) throw new Error(`no circuit-breaker policy for region ${region}`);
        return policy;
    };
    const stateOf = (region: string): BreakerState => states[region] ?? CLOSED;
    return {
        admit(region) {
            const admission = admit(stateOf(region), policyOf(region), now());
            states[region] = admission.next;
            return admission;
        },
        success(region) {
            states[region] = recordSuccess();
        },
        failure(region) {
            states[region] = recordFailure(stateOf(region), policyOf(region), now());
        },
        release(region) {
            states[region] = releaseProbe(stateOf(region), policyOf(region), now());
        },
        snapshot() {
            return { ...states };
        },
    };
}
