/**
 * The failover engine: one request through the ordered chain of (region, model) steps.
 *
 * - Residency guard first: steps outside the zone are never called.
 * - Each region has a circuit breaker; an open one skips its steps without waiting.
 * - Hedging: a step is started; if it has not answered after `hedgeDelayMs` the next step starts
 *   too, and if it fails the next one starts at once. The first good answer wins and every other
 *   attempt is aborted.
 * - Each attempt has a hard deadline (its step's timeout, never beyond the overall deadline).
 * - A validation or access-denied error is answered at once: every region would say the same.
 * - If nothing answers, one error lists what happened at every step, within the overall deadline.
 */
import type { ChainStep, FailoverSettings } from "../contract";
import { createBreakerBoard, type BreakerBoard, type BreakerPolicy, type BreakerState } from "./breaker";
import type { ModelInvoker } from "./bedrockInvoker";
import { startAttempt, type AttemptControl, type StopReason } from "./deadline";
import { classifyError, type FailureKind } from "./errors";
import type { ModelAnswer, ModelRequest } from "./modelRequest";
import { residencyVerdict } from "./residency";

/** What happened at one step of the chain for one request. */
export type AttemptOutcome =
    | "ok"
    | FailureKind
    /** Slower than a step started after it, which answered first; counts against the region. */
    | "outpaced"
    /** Stopped because the request was settled elsewhere; says nothing about the region. */
    | "cancelled"
    | "skipped-residency"
    | "skipped-circuit-open"
    /** The request was settled before this step's turn came. */
    | "not-reached";

export interface AttemptRecord {
    readonly step: number;
    readonly region: string;
    readonly modelId: string;
    readonly outcome: AttemptOutcome;
    /** Set when a call was actually sent: when, from the start of the request. */
    readonly startedAtMs?: number;
    /** Set when a call was actually sent: how long it ran. */
    readonly elapsedMs?: number;
    readonly detail?: string;
}

export interface FailoverSuccess {
    readonly ok: true;
    readonly answer: ModelAnswer;
    readonly region: string;
    readonly modelId: string;
    readonly step: number;
    readonly latencyMs: number;
    readonly attempts: readonly AttemptRecord[];
}

export interface FailoverFailure {
    readonly ok: false;
    /**
     * rejected: a validation / access-denied error that no other region would fix;
     * all-failed: every step failed or was skipped; deadline: the overall deadline passed first.
     */
    readonly kind: "rejected" | "all-failed" | "deadline";
    /** For `rejected`: the error class that stopped the chain. */
    readonly cause?: FailureKind;
    readonly message: string;
    readonly latencyMs: number;
    readonly attempts: readonly AttemptRecord[];
}

export type FailoverOutcome = FailoverSuccess | FailoverFailure;

export interface FailoverEngineDeps {
    readonly invoke: ModelInvoker;
    /** Clock for the circuit breakers and latencies (injectable for tests). */
    readonly now?: () => number;
}

export interface FailoverEngine {
    /** Serves one request. Never rejects: failures are outcomes. */
    run(request: ModelRequest, options?: { readonly deadlineMs?: number }): Promise<FailoverOutcome>;
    breakers(): Readonly<Record<string, BreakerState>>;
}

export function createFailoverEngine(settings: FailoverSettings, deps: FailoverEngineDeps): FailoverEngine {
    const now = deps.now ?? Date.now;
    const breakers = createBreakerBoard(breakerPolicies(settings.chain), now);
    const lastFailures: Record<string, string> = {};
    return {
        run: (request, options) => runChain(settings, request, { invoke: deps.invoke, breakers, lastFailures, now }, Math.min(options?.deadlineMs ?? Infinity, settings.overallDeadlineMs)),
        breakers: () => breakers.snapshot(),
    };
}

/** One breaker per region; its policy comes from the region's first step in the chain. */
export function breakerPolicies(chain: readonly ChainStep[]): Record<string, BreakerPolicy> {
    const policies: Record<string, BreakerPolicy> = {};
    for (const step of chain) {
        policies[step.region] ??= { threshold: step.breakerThreshold, cooldownMs: step.breakerCooldownMs };
    }
    return policies;
}

