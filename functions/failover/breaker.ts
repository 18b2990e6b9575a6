/**
 * Circuit breakers as pure state transitions (time is an argument), plus a small board that keeps
 * one breaker per key (a region, or a (region, model) step) for the life of a warm Lambda container.
 *
 * closed --(threshold consecutive failures)--> open --(cool-down elapsed, one request admitted)-->
 * half-open --(probe succeeds)--> closed, --(probe fails)--> open again; a probe cancelled without
 * a verdict goes back to open with the cool-down elapsed. `forceProbe` is the engine's way out
 * when every candidate is open: it admits a probe before the cool-down ends (functions/README.md).
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

/** A probe admitted whatever the state (every candidate is open and the deadline allows one more try). */
export function forceProbe(state: BreakerState, now: number): BreakerState {
    return state.status === "closed" ? state : { status: "half-open", probeStartedAt: now };
}

/**
 * Of the candidates, the one whose latest failure is oldest (never failed counts as oldest): the
 * most likely to have recovered. Ties keep chain order.
 */
export function leastRecentlyFailed<T>(candidates: readonly T[], lastFailedAt: (candidate: T) => number | undefined): T | undefined {
    let best: T | undefined;
    let bestAt = Infinity;
    for (const c of candidates) {
        const at = lastFailedAt(c) ?? -Infinity;
        if (best === undefined || at < bestAt) {
            best = c;
            bestAt = at;
        }
    }
    return best;
}

/** One breaker per key (region or step), shared by every request a warm container serves. */
export interface BreakerBoard {
    admit(key: string): Admission;
    success(key: string): void;
    failure(key: string): void;
    release(key: string): void;
    /** Admits a probe now, whatever the cool-down (closed stays closed). */
    forceProbe(key: string): void;
    /** When the key last had a failure counted, by the board's clock. */
    lastFailedAt(key: string): number | undefined;
    /** Current states, for logs, tests and the benchmark. */
    snapshot(): Readonly<Record<string, BreakerState>>;
}

export function createBreakerBoard(policies: Readonly<Record<string, BreakerPolicy>>, now: () => number): BreakerBoard {
    const states: Record<string, BreakerState> = {};
    const failedAt: Record<string, number> = {};
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
            const at = now();
            states[region] = recordFailure(stateOf(region), policyOf(region), at);
            failedAt[region] = at;
        },
        forceProbe(key) {
            states[key] = forceProbe(stateOf(key), now());
        },
        lastFailedAt(key) {
            return failedAt[key];
        },
        release(region) {
            states[region] = releaseProbe(stateOf(region), policyOf(region), now());
        },
        snapshot() {
            return { ...states };
        },
    };
}
