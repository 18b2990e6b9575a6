/**
 * Hard deadlines for one attempt. The Bedrock runtime client's default HTTP/2 handler ignores
 * connectionTimeout, so the only reliable way to bound a call is to abort it: an AbortController
 * whose signal goes to `client.send(cmd, { abortSignal })`, fired by our own timer. The timer
 * discounts local event-loop lag (lag.ts): an attempt times out only once the region really had
 * its deadline.
 */
import { lagAwareTimer, NO_LAG, type LagAwareTimer, type LoopLag } from "./lag";

/** Why an attempt was stopped before it finished on its own. */
export type StopReason =
    /** Its own per-attempt deadline passed. */
    | "timeout"
    /** A step started after it answered first: it was slower than a whole later attempt. */
    | "outpaced"
    /** The request was settled by something else (a step started later lost, or a fatal error). */
    | "cancelled"
    /** The request's overall deadline passed. */
    | "overall-deadline"
    /** Streaming: no chunk within the stall timeout after the first token. */
    | "stalled";

export interface AttemptControl {
    /** Pass to the SDK call; aborted when the attempt is stopped. */
    readonly signal: AbortSignal;
    stopReason(): StopReason | undefined;
    stop(reason: StopReason): void;
    /**
     * Settles with `work`, or rejects the moment the attempt is stopped, even if the work ignores
     * the signal (a handler that only checks it between phases cannot stretch the deadline).
     */
    guard<T>(work: Promise<T>): Promise<T>;
    /** Clears the timer; call when the attempt is over. The signal stays usable (a committed stream). */
    dispose(): void;
    /** Time since the start minus local event-loop lag within it. */
    effectiveElapsed(): number;
}

export function startAttempt(deadlineMs: number, lag: LoopLag = NO_LAG): AttemptControl {
    const controller = new AbortController();
    let reason: StopReason | undefined;
    const listeners: Array<() => void> = [];
    // Declared before `stop` uses it: Pulumi's closure serializer cannot see a const used before
    // its declaration.
    let timer: LagAwareTimer | undefined;
    const stop = (why: StopReason): void => {
        if (reason !== undefined) return;
        reason = why;
        timer?.cancel();
        controller.abort(stoppedError(why));
        for (const listener of listeners.splice(0)) listener();
    };
    timer = lagAwareTimer(Math.max(0, deadlineMs), lag, () => stop("timeout"));
    const attemptTimer = timer;
    return {
        signal: controller.signal,
        stopReason: () => reason,
        stop,
        guard<T>(work: Promise<T>): Promise<T> {
            // The losing side of the race must not surface as an unhandled rejection.
            work.catch(() => undefined);
            return new Promise<T>((resolve, reject) => {
                if (reason !== undefined) {
                    reject(stoppedError(reason));
                    return;
                }
                listeners.push(() => reject(stoppedError(reason ?? "cancelled")));
                work.then(resolve, reject);
            });
        },
        dispose: () => attemptTimer.cancel(),
        effectiveElapsed: () => attemptTimer.effectiveElapsed(),
    };
}

function stoppedError(reason: StopReason): Error {
    const err = new Error(`attempt stopped: ${reason}`);
    err.name = "AbortError";
    return err;
}
