/**
 * The failover engine: one request through the ordered chain of (region, model) steps, buffered
 * (Converse / InvokeModel) or streaming (ConverseStream / InvokeModelWithResponseStream). The same
 * race serves both: an attempt "commits" when it delivers the whole answer (buffered) or its first
 * token (streaming); after that, a stream is the handler's to pump (streamPump.ts).
 *
 * - Residency guard first: steps outside the zone's floor are never called.
 * - Breakers per region and per (region, model) step; an open one is skipped without waiting,
 *   but when every candidate is open a probe goes to the least recently failed one while the
 *   deadline allows: the engine never refuses a request without trying.
 * - Hedging: if an attempt has not committed after the hedge delay the next step starts too; if
 *   it fails the next one starts at once. The first commit wins. While the regions in use are
 *   answering other requests, hedges are budgeted (10 % of the requests in flight): under local
 *   load every first token is late, and unbudgeted hedges would multiply calls and load.
 * - Only failures the region caused count against it: errors it returned, and deadlines it
 *   really missed (local event-loop lag discounted, lag.ts). Cancelled attempts and attempts
 *   clipped by the overall deadline give no verdict. An attempt outpaced by a hedge is watched
 *   (not aborted) until it commits or misses its own deadline, so a hanging region still opens
 *   its breaker and a merely slower one does not.
 * - AccessDenied / ResourceNotFound fail over and count against that step; validation errors
 *   answer at once: every region would say the same.
 */
import type { ChainStep, FailoverSettings } from "../contract";
import { createBreakerBoard, leastRecentlyFailed, type BreakerBoard, type BreakerPolicy, type BreakerState } from "./breaker";
import type { ModelInvoker } from "./bedrockInvoker";
import { startAttempt, type AttemptControl, type StopReason } from "./deadline";
import { classifyError, type ErrorVerdict, type FailureKind } from "./errors";
import { lagAwareTimer, startLagMonitor, type LagAwareTimer, type LoopLag } from "./lag";
import type { ModelAnswer, ModelRequest } from "./modelRequest";
import type { StreamInvoker, StreamStart } from "./streamInvoker";
import { residencyVerdict } from "./residency";

/** What happened at one step of the chain for one request. */
export type AttemptOutcome =
    | "ok"
    | FailureKind
    /**
     * Slower than a step started after it, which answered first. No verdict by itself: streaming
     * watches it on to its own deadline (and the breaker hears that verdict), buffered aborts it.
     */
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

export interface FailoverSuccess<T = ModelAnswer> {
    readonly ok: true;
    readonly answer: T;
    readonly region: string;
    readonly modelId: string;
    readonly step: number;
    readonly latencyMs: number;
    readonly attempts: readonly AttemptRecord[];
    /** Aborts the winning call (a committed stream that stalled, or whose client went away). */
    readonly abort: (reason: StopReason) => void;
}

export interface FailoverFailure {
    readonly ok: false;
    /**
     * rejected: a validation error that no other region would fix;
     * all-failed: every step failed or was skipped; deadline: the overall deadline passed first.
     */
    readonly kind: "rejected" | "all-failed" | "deadline";
    /** For `rejected`: the error class that stopped the chain. */
    readonly cause?: FailureKind;
    readonly message: string;
    readonly latencyMs: number;
    readonly attempts: readonly AttemptRecord[];
}

export type FailoverOutcome<T = ModelAnswer> = FailoverSuccess<T> | FailoverFailure;

export interface FailoverEngineDeps {
    readonly invoke: ModelInvoker;
    readonly invokeStream?: StreamInvoker;
    /** Clock for the circuit breakers and latencies (injectable for tests). */
    readonly now?: () => number;
    /** Local event-loop lag; a monitor is started when absent. */
    readonly lag?: LoopLag;
}

export interface RunOptions {
    /** Time left for this request (the Lambda's remaining time); the settings' deadline caps it. */
    readonly deadlineMs?: number;
}

