/**
 * The health-check Lambda's entry point.
 * - Scheduled event (EventBridge, once a minute): probe loop; publish per-region health metrics.
 * - `{ "action": "drain", "regions": [...] }`: planned drain, Route 53 weights of those regions
 *   to 0 (never all regions: fail open).
 * - `{ "action": "restore" }`: configured weights back.
 */
import { CloudWatchClient } from "@aws-sdk/client-cloudwatch";
import { Route53Client } from "@aws-sdk/client-route-53";
import type { HealthCheckSettings } from "../contract";
import { drillFault, refreshFaultFlag, type FaultFlagState } from "../drills/faultFlagReader";
import { remainingBudgetMs, type LambdaContext } from "../lambda";
import { readHealthSettings, type Env } from "../settings";
import type { RegionStatus } from "./hysteresis";
import { runHealthLoop, type HealthLoopDeps, type HealthMemory } from "./loop";
import { cloudWatchPublisher } from "./metrics";
import { liveProbeChecks, probeRegion, type ProbeChecks } from "./probe";
import { applyRoute53Weights } from "./route53";
import { routingWeights } from "./weights";

/** What a warm container keeps: hysteresis state and the SDK clients. */
export interface WarmHealthState {
    memory?: HealthMemory;
    checks?: ProbeChecks;
    cloudWatch?: CloudWatchClient;
    route53?: Route53Client;
    /** The DR drill's fault flag (SSM client, last reading), when drills are on. */
    faultFlag?: FaultFlagState;
}

export interface ProbeLoopResult {
    readonly action: "probe";
    readonly rounds: number;
    readonly statuses: Readonly<Record<string, RegionStatus>>;
    readonly weights: Readonly<Record<string, number>>;
    readonly failOpen: boolean;
    readonly note?: string;
    readonly changes: readonly { readonly region: string; readonly from: RegionStatus; readonly to: RegionStatus }[];
    readonly publishErrors: number;
}

export interface DrainResult {
    readonly action: "drain" | "restore";
    /** Set identifiers whose weight was changed in Route 53. */
    readonly changed: readonly string[];
    readonly weights: Readonly<Record<string, number>>;
    /** True when the drain would have taken every region out, so configured weights were kept. */
    readonly failOpen: boolean;
    readonly note?: string;
}

export type HealthInvocationResult = ProbeLoopResult | DrainResult;

/** Time kept back from the Lambda timeout to return after the last round. */
const RETURN_MARGIN_MS = 2000;

export async function handleHealthInvocation(event: unknown, context: LambdaContext | undefined, env: Env, warm: WarmHealthState): Promise<HealthInvocationResult> {
    const settings = readHealthSettings(env);
    const command = drainCommand(event);
    if (command) return drain(settings, command, warm);
    warm.checks ??= liveProbeChecks();
    warm.cloudWatch ??= new CloudWatchClient({ maxAttempts: 2 });
    warm.memory ??= {};
    const faultFlag = (warm.faultFlag ??= {});
    const checks = drillAwareChecks(warm.checks, (region) => drillFault(faultFlag, region, Date.now()));
    const ownRegion = env.AWS_REGION;
    const deps: HealthLoopDeps = {
        probe: async (target, timeoutMs) => {
            // Only the own region's Bedrock can be under a drill; the flag is read (at most every
            // 10 s, cached) before the probe's clock starts, so SSM's latency is not the region's.
            if (target.region === ownRegion) await refreshFaultFlag(env, faultFlag);
            return probeRegion(target, checks, timeoutMs);
        },
        publish: cloudWatchPublisher(warm.cloudWatch, settings.metricNamespace),
        now: Date.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    const runForMs = Math.min(settings.runForMs, remainingBudgetMs(context, RETURN_MARGIN_MS));
    const result = await runHealthLoop(settings, deps, warm.memory, {
        runForMs,
        onRound(round) {
            for (const change of round.changes) console.warn(JSON.stringify({ event: "region-health", ...change, error: round.states[change.region].lastError }));
            if (round.publishError) console.error(JSON.stringify({ event: "health-publish-failed", error: round.publishError }));
        },
    });
    const { decision, states } = result.last;
    return {
        action: "probe",
        rounds: result.rounds,
        statuses: Object.fromEntries(Object.entries(states).map(([region, health]) => [region, health.status])),
        weights: decision.weights,
        failOpen: decision.failOpen,
        note: decision.note,
        changes: result.changes,
        publishErrors: result.publishErrors,
    };
}

/**
 * While the drill's fault flag is raised, the Bedrock probe of the faulted region fails at once
 * with the same retryable error the failover Lambda sees, so the region's health goes down
 * through the usual hysteresis, as in a real outage. Its endpoint check is left alone.
 */
export function drillAwareChecks(checks: ProbeChecks, faultFor: (region: string) => Error | undefined): ProbeChecks {
    return {
        ...checks,
        bedrockPing(target, signal) {
            const fault = faultFor(target.region);
            return fault ? Promise.reject(fault) : checks.bedrockPing(target, signal);
        },
    };
}

type DrainCommand = { readonly action: "drain"; readonly regions: readonly string[] } | { readonly action: "restore" };

function drainCommand(event: unknown): DrainCommand | undefined {
    if (typeof event !== "object" || event === null) return undefined;
    const e = event as { action?: unknown; regions?: unknown };
    if (e.action === "restore") return { action: "restore" };
    if (e.action !== "drain") return undefined;
    if (!Array.isArray(e.regions) || e.regions.length === 0 || !e.regions.every((r) => typeof r === "string")) {
        throw new Error('drain: expected { "action": "drain", "regions": ["<region>", ...] }');
    }
    return { action: "drain", regions: e.regions as string[] };
}

async function drain(settings: HealthCheckSettings, command: DrainCommand, warm: WarmHealthState): Promise<DrainResult> {
    if (!settings.route53) throw new Error(`${command.action}: no Route 53 hosted zone is configured for this stack, so there are no weights to change`);
    const drained = command.action === "drain" ? command.regions : [];
    const unknown = drained.filter((r) => !settings.targets.some((t) => t.region === r));
    if (unknown.length > 0) throw new Error(`drain: ${unknown.join(", ")} is not one of ${settings.targets.map((t) => t.region).join(", ")}`);
    const decision = routingWeights(settings.targets, (region) => drained.includes(region));
    // Route 53's API is served from us-east-1 whatever region this function runs in.
    warm.route53 ??= new Route53Client({ region: "us-east-1", maxAttempts: 3 });
    const comment = command.action === "drain" ? `planned drain of ${drained.join(", ")}${decision.failOpen ? " refused (fail open)" : ""}` : "restore configured weights";
    const changed = await applyRoute53Weights(warm.route53, settings.route53, settings.targets, decision.weights, comment);
    return { action: command.action, changed, weights: decision.weights, failOpen: decision.failOpen, note: decision.note };
}
