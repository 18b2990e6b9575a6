/**
 * The failover Lambda's entry point: settings from the environment, the request from the event
 * (direct Invoke or function URL), the answer from the engine. The BedrockFailover component's
 * inline callback (components/bedrock/handlers.ts) only forwards to this.
 */
import { FAILOVER_SETTINGS_ENV, type ChainStep, type FailoverSettings } from "../contract";
import { drillFault, refreshFaultFlag, type FaultFlagState } from "../drills/faultFlagReader";
import { embeddedMetricFields, isHttpEvent, httpJsonBody, remainingBudgetMs, writeLogRecord, type HttpEvent, type HttpResult, type LambdaContext, type LambdaStreamingRuntime, type ResponseStream } from "../lambda";
import { readFailoverSettings, type Env } from "../settings";
import { bedrockClients, bedrockInvoker } from "./bedrockInvoker";
import { createFailoverEngine, type AttemptRecord, type FailoverEngine, type FailoverOutcome } from "./engine";
import type { FailureKind } from "./errors";
import { invalidRequest, parseModelRequest, type ModelRequest } from "./modelRequest";
import { bedrockStreamInvoker } from "./streamInvoker";
import { pumpStream } from "./streamPump";

/**
 * What one warm container keeps between invocations: the engine, and with it the regional
 * clients (connection setup, credentials) and circuit breakers. Rebuilt if the settings change.
 */
export interface WarmFailoverState {
    settingsJson?: string;
    engine?: FailoverEngine & { readonly settings: FailoverSettings };
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

/** The request body: the model request plus `stream` (functions/contract.ts, CONTRACTS.md). */
interface RequestBody {
    readonly request: ModelRequest;
    readonly stream: boolean;
}

/**
 * The function's one entry point, wrapped by `awslambda.streamifyResponse` (the function URL runs
 * with invokeMode RESPONSE_STREAM; nodejs24.x only runs async handlers). Function URL requests get
 * `application/json` (stream false: a FailoverReply, 200 / 400 bad request / 503 every region
 * failed / 504 deadline) or `text/event-stream` (stream true: token... metadata, done; or one
 * error event, with the same status codes when nothing was streamed yet). Direct invocations get
 * the FailoverReply JSON. A missing or invalid settings variable throws: a deployment error.
 */
export async function handleFailoverStreamingInvocation(event: unknown, responseStream: ResponseStream, context: LambdaContext | undefined, env: Env, warm: WarmFailoverState, runtime: LambdaStreamingRuntime): Promise<void> {
    const engine = warmEngine(env, warm);
    const http = isHttpEvent(event);
    const open = (statusCode: number, contentType: string): ResponseStream =>
        http ? runtime.HttpResponseStream.from(responseStream, { statusCode, headers: { "content-type": contentType, "cache-control": "no-store" } }) : responseStream;
    let body: RequestBody;
    try {
        body = readRequestBody(http ? httpJsonBody(event) : event);
    } catch (err) {
        const reply: FailoverReply = { ok: false, error: { kind: "invalid-request", message: err instanceof Error ? err.message : String(err), latencyMs: 0, attempts: [] } };
        const wantsStream = http && streamFlag(event);
        const out = open(400, wantsStream ? SSE_CONTENT_TYPE : "application/json");
        out.write(wantsStream ? sseEvent("error", { error: reply.error.message, regions: [] }) : JSON.stringify(reply));
        out.end();
        return;
    }
    // Read before the chain starts, not inside an attempt: a slow SSM must not make the own
    // region look slow to the hedging and its breaker. Cached, so rarely more than a lookup.
    const faultFlag = (warm.faultFlag ??= {});
    await refreshFaultFlag(env, faultFlag);
    const drill = env.AWS_REGION !== undefined && drillFault(faultFlag, env.AWS_REGION) !== undefined;
    const budgetMs = remainingBudgetMs(context, RESPONSE_MARGIN_MS);
    // Direct invocations (not through the function URL) always get the FailoverReply JSON.
    if (!body.stream || !http) {
        const outcome = await engine.run(body.request, { deadlineMs: budgetMs });
        logOutcome(outcome, env, context, drill);
        const out = open(httpStatus(outcome), "application/json");
        out.write(JSON.stringify(toReply(outcome)));
        out.end();
        await settleWatched(engine);
        return;
    }
    const started = Date.now();
    const outcome = await engine.runStream(body.request, { deadlineMs: budgetMs });
    logOutcome(outcome, env, context, drill);
    if (!outcome.ok) {
        const out = open(httpStatus(outcome), SSE_CONTENT_TYPE);
        out.write(sseEvent("error", { error: outcome.message, regions: attemptSummary(outcome.attempts) }));
        out.end();
        return;
    }
    const out = open(200, SSE_CONTENT_TYPE);
    const result = await pumpStream(outcome.answer, (text) => out.write(sseEvent("token", { text })), {
        stallTimeoutMs: engine.settings.stallTimeoutMs,
        lag: engine.lag,
        budgetMs: budgetMs - (Date.now() - started),
        abort: outcome.abort,
    });
    if (result.ok) {
        engine.streamSucceeded({ region: outcome.region, modelId: outcome.modelId });
        out.write(sseEvent("metadata", { usage: result.usage, region: outcome.region, model: outcome.modelId, firstTokenMs: outcome.latencyMs, attempts: attemptSummary(outcome.attempts) }));
        out.write(sseEvent("done", { stopReason: result.stopReason }));
    } else {
        // The client has text already: no failover, an explicit error. Our own time running out
        // is not the region's fault; anything else it did is.
        if (result.kind !== "deadline") engine.streamFailed(outcome.region, result.kind, result.detail);
        writeLogRecord({ event: "bedrock-stream-error", region: outcome.region, modelId: outcome.modelId, kind: result.kind, detail: result.detail, tokens: result.tokens }, env, context);
        out.write(sseEvent("error", { error: `${outcome.region} (${outcome.modelId}) ${result.kind} after ${result.tokens} tokens: ${result.detail}`, regions: [{ region: outcome.region, modelId: outcome.modelId, outcome: result.kind, detail: result.detail }] }));
    }
    out.end();
    await settleWatched(engine);
}

/**
 * Attempts outpaced by the winner are still being watched for their breakers' verdict (bounded by
 * their own deadline; while an answer streams it has usually passed). The client already has its
 * answer. Node.js 24 Lambda does not wait for pending work once the response ends: if the
 * container is frozen first, the watch resumes at the next invocation, and lag.ts sees the
 * freeze, so the verdict is dropped rather than blamed on the region.
 */
async function settleWatched(engine: FailoverEngine): Promise<void> {
    await engine.idle();
}

export const SSE_CONTENT_TYPE = "text/event-stream";

/**
 * The same handler with its response collected instead of streamed: what a direct Invoke of the
 * function returns, and the buffered shape the drills and metric tests read.
 */
export async function handleFailoverInvocation(event: unknown, context: LambdaContext | undefined, env: Env, warm: WarmFailoverState): Promise<FailoverReply | HttpResult> {
    const chunks: string[] = [];
    let prelude: { statusCode: number; headers: Readonly<Record<string, string>> } | undefined;
    const sink: ResponseStream = {
        write: (chunk) => chunks.push(typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk)) > 0,
        end: () => undefined,
    };
    const collecting: LambdaStreamingRuntime = {
        streamifyResponse: (handler) => handler,
        HttpResponseStream: { from: (stream, p) => ((prelude = p), stream) },
    };
    await handleFailoverStreamingInvocation(event, sink, context, env, warm, collecting);
    const body = chunks.join("");
    if (prelude) return { statusCode: prelude.statusCode, headers: prelude.headers, body };
    return JSON.parse(body) as FailoverReply;
}