export interface FailoverEngine {
    /** Serves one buffered request. Never rejects: failures are outcomes. */
    run(request: ModelRequest, options?: RunOptions): Promise<FailoverOutcome>;
    /** Opens a stream: settles at the first token (free failover before it) or with the failure. */
    runStream(request: ModelRequest, options?: RunOptions): Promise<FailoverOutcome<StreamStart>>;
    /** A committed stream failed after its first token (stall, error): counts against its region. */
    streamFailed(region: string, kind: FailureKind, detail: string): void;
    /** A committed stream reached the model's stop event: its region and step are healthy. */
    streamSucceeded(step: Pick<ChainStep, "region" | "modelId">): void;
    /** Settles when no outpaced attempt is still being watched (await before the invocation ends). */
    idle(): Promise<void>;
    breakers(): Readonly<Record<string, BreakerState>>;
    readonly lag: LoopLag;
}

export function createFailoverEngine(settings: FailoverSettings, deps: FailoverEngineDeps): FailoverEngine {
    const now = deps.now ?? Date.now;
    const breakers = createBreakerBoard(breakerPolicies(settings.chain), now);
    const lastFailures: Record<string, string> = {};
    const lag = deps.lag ?? startLagMonitor();
    const watching = new Set<Promise<void>>();
    const shared: Shared = { breakers, lastFailures, now, lag, watching, lastCommitAt: {}, load: { active: 0, hedges: 0 } };
    return {
        run: (request, options) => runChain(settings, request, shared, deps.invoke, bufferedTiming(settings, request, options?.deadlineMs)),
        runStream: (request, options) => {
            const invokeStream = deps.invokeStream;
            if (!invokeStream) throw new Error("this engine was built without a stream invoker");
            return runChain(settings, request, shared, invokeStream, streamingTiming(settings, options?.deadlineMs));
        },
        streamFailed(region, kind, detail) {
            breakers.failure(region);
            lastFailures[region] = `${kind}, ${detail}`;
        },
        streamSucceeded(step) {
            breakers.success(step.region);
            breakers.success(stepKey(step));
        },
        async idle() {
            while (watching.size > 0) await Promise.all([...watching]);
        },
        breakers: () => breakers.snapshot(),
        lag,
    };
}

/** The breaker key of a (region, model) step, next to the region's own key. */
export function stepKey(step: Pick<ChainStep, "region" | "modelId">): string {
    return `${step.region} ${step.modelId}`;
}

/** One breaker per region (policy from the region's first step) and one per (region, model) step. */
export function breakerPolicies(chain: readonly ChainStep[]): Record<string, BreakerPolicy> {
    const policies: Record<string, BreakerPolicy> = {};
    for (const step of chain) {
        policies[step.region] ??= { threshold: step.breakerThreshold, cooldownMs: step.breakerCooldownMs };
        policies[stepKey(step)] ??= { threshold: step.breakerThreshold, cooldownMs: step.breakerCooldownMs };
    }
    return policies;
}

/** How one request is raced: deadlines and hedge delay for "committing" an attempt. */
export interface Timing {
    /** Overall deadline for a commit, from the start of the request. */
    readonly deadlineMs: number;
    readonly hedgeDelayMs: number;
    /** The step's own deadline for a commit. */
    attemptTimeoutMs(step: ChainStep): number;
    /**
     * Keep outpaced attempts running to their own deadline for a verdict. Costs nothing extra for
     * a hanging region; a slower healthy one finishes an answer nobody reads (buffered) or its
     * first chunk (streaming), which hedging had already paid for by sending the request.
     */
    readonly watchLosers: boolean;
    /** A commit is the whole answer (buffered); a stream's first token is not yet a success. */
    readonly commitIsFinal: boolean;
    /** Requested output tokens above the settings' maximum, if any (answered as a validation error). */
    readonly tooManyTokens?: number;
}

/**
 * Buffered calls: the whole answer must arrive, so the step timeouts, the hedge delay and the
 * overall deadline grow with the requested output (maxTokens, or the maximum when absent).
 */
