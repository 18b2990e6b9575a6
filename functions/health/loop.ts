/**
 * The health-check loop. EventBridge cannot schedule a Lambda more often than once a minute, and
 * Route 53 fast health checks look every 10 s, so one scheduled invocation probes in rounds every
 * `probeIntervalMs` for `runForMs` (a little under the schedule period).
 *
 * State across invocations (the hysteresis counters) lives in memory:
 * - within an invocation, in the loop;
 * - between invocations, in the warm container (`HealthMemory`, owned by the handler's closure):
 *   a once-a-minute schedule keeps one container warm, so counters carry over seamlessly;
 * - after a cold start, every region starts "unknown" and nothing is published for it until
 *   N failures or M successes settle it; the alarms keep their last state meanwhile (Route 53
 *   `insufficientDataHealthStatus: LastKnownStatus`), so a cold start neither flaps a region nor
 *   needs a database. The cost: a cold start delays a verdict by at most max(N, M) rounds.
 * A DynamoDB table would carry counters across cold starts too, at the price of another SDK
 * client in the package, a table, IAM and a write per round, for no better decision.
 */
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { HealthCheckSettings, HealthTarget } from "../contract";
import { DEGRADED_FACTOR, isOut, nextHealth, UNKNOWN, type HysteresisPolicy, type ProbeResult, type RegionHealth, type RegionStatus } from "./hysteresis";
import { healthMetricData, type MetricPublisher } from "./metrics";
import { routingWeights, type WeightDecision } from "./weights";

export interface HealthLoopDeps {
    readonly probe: (target: HealthTarget, timeoutMs: number) => Promise<ProbeResult>;
    readonly publish: MetricPublisher;
    readonly now: () => number;
    readonly sleep: (ms: number) => Promise<void>;
}

/** Hysteresis state kept by a warm container between invocations. */
export interface HealthMemory {
    states?: Record<string, RegionHealth>;
    updatedAt?: number;
}

export interface StatusChange {
    readonly region: string;
    readonly from: RegionStatus;
    readonly to: RegionStatus;
}

export interface HealthRound {
    readonly at: number;
    readonly states: Readonly<Record<string, RegionHealth>>;
    readonly decision: WeightDecision;
    readonly published: readonly MetricDatum[];
    readonly changes: readonly StatusChange[];
    /** Set when PutMetricData failed; the loop goes on (the next round publishes again). */
    readonly publishError?: string;
}

export interface HealthLoopResult {
    readonly rounds: number;
    readonly last: HealthRound;
    readonly changes: readonly StatusChange[];
    readonly publishErrors: number;
}

export function hysteresisPolicy(settings: HealthCheckSettings, target: HealthTarget): HysteresisPolicy {
    return {
        failureThreshold: target.failureThreshold ?? settings.failureThreshold,
        recoveryThreshold: target.recoveryThreshold ?? settings.recoveryThreshold,
        baselineLatencyMs: target.baselineLatencyMs,
        degradedFactor: DEGRADED_FACTOR,
    };
}

/** A probe may not outlast the round it belongs to. */
export function probeTimeoutMs(settings: HealthCheckSettings, target: HealthTarget): number {
    return Math.min(target.probeTimeoutMs, settings.probeIntervalMs);
}

/** One round: probe every region at once, step each state machine, decide weights, publish. */
export async function healthRound(settings: HealthCheckSettings, deps: HealthLoopDeps, previous: Readonly<Record<string, RegionHealth>>): Promise<HealthRound> {
    const results = await Promise.all(settings.targets.map((t) => deps.probe(t, probeTimeoutMs(settings, t))));
    const states: Record<string, RegionHealth> = {};
    const changes: StatusChange[] = [];
    settings.targets.forEach((target, i) => {
        const before = previous[target.region] ?? UNKNOWN;
        const after = nextHealth(before, results[i], hysteresisPolicy(settings, target));
        states[target.region] = after;
        if (after.status !== before.status) changes.push({ region: target.region, from: before.status, to: after.status });
    });
    const decision = routingWeights(settings.targets, (region) => isOut(states[region]));
    const at = deps.now();
    const published = healthMetricData(settings.targets, states, decision, new Date(at));
    let publishError: string | undefined;
    try {
        await deps.publish(published);
    } catch (err) {
        publishError = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    }
    return { at, states, decision, published, changes, publishError };
}

export interface LoopOptions {
    /** How long to keep probing (the invocation's budget). */
    readonly runForMs: number;
    readonly onRound?: (round: HealthRound) => void;
    /** Stops the loop after the current round (drills and tests; Lambda just runs out its time). */
    readonly signal?: AbortSignal;
}

/**
 * Probes in rounds every `probeIntervalMs` (fixed rate, from each round's start) for `runForMs`,
 * starting from the warm container's states if they are recent, and leaves the final states in
 * `memory` for the next invocation.
 */
export async function runHealthLoop(settings: HealthCheckSettings, deps: HealthLoopDeps, memory: HealthMemory, options: LoopOptions): Promise<HealthLoopResult> {
    const startedAt = deps.now();
    const longestProbe = Math.max(...settings.targets.map((t) => probeTimeoutMs(settings, t)));
    let states = carriedOver(settings, memory, startedAt);
    const changes: StatusChange[] = [];
    let rounds = 0;
    let publishErrors = 0;
    for (;;) {
        const roundStart = deps.now();
        const round = await healthRound(settings, deps, states);
        rounds++;
        states = { ...round.states };
        changes.push(...round.changes);
        if (round.publishError) publishErrors++;
        memory.states = states;
        memory.updatedAt = deps.now();
        options.onRound?.(round);
        const nextStart = roundStart + settings.probeIntervalMs;
        if (options.signal?.aborted || nextStart + longestProbe - startedAt > options.runForMs) return { rounds, last: round, changes, publishErrors };
        await deps.sleep(Math.max(0, nextStart - deps.now()));
        if (options.signal?.aborted) return { rounds, last: round, changes, publishErrors };
    }
}

/** The warm container's states, unless they are too old to continue from (a missed schedule). */
function carriedOver(settings: HealthCheckSettings, memory: HealthMemory, now: number): Record<string, RegionHealth> {
    const maxAgeMs = settings.runForMs + 3 * settings.probeIntervalMs;
    if (!memory.states || memory.updatedAt === undefined || now - memory.updatedAt > maxAgeMs) return {};
    return { ...memory.states };
}