/** One server-sent event: `event: <name>` and one `data:` line of JSON. */
export function sseEvent(name: "token" | "metadata" | "done" | "error", data: unknown): string {
    return `event: ${name}\ndata: ${JSON.stringify(data)}\n\n`;
}

/** What the error and metadata events say about each step that was tried or skipped. */
export function attemptSummary(attempts: readonly AttemptRecord[]): Array<{ region: string; modelId: string; outcome: string; detail?: string }> {
    return attempts.filter((a) => a.outcome !== "not-reached").map((a) => ({ region: a.region, modelId: a.modelId, outcome: a.outcome, detail: a.detail }));
}

function readRequestBody(raw: unknown): RequestBody {
    const stream = typeof raw === "object" && raw !== null ? (raw as { stream?: unknown }).stream : undefined;
    if (stream !== undefined && typeof stream !== "boolean") throw invalidRequest("stream: expected true or false");
    return { request: parseModelRequest(raw), stream: stream === true };
}

/** Whether an unparseable function URL body still asked for a stream (to answer in its format). */
function streamFlag(event: HttpEvent): boolean {
    return /"stream"\s*:\s*true/.test(event.body === undefined ? "" : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body);
}

function warmEngine(env: Env, warm: WarmFailoverState): FailoverEngine & { readonly settings: FailoverSettings } {
    const raw = env[FAILOVER_SETTINGS_ENV];
    if (!warm.engine || warm.settingsJson !== raw) {
        const settings = readFailoverSettings(env);
        const clients = bedrockClients();
        const faultFor = (region: string): Error | undefined => drillFault(warm.faultFlag, region);
        warm.engine = Object.assign(
            createFailoverEngine(settings, { invoke: drillAware(bedrockInvoker(clients), faultFor), invokeStream: drillAware(bedrockStreamInvoker(clients), faultFor) }),
            { settings },
        );
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

export function httpStatus(outcome: FailoverOutcome<unknown>): number {
    if (outcome.ok) return 200;
    switch (outcome.kind) {
        case "rejected":
            return 400;
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
export function drillAware<T>(invoke: (step: ChainStep, request: ModelRequest, signal: AbortSignal) => Promise<T>, faultFor: (region: string) => Error | undefined): (step: ChainStep, request: ModelRequest, signal: AbortSignal) => Promise<T> {
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
export function countsAsFailover(outcome: FailoverOutcome<unknown>): boolean {
    if (outcome.ok) return outcome.step > 0;
    if (outcome.kind !== "rejected") return true;
    return outcome.attempts.some((a) => a.step > 0 && a.startedAtMs !== undefined);
}

/**
 * One structured log line whenever the request did not simply succeed at the first step. When it
 * counts as a failover the same line is an EMF document carrying `Failovers` = 1 for this
 * function's region: the metric costs no API call on the request path.
 */
function logOutcome(outcome: FailoverOutcome<unknown>, env: Env, context: LambdaContext | undefined, drill: boolean): void {
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