export function bufferedTiming(settings: FailoverSettings, request: ModelRequest, remainingMs = Infinity): Timing {
    const requested = request.inferenceConfig?.maxTokens;
    const tokens = requested ?? settings.maxOutputTokens;
    const extra = Math.min(tokens, settings.maxOutputTokens) * settings.msPerOutputToken;
    return {
        deadlineMs: Math.min(remainingMs, settings.overallDeadlineMs + extra),
        hedgeDelayMs: settings.hedgeDelayMs + extra,
        attemptTimeoutMs: (step) => step.timeoutMs + extra,
        watchLosers: true,
        commitIsFinal: true,
        tooManyTokens: requested !== undefined && requested > settings.maxOutputTokens ? requested : undefined,
    };
}

/** Streaming: attempts race to their first token; the answer's length does not matter here. */
export function streamingTiming(settings: FailoverSettings, remainingMs = Infinity): Timing {
    return {
        deadlineMs: Math.min(remainingMs, settings.overallDeadlineMs),
        hedgeDelayMs: settings.firstTokenHedgeMs,
        attemptTimeoutMs: () => settings.firstTokenTimeoutMs,
        watchLosers: true,
        commitIsFinal: false,
    };
}

/**
 * A hedge waits out local lag too (a busy process would otherwise hedge healthy calls and double
 * its Bedrock calls), but at most this many times its delay: past that the user's time matters
 * more than the extra call. Attempt deadlines (blame) stretch further (lag.ts default).
 */
const HEDGE_MAX_STRETCH = 2;

interface Shared {
    readonly breakers: BreakerBoard;
    /**
     * Per breaker key, the last failure counted against it (kept with the breakers): once a
     * breaker is open, a request that skips it can still say why, so the all-regions error lists
     * a cause for every region, not just "circuit open".
     */
    readonly lastFailures: Record<string, string>;
    readonly now: () => number;
    readonly lag: LoopLag;
    /** Outpaced attempts still running for a verdict. */
    readonly watching: Set<Promise<void>>;
    /** Per region, when an attempt there last committed (its whole answer or first token). */
    readonly lastCommitAt: Record<string, number>;
    /** Requests in flight in this container, and attempts started by a hedge still running. */
    readonly load: { active: number; hedges: number };
}

/**
 * Hedging budget: while the regions in use show signs of life (an attempt there committed since
 * ours started), a slow first token is more likely our own load than theirs, and hedges may add
 * at most this share of the requests in flight (at least one). A region with no commit since our
 * attempt started looks dead: hedging away from it is not budgeted.
 */
const HEDGE_BUDGET_SHARE = 0.1;

export function hedgeAllowed(hedgesInFlight: number, activeRequests: number, regionsLookDead: boolean): boolean {
    return regionsLookDead || hedgesInFlight < Math.max(1, Math.ceil(HEDGE_BUDGET_SHARE * activeRequests));
}

interface InFlight {
    readonly control: AttemptControl;
    readonly startedAt: number;
    /** The step's own commit deadline (the timer may be clipped shorter by the overall deadline). */
    readonly ownTimeoutMs: number;
    /** Breaker keys for which this attempt is the half-open probe. */
    readonly probes: readonly string[];
    /** Admitted past an open breaker because every candidate was open. */
    readonly forced: boolean;
    /** Started by a hedge (counts against the hedging budget while it runs). */
    hedge: boolean;
}

