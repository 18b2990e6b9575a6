/**
 * The failover Lambda's entry point: settings from the environment, the request from the event
 * (direct Invoke or function URL), the answer from the engine. The BedrockFailover component's
 * inline callback (components/bedrock/handlers.ts) only forwards to this.
 */
import { FAILOVER_SETTINGS_ENV } from "../contract";
import { drillFault, refreshFaultFlag, type FaultFlagState } from "../drills/faultFlagReader";
import { embeddedMetricFields, isHttpEvent, httpJsonBody, jsonResult, remainingBudgetMs, writeLogRecord, type HttpResult, type LambdaContext } from "../lambda";
import { readFailoverSettings, type Env } from "../settings";
import { bedrockClients, bedrockInvoker, type ModelInvoker } from "./bedrockInvoker";
import { createFailoverEngine, type AttemptRecord, type FailoverEngine, type FailoverOutcome } from "./engine";
import type { FailureKind } from "./errors";
import { parseModelRequest, type ModelRequest } from "./modelRequest";

/**
 * What one warm container keeps between invocations: the engine, and with it the regional
 * clients (connection setup, credentials) and circuit breakers. Rebuilt if the settings change.
 */
export interface WarmFailoverState {
    settingsJson?: string;
    engine?: FailoverEngine;
    /** The DR drill's fault flag (SSM client, last reading), when drills are on. */
    faultFlag?: FaultFlagState;
}

/**
 * The metric the BedrockFailover component alarms on and the operations dashboard reads
 * (components/bedrock/bedrockFailover.ts FAILOVER_METRIC_NAMESPACE, components/operations/metrics.ts
 * METRICS.failover; a test keeps them equal). Declared here because the Lambda code cannot import
 * Pulumi components.
 */
export const FAILOVER_METRIC = { namespace: "AiPlatform/Failover", name: "Failovers", dimension: "Region" } as const;

export type FailoverReply =
    | {
          readonly ok: true;
          readonly text: string;
          readonly region: string;
          readonly modelId: string;
          readonly stopReason?: string;
          readonly usage?: { readonly inputTokens?: number; readonly outputTokens?: number };
          readonly latencyMs: number;
          readonly attempts: readonly AttemptRecord[];
      }
    | {
          readonly ok: false;
          readonly error: {
              readonly kind: "invalid-request" | "rejected" | "all-failed" | "deadline";
              readonly cause?: FailureKind;
              readonly message: string;
              readonly latencyMs: number;
              readonly attempts: readonly AttemptRecord[];
          };
      };

/** Lambda must get the answer out before its own timeout; this much is kept for that. */
const RESPONSE_MARGIN_MS = 250;

/**
 * Direct invocations get a FailoverReply; function URL invocations get it as an HTTP response
 * (200, 400 bad request, 502 upstream refused our role, 503 every region failed, 504 deadline).
 * A missing or invalid settings variable throws: a deployment error, visible as a Lambda error.
 */
export async function handleFailoverInvocation(event: unknown, context: LambdaContext | undefined, env: Env, warm: WarmFailoverState): Promise<FailoverReply | HttpResult> {
    const engine = warmEngine(env, warm);
    const http = isHttpEvent(event);
    let request: ModelRequest;
    try {
        request = parseModelRequest(http ? httpJsonBody(event) : event);
    } catch (err) {
        const reply: FailoverReply = { ok: false, error: { kind: "invalid-request", message: err instanceof Error ? err.message : String(err), latencyMs: 0, attempts: [] } };
        return http ? jsonResult(400, reply) : reply;
    }
    // Read before the chain starts, not inside an attempt: a slow SSM must not make the own
    // region look slow to the hedging and its breaker. Cached, so rarely more than a lookup.
    const faultFlag = (warm.faultFlag ??= {});
    await refreshFaultFlag(env, faultFlag);
    const outcome = await engine.run(request, { deadlineMs: remainingBudgetMs(context, RESPONSE_MARGIN_MS) });
    logOutcome(outcome, env, context, env.AWS_REGION !== undefined && drillFault(faultFlag, env.AWS_REGION) !== undefined);
    const reply = toReply(outcome);
    return http ? jsonResult(httpStatus(outcome), reply) : reply;
}