interface RunDeps {
    readonly invoke: ModelInvoker;
    readonly breakers: BreakerBoard;
    /**
     * Per region, the last failure counted against its breaker (kept with the breakers): once a
     * breaker is open, a request that skips the region can still say why it is out, so the
     * all-regions error lists a cause for every region, not just "circuit open".
     */
    readonly lastFailures: Record<string, string>;
    readonly now: () => number;
}

interface InFlight {
    readonly control: AttemptControl;
    readonly startedAt: number;
    /** This attempt is its region's half-open probe. */
    readonly probe: boolean;
}

function runChain(settings: FailoverSettings, request: ModelRequest, deps: RunDeps, deadlineMs: number): Promise<FailoverOutcome> {
    const { chain } = settings;
    const { breakers, lastFailures, now } = deps;
    const startedAt = now();
    const records: AttemptRecord[] = chain.map((step, i) => ({ step: i, region: step.region, modelId: step.modelId, outcome: "not-reached" }));
    const record = (i: number, outcome: AttemptOutcome, extra: { startedAtMs?: number; elapsedMs?: number; detail?: string } = {}): void => {
        records[i] = { step: i, region: chain[i].region, modelId: chain[i].modelId, outcome, ...extra };
    };

    const queue: number[] = [];
    chain.forEach((step, i) => {
        const residency = residencyVerdict(step, settings);
        if (residency.allowed) queue.push(i);
        else record(i, "skipped-residency", { detail: residency.reason });
    });

    return new Promise<FailoverOutcome>((resolve) => {
        // Helpers are function declarations, not const arrows: Pulumi's closure serializer treats a
        // const used (in a nested closure) before its declaration as a free variable and fails.
        const inFlight = new Map<number, InFlight>();
        let settled = false;
        let hedgeTimer: ReturnType<typeof setTimeout> | undefined;
        const overallTimer = setTimeout(() => fail("deadline"), Math.max(0, deadlineMs));

        function settle(outcome: FailoverOutcome): void {
            settled = true;
            clearTimeout(overallTimer);
            clearTimeout(hedgeTimer);
            resolve(outcome);
        }

        function launchNext(): void {
            clearTimeout(hedgeTimer);
            if (settled) return;
            while (queue.length > 0) {
                const i = queue.shift() as number;
                const admission = breakers.admit(chain[i].region);
                if (!admission.admitted) {
                    const last = lastFailures[chain[i].region];
                    record(i, "skipped-circuit-open", { detail: last === undefined ? undefined : `last failure: ${last}` });
                    continue;
                }
                start(i, admission.probe);
                if (queue.length > 0) hedgeTimer = setTimeout(launchNext, settings.hedgeDelayMs);
                return;
            }
            // Attempts clipped by the overall deadline fail by their own timers at about the
            // same moment the overall timer fires: either way, the deadline is what ended it.
            if (inFlight.size === 0) fail(now() - startedAt >= deadlineMs - 1 ? "deadline" : "all-failed");
        }

        function start(i: number, probe: boolean): void {
            const remaining = deadlineMs - (now() - startedAt);
            const control = startAttempt(Math.min(chain[i].timeoutMs, remaining));
            const attempt: InFlight = { control, startedAt: now(), probe };
            inFlight.set(i, attempt);
            // Promise.resolve().then: an invoker that throws synchronously still lands in onError.
            const work = Promise.resolve().then(() => deps.invoke(chain[i], request, control.signal));
            control.guard(work).then(
                (answer) => onAnswer(i, attempt, answer),
                (err: unknown) => onError(i, attempt, err),
            );
        }

        function onAnswer(i: number, attempt: InFlight, answer: ModelAnswer): void {
            if (inFlight.get(i) !== attempt) return; // already stopped and accounted for
            finish(i, attempt);
            breakers.success(chain[i].region);
            const elapsedMs = now() - attempt.startedAt;
            record(i, "ok", { startedAtMs: attempt.startedAt - startedAt, elapsedMs });
            // Earlier attempts in other regions lost to this one: they were slow. (Within the same
            // region a faster model winning says nothing against the region.)
            for (const [j, other] of [...inFlight]) {
                stop(j, other, other.startedAt <= attempt.startedAt && chain[j].region !== chain[i].region ? "outpaced" : "cancelled");
            }
            settle({ ok: true, answer, region: chain[i].region, modelId: chain[i].modelId, step: i, latencyMs: now() - startedAt, attempts: records });
        }

        function onError(i: number, attempt: InFlight, err: unknown): void {
            if (inFlight.get(i) !== attempt) return;
            finish(i, attempt);
            const timedOut = attempt.control.stopReason() === "timeout";
            const verdict = classifyError(err, timedOut);
            const elapsedMs = now() - attempt.startedAt;
            const detail = timedOut ? `no answer within ${elapsedMs} ms` : verdict.detail;
            // A region that answers "your request is wrong" is up: that closes its breaker.
            if (verdict.countsAgainstRegion) {
                breakers.failure(chain[i].region);
                lastFailures[chain[i].region] = `${verdict.kind}, ${detail}`;
            } else breakers.success(chain[i].region);
            record(i, verdict.kind, { startedAtMs: attempt.startedAt - startedAt, elapsedMs, detail });
            if (!verdict.failOver) {
                for (const [j, other] of [...inFlight]) stop(j, other, "cancelled");
                settle({ ok: false, kind: "rejected", cause: verdict.kind, message: `${chain[i].region} (${chain[i].modelId}) rejected the request: ${verdict.detail}`, latencyMs: now() - startedAt, attempts: records });
                return;
            }
            launchNext();
        }

        /** Stops an attempt we no longer need, and settles what it tells us about its region. */
        function stop(i: number, attempt: InFlight, reason: StopReason): void {
            finish(i, attempt);
            attempt.control.stop(reason);
            const elapsedMs = now() - attempt.startedAt;
            const region = chain[i].region;
            // Slower than a whole later attempt, or still silent when time ran out after at least
            // a hedge delay: the region is slow, and a hanging region must open its breaker even
            // though hedging never lets its own timeout fire.
            const slow = reason === "outpaced" || (reason === "overall-deadline" && elapsedMs >= settings.hedgeDelayMs);
            if (slow) {
                breakers.failure(region);
                lastFailures[region] = reason === "outpaced" ? `slow, no answer after ${elapsedMs} ms while a later region answered` : `timeout, no answer after ${elapsedMs} ms at the overall deadline`;
            } else if (attempt.probe) breakers.release(region);
            const outcome: AttemptOutcome = reason === "overall-deadline" ? "timeout" : reason === "outpaced" ? "outpaced" : "cancelled";
            record(i, outcome, { startedAtMs: attempt.startedAt - startedAt, elapsedMs, detail: reason === "overall-deadline" ? `still running at the overall deadline (${deadlineMs} ms)` : undefined });
        }

        function finish(i: number, attempt: InFlight): void {
            inFlight.delete(i);
            attempt.control.dispose();
        }

        function fail(kind: "all-failed" | "deadline"): void {
            if (settled) return;
            for (const [j, other] of [...inFlight]) stop(j, other, "overall-deadline");
            const latencyMs = now() - startedAt;
            settle({ ok: false, kind, message: failureMessage(settings, kind, latencyMs, deadlineMs, records), latencyMs, attempts: records });
        }

        launchNext();
    });
}

/** The one error a caller sees when nothing answered: every step and what happened to it. */
export function failureMessage(settings: FailoverSettings, kind: "all-failed" | "deadline", latencyMs: number, deadlineMs: number, records: readonly AttemptRecord[]): string {
    const head =
        kind === "deadline"
            ? `No region answered within the overall deadline of ${deadlineMs} ms for "${settings.residency}" data`
            : `All ${records.length} steps of the "${settings.residency}" failover chain failed in ${latencyMs} ms`;
    const lines = records.map((r) => `${r.region} (${r.modelId}): ${describeOutcome(r)}`);
    return `${head}: ${lines.join("; ")}`;
}

function describeOutcome(r: AttemptRecord): string {
    switch (r.outcome) {
        case "skipped-residency":
            return `refused by the residency guard, ${r.detail}`;
        case "skipped-circuit-open":
            return r.detail ? `skipped, circuit breaker open (${r.detail})` : "skipped, circuit breaker open";
        case "not-reached":
            return "not tried before the deadline";
        default:
            return r.detail ? `${r.outcome}, ${r.detail}` : r.outcome;
    }
}