function runChain<T>(settings: FailoverSettings, request: ModelRequest, shared: Shared, invoke: (step: ChainStep, request: ModelRequest, signal: AbortSignal) => Promise<T>, timing: Timing): Promise<FailoverOutcome<T>> {
    const { chain } = settings;
    const { breakers, lastFailures, now, lag } = shared;
    const deadlineMs = timing.deadlineMs;
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

    return new Promise<FailoverOutcome<T>>((resolve) => {
        // Helpers are function declarations, not const arrows: Pulumi's closure serializer treats a
        // const used (in a nested closure) before its declaration as a free variable and fails.
        const inFlight = new Map<number, InFlight>();
        /** Outpaced attempts still running for a verdict, with what ends their watch. */
        const watched = new Map<number, { readonly attempt: InFlight; readonly done: () => void }>();
        /** Steps skipped for an open breaker: candidates for a forced probe. */
        const parked: number[] = [];
        let settled = false;
        /** The next attempt started is a hedge (budgeted). */
        let hedging = false;
        let hedgeTimer: LagAwareTimer | undefined;
        const overallTimer = setTimeout(() => fail("deadline"), Math.max(0, deadlineMs));

        function settle(outcome: FailoverOutcome<T>): void {
            settled = true;
            shared.load.active--;
            hedging = false;
            clearTimeout(overallTimer);
            hedgeTimer?.cancel();
            resolve(outcome);
        }

        function remaining(): number {
            return deadlineMs - (now() - startedAt);
        }

        /** Starts the next step; `hedged`: the hedge delay passed with attempts still running. */
        function launchNext(hedged = false): void {
            hedgeTimer?.cancel();
            hedging = false;
            if (settled) return;
            if (hedged && queue.length > 0 && inFlight.size > 0) {
                const looksDead = [...inFlight.entries()].every(([j, a]) => (shared.lastCommitAt[chain[j].region] ?? -Infinity) < a.startedAt);
                if (!hedgeAllowed(shared.load.hedges, shared.load.active, looksDead)) {
                    hedgeTimer = lagAwareTimer(timing.hedgeDelayMs, lag, () => launchNext(true), HEDGE_MAX_STRETCH);
                    return;
                }
                hedging = true;
            }
            while (queue.length > 0) {
                const i = queue.shift() as number;
                const probes = admit(i);
                if (probes === undefined) continue;
                start(i, probes);
                if (queue.length > 0 || parked.length > 0) hedgeTimer = lagAwareTimer(timing.hedgeDelayMs, lag, () => launchNext(true), HEDGE_MAX_STRETCH);
                return;
            }
            // A hedge may add a forced probe only beside other forced probes: a closed region's
            // attempt that is merely slow is waited for, open breakers stay skipped.
            if (inFlight.size > 0 && !(hedged && [...inFlight.values()].every((a) => a.forced))) return;
            // Every candidate left is behind an open breaker and nothing is running: rather than
            // refuse, probe the least recently failed one while the deadline allows.
            const forced = leastRecentlyFailed(parked, (i) => latestFailure(chain[i]));
            if (forced !== undefined && remaining() > 0) {
                parked.splice(parked.indexOf(forced), 1);
                const keys = [chain[forced].region, stepKey(chain[forced])].filter((k) => breakers.snapshot()[k]?.status !== undefined && breakers.snapshot()[k]?.status !== "closed");
                for (const k of keys) breakers.forceProbe(k);
                start(forced, keys, true);
                if (parked.length > 0) hedgeTimer = lagAwareTimer(timing.hedgeDelayMs, lag, () => launchNext(true), HEDGE_MAX_STRETCH);
                return;
            }
            if (inFlight.size > 0) return;
            // Attempts clipped by the overall deadline fail by their own timers at about the
            // same moment the overall timer fires: either way, the deadline is what ended it.
            fail(remaining() <= 1 ? "deadline" : "all-failed");
        }

        /** Breaker admission for both keys of a step; the probe keys, or undefined when skipped. */
        function admit(i: number): string[] | undefined {
            const step = chain[i];
            const region = breakers.admit(step.region);
            if (!region.admitted) return park(i, step.region);
            const own = breakers.admit(stepKey(step));
            if (!own.admitted) {
                if (region.probe) breakers.release(step.region);
                return park(i, stepKey(step));
            }
            return [...(region.probe ? [step.region] : []), ...(own.probe ? [stepKey(step)] : [])];
        }

        function park(i: number, key: string): undefined {
            const last = lastFailures[key];
            record(i, "skipped-circuit-open", { detail: last === undefined ? undefined : `last failure: ${last}` });
            parked.push(i);
            return undefined;
        }

        function latestFailure(step: ChainStep): number | undefined {
            const a = breakers.lastFailedAt(step.region);
            const b = breakers.lastFailedAt(stepKey(step));
            return a === undefined ? b : b === undefined ? a : Math.max(a, b);
        }

        function start(i: number, probes: readonly string[], forced = false): void {
            const ownTimeoutMs = timing.attemptTimeoutMs(chain[i]);
            const control = startAttempt(Math.min(ownTimeoutMs, remaining()), lag);
            const attempt: InFlight = { control, startedAt: now(), ownTimeoutMs, probes, forced, hedge: hedging };
            if (hedging) shared.load.hedges++;
            hedging = false;
            inFlight.set(i, attempt);
            record(i, "cancelled", { startedAtMs: attempt.startedAt - startedAt });
            // Promise.resolve().then: an invoker that throws synchronously still lands in onError.
            const work = Promise.resolve().then(() => invoke(chain[i], request, control.signal));
            control.guard(work).then(
                (answer) => onAnswer(i, attempt, answer),
                (err: unknown) => onError(i, attempt, err),
            );
        }

        function onAnswer(i: number, attempt: InFlight, answer: T): void {
            const watcher = watched.get(i);
            if (watcher?.attempt === attempt) {
                // The region works, only slower than the winner: say so, and hang up. (A first
                // token alone proves less: for a stream it only releases a probe.)
                watched.delete(i);
                attempt.control.dispose();
                shared.lastCommitAt[chain[i].region] = now();
                if (timing.commitIsFinal) {
                    breakers.success(chain[i].region);
                    breakers.success(stepKey(chain[i]));
                } else for (const key of attempt.probes) breakers.release(key);
                attempt.control.stop("cancelled");
                watcher.done();
                return;
            }
            if (inFlight.get(i) !== attempt) return; // already stopped and accounted for
            shared.lastCommitAt[chain[i].region] = now();
            finish(i, attempt);
            // A whole answer clears the region; a first token does not yet: the stream's end
            // gives the verdict (streamSucceeded / streamFailed), and a probe stays one until then.
            if (timing.commitIsFinal) {
                breakers.success(chain[i].region);
                breakers.success(stepKey(chain[i]));
            }
            record(i, "ok", { startedAtMs: attempt.startedAt - startedAt, elapsedMs: now() - attempt.startedAt });
            for (const [j, other] of [...inFlight]) {
                // Earlier attempts in other regions were outpaced: slower, not (yet) failed.
                const outpaced = other.startedAt <= attempt.startedAt && chain[j].region !== chain[i].region;
                if (outpaced && timing.watchLosers) watch(j, other);
                else stop(j, other, outpaced ? "outpaced" : "cancelled");
            }
            settle({ ok: true, answer, region: chain[i].region, modelId: chain[i].modelId, step: i, latencyMs: now() - startedAt, attempts: records, abort: (reason) => attempt.control.stop(reason) });
        }

        function onError(i: number, attempt: InFlight, err: unknown): void {
            const watcher = watched.get(i);
            if (watcher?.attempt === attempt) {
                watched.delete(i);
                attempt.control.dispose();
                const timedOut = attempt.control.stopReason() === "timeout";
                judge(i, attempt, classifyError(err, timedOut), timedOut ? `no first token within ${now() - attempt.startedAt} ms (outpaced, watched)` : "outpaced, then failed");
                watcher.done();
                return;
            }
            if (inFlight.get(i) !== attempt) return;
            finish(i, attempt);
            const timedOut = attempt.control.stopReason() === "timeout";
            const verdict = classifyError(err, timedOut);
            const elapsedMs = now() - attempt.startedAt;
            const detail = timedOut ? `no answer within ${elapsedMs} ms` : verdict.detail;
            judge(i, attempt, verdict, detail);
            record(i, verdict.kind, { startedAtMs: attempt.startedAt - startedAt, elapsedMs, detail });
            if (!verdict.failOver) {
                for (const [j, other] of [...inFlight]) stop(j, other, "cancelled");
                settle({ ok: false, kind: "rejected", cause: verdict.kind, message: `${chain[i].region} (${chain[i].modelId}) rejected the request: ${verdict.detail}`, latencyMs: now() - startedAt, attempts: records });
                return;
            }
            launchNext();
        }

        /** Applies what a finished attempt says about its region and its step to their breakers. */
        function judge(i: number, attempt: InFlight, verdict: ErrorVerdict, detail: string): void {
            const step = chain[i];
            // A deadline the overall deadline clipped, or one the local event loop ate, is not the region's.
            const missedOwnDeadline = verdict.kind !== "timeout" || attempt.control.effectiveElapsed() >= attempt.ownTimeoutMs - 1;
            if (verdict.countsAgainstRegion && missedOwnDeadline) {
                breakers.failure(step.region);
                lastFailures[step.region] = `${verdict.kind}, ${detail}`;
            } else if (verdict.countsAgainstStep) {
                // The region answered: it is up; this model is not available to us there.
                breakers.success(step.region);
                breakers.failure(stepKey(step));
                lastFailures[stepKey(step)] = `${verdict.kind}, ${detail}`;
            } else if (verdict.countsAgainstRegion) {
                for (const key of attempt.probes) breakers.release(key);
            } else {
                // "Your request is wrong": the region is up.
                breakers.success(step.region);
            }
        }

        /**
         * Lets an outpaced attempt run on (detached from this request) until it commits, fails or
         * misses its own deadline, and gives its breakers that verdict. A commit is aborted at
         * once: the answer is not needed, only the news that the region works.
         */
        function watch(i: number, attempt: InFlight): void {
            leave(i, attempt);
            record(i, "outpaced", { startedAtMs: attempt.startedAt - startedAt, elapsedMs: now() - attempt.startedAt });
            let done: () => void = () => undefined;
            const over = new Promise<void>((resolve) => (done = resolve));
            shared.watching.add(over);
            watched.set(i, { attempt, done: () => { shared.watching.delete(over); done(); } });
        }

        /** Stops an attempt we no longer need; no verdict on its region, a probe is released. */
        function stop(i: number, attempt: InFlight, reason: StopReason): void {
            finish(i, attempt);
            attempt.control.stop(reason);
            for (const key of attempt.probes) breakers.release(key);
            const elapsedMs = now() - attempt.startedAt;
            const outcome: AttemptOutcome = reason === "overall-deadline" ? "timeout" : reason === "outpaced" ? "outpaced" : "cancelled";
            record(i, outcome, { startedAtMs: attempt.startedAt - startedAt, elapsedMs, detail: reason === "overall-deadline" ? `still running at the overall deadline (${deadlineMs} ms)` : undefined });
        }

        function finish(i: number, attempt: InFlight): void {
            leave(i, attempt);
            attempt.control.dispose();
        }

        /** Off this request's list: a hedge stops counting against the budget. */
        function leave(i: number, attempt: InFlight): void {
            inFlight.delete(i);
            if (attempt.hedge) {
                attempt.hedge = false;
                shared.load.hedges--;
            }
        }

        function fail(kind: "all-failed" | "deadline"): void {
            if (settled) return;
            for (const [j, other] of [...inFlight]) stop(j, other, "overall-deadline");
            const latencyMs = now() - startedAt;
            settle({ ok: false, kind, message: failureMessage(settings, kind, latencyMs, deadlineMs, records), latencyMs, attempts: records });
        }

        shared.load.active++;
        if (timing.tooManyTokens !== undefined) {
            settle({ ok: false, kind: "rejected", cause: "validation", message: `inferenceConfig.maxTokens: expected at most ${settings.maxOutputTokens}, got ${timing.tooManyTokens}`, latencyMs: 0, attempts: records });
            return;
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