function warmEngine(env: Env, warm: WarmFailoverState): FailoverEngine {
    const raw = env[FAILOVER_SETTINGS_ENV];
    if (!warm.engine || warm.settingsJson !== raw) {
        const settings = readFailoverSettings(env);
        warm.engine = createFailoverEngine(settings, { invoke: drillAwareInvoker(bedrockInvoker(bedrockClients()), (region) => drillFault(warm.faultFlag, region)) });
        warm.settingsJson = raw;
    }
    return warm.engine;
}

export function toReply(outcome: FailoverOutcome): FailoverReply {
    if (outcome.ok) {
        const { answer } = outcome;
        return { ok: true, text: answer.text, region: outcome.region, modelId: outcome.modelId, stopReason: answer.stopReason, usage: answer.usage, latencyMs: outcome.latencyMs, attempts: outcome.attempts };
    }
    return { ok: false, error: { kind: outcome.kind, cause: outcome.cause, message: outcome.message, latencyMs: outcome.latencyMs, attempts: outcome.attempts } };
}

export function httpStatus(outcome: FailoverOutcome): number {
    if (outcome.ok) return 200;
    switch (outcome.kind) {
        case "rejected":
            return outcome.cause === "access-denied" ? 502 : 400;
        case "all-failed":
            return 503;
        case "deadline":
            return 504;
    }
}

/**
 * While the drill's fault flag is raised, calls in the faulted region fail at once with a
 * retryable server-side error, before any request is sent: the engine then fails over and counts
 * it against the region's breaker exactly as it would a real 503.
 */
export function drillAwareInvoker(invoke: ModelInvoker, faultFor: (region: string) => Error | undefined): ModelInvoker {
    return (step, request, signal) => {
        const fault = faultFor(step.region);
        return fault ? Promise.reject(fault) : invoke(step, request, signal);
    };
}

/**
 * Whether a request counts in the `Failovers` metric: served by a later step than the first, or
 * the chain failed (every step, or the deadline). A request refused as invalid (or by our own
 * IAM role) at the first step never left it: that is not a failover, and counting it would let
 * bad callers fire the failover alarm.
 */
export function countsAsFailover(outcome: FailoverOutcome): boolean {
    if (outcome.ok) return outcome.step > 0;
    if (outcome.kind !== "rejected") return true;
    return outcome.attempts.some((a) => a.step > 0 && a.startedAtMs !== undefined);
}

/**
 * One structured log line whenever the request did not simply succeed at the first step. When it
 * counts as a failover the same line is an EMF document carrying `Failovers` = 1 for this
 * function's region: the metric costs no API call on the request path.
 */
function logOutcome(outcome: FailoverOutcome, env: Env, context: LambdaContext | undefined, drill: boolean): void {
    if (outcome.ok && outcome.step === 0) return;
    const summary = outcome.attempts.filter((a) => a.outcome !== "not-reached").map((a) => ({ region: a.region, outcome: a.outcome, ms: a.elapsedMs }));
    const record: Record<string, unknown> = { event: outcome.ok ? "bedrock-failover" : `bedrock-${outcome.kind}`, region: outcome.ok ? outcome.region : undefined, latencyMs: outcome.latencyMs, attempts: summary };
    if (drill) record.drillFault = true;
    const ownRegion = env.AWS_REGION;
    // Without its region the data point would miss the alarm's dimension: log the line only.
    const metric = ownRegion && countsAsFailover(outcome)
        ? embeddedMetricFields(FAILOVER_METRIC.namespace, { [FAILOVER_METRIC.dimension]: ownRegion }, [{ name: FAILOVER_METRIC.name, unit: "Count", value: 1 }], Date.now())
        : {};
    writeLogRecord({ ...record, ...metric }, env, context);
}
