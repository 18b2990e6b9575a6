/**
 * Local event-loop lag, so the failover never blames a region for time this process lost. A
 * sampler timer measures how late it runs (timer drift); the sum of that lateness within a window
 * is the time the loop could not have noticed an answer. Attempt deadlines, hedge delays and stall
 * detection subtract it before deciding that a region was slow (lagAwareTimer), and a frozen
 * Lambda container (between invocations) shows up as one huge drift: no verdict is drawn from it.
 * perf_hooks.monitorEventLoopDelay would give a histogram, not "how much of the last N ms was
 * lost", which is what a per-attempt verdict needs.
 */

export interface LoopLag {
    /** Milliseconds of the last `windowMs` during which timers ran late (the loop was busy or frozen). */
    blockedWithin(windowMs: number): number;
}

interface Sample {
    /** performance.now() when the late tick ran. */
    readonly at: number;
    /** How late it ran. */
    readonly drift: number;
}

/** Ticks this often; drift below 1 ms is noise and not recorded. */
const SAMPLE_INTERVAL_MS = 20;
/** Samples older than this are dropped (longer than any attempt deadline we discount). */
const KEEP_MS = 120_000;

export function startLagMonitor(intervalMs: number = SAMPLE_INTERVAL_MS): LoopLag {
    const samples: Sample[] = [];
    let last = performance.now();
    const timer = setInterval(() => {
        const now = performance.now();
        const drift = now - last - intervalMs;
        last = now;
        if (drift >= 1) samples.push({ at: now, drift });
        while (samples.length > 0 && now - samples[0].at > KEEP_MS) samples.shift();
    }, intervalMs);
    // Never keeps a process (a test, the bench) alive on its own.
    timer.unref?.();
    return {
        blockedWithin(windowMs) {
            const now = performance.now();
            const since = now - windowMs;
            let blocked = 0;
            for (let i = samples.length - 1; i >= 0 && samples[i].at > since; i--) {
                blocked += Math.min(samples[i].drift, samples[i].at - since);
            }
            // The tick that is due but has not run yet: we are running instead of it.
            const pending = now - last - intervalMs;
            if (pending > 0) blocked += Math.min(pending, windowMs);
            return Math.min(blocked, windowMs);
        },
    };
}

/** No lag accounting (unit tests with fake clocks). */
export const NO_LAG: LoopLag = { blockedWithin: () => 0 };

export interface LagAwareTimer {
    cancel(): void;
    /** Time since start minus the loop lag within it: what the awaited party really had. */
    effectiveElapsed(): number;
}

/**
 * Like setTimeout(fire, ms), except that when it fires it checks how much of the wait the event
 * loop lost and, if the party we wait for has not really had `ms` yet, waits for the rest: an
 * answer queued behind our own backlog gets its chance to be read first. Never waits longer than
 * `maxStretch` times `ms` in all (the overall deadline bounds everything anyway).
 */
export function lagAwareTimer(ms: number, lag: LoopLag, fire: () => void, maxStretch = 4): LagAwareTimer {
    const started = performance.now();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const effectiveElapsed = (): number => {
        const elapsed = performance.now() - started;
        return elapsed - lag.blockedWithin(elapsed);
    };
    const check = (): void => {
        const elapsed = performance.now() - started;
        const missing = ms - effectiveElapsed();
        if (missing >= 1 && elapsed + missing <= ms * maxStretch) {
            timer = setTimeout(check, missing);
            return;
        }
        timer = undefined;
        fire();
    };
    timer = setTimeout(check, Math.max(0, ms));
    return {
        cancel: () => clearTimeout(timer),
        effectiveElapsed,
    };
}
