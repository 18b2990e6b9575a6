/**
 * The failover Lambda's entry point: settings from the environment, the request from the event
 * (direct Invoke or function URL), the answer from the engine. The BedrockFailover component's
 * inline callback (components/bedrock/handlers.ts) only forwards to this.
 */
import { FAILOVER_SETTINGS_ENV } from "../contract";
import { isHttpEvent, httpJsonBody, jsonResult, remainingBudgetMs, type HttpResult, type LambdaContext } from "../lambda";
import { readFailoverSettings, type Env } from "../settings";
import { bedrockClients, bedrockInvoker } from "./bedrockInvoker";
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
}

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
    const outcome = await engine.run(request, { deadlineMs: remainingBudgetMs(context, RESPONSE_MARGIN_MS) });
    logOutcome(outcome);
    const reply = toReply(outcome);
    return http ? jsonResult(httpStatus(outcome), reply) : reply;
}

function warmEngine(env: Env, warm: WarmFailoverState): FailoverEngine {
    const raw = env[FAILOVER_SETTINGS_ENV];
    if (!warm.engine || warm.settingsJson !== raw) {
        const settings = readFailoverSettings(env);
        warm.engine = createFailoverEngine(settings, { invoke: bedrockInvoker(bedrockClients()) });
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

/** One structured log line whenever the request did not simply succeed at the first step. */
function logOutcome(outcome: FailoverOutcome): void {
    if (outcome.ok && outcome.step === 0) return;
    const summary = outcome.attempts.filter((a) => a.outcome !== "not-reached").map((a) => ({ region: a.region, outcome: a.outcome, ms: a.elapsedMs }));
    console.warn(JSON.stringify({ event: outcome.ok ? "bedrock-failover" : `bedrock-${outcome.kind}`, region: outcome.ok ? outcome.region : undefined, latencyMs: outcome.latencyMs, attempts: summary }));
}
