/**
 * A fake AWS region on loopback (127.0.0.1, ports chosen by the OS): the Bedrock runtime API
 * (Converse, InvokeModel) for the real `@aws-sdk/client-bedrock-runtime` client, and a plain
 * `GET /health` regional endpoint for the health checks. Faults are injected per region and can
 * change while it runs; they apply to both.
 *
 * The Bedrock client's default request handler speaks HTTP/2 (cleartext for http:// endpoints),
 * so the Bedrock side is an HTTP/2 server and the production client is tested unmodified; the
 * health endpoint is HTTP/1.1, which is what `fetch` speaks.
 */
import * as http from "node:http";
import * as http2 from "node:http2";
import * as net from "node:net";
import { EventStreamCodec } from "@smithy/core/event-streams";

export type FaultKind =
    | "ok"
    /** The port is closed: connections are refused (ECONNREFUSED). */
    | "refused"
    /** The request is read and never answered. */
    | "hang"
    /** 429 ThrottlingException. */
    | "throttle"
    /** 503 ServiceUnavailableException. */
    | "unavailable"
    /** 500 InternalServerException. */
    | "internal"
    /** 200 with a body that is not JSON. */
    | "malformed"
    /** 400 ValidationException. */
    | "validation"
    /** 403 AccessDeniedException. */
    | "access-denied"
    /** The connection is reset without an answer (a lost probe). */
    | "reset"
    /** 404 ResourceNotFoundException (the model is not in that region). */
    | "not-found"
    /** Streaming: 200, the first text chunk, then nothing more (the stream stays open). */
    | "stall"
    /** Streaming: 200, the first text chunk, then the HTTP/2 stream is reset (RST_STREAM). */
    | "abort"
    /** Streaming: 200, the first text chunk, then a clean end without messageStop. */
    | "truncate";

/**
 * A fixed fault, or one chosen per request (n counts this fake's requests from 0): flaky
 * regions, probe loss.
 */
export type FaultPlan = FaultKind | ((n: number, request: ReceivedRequest) => FaultKind);
/** Model answer latency in ms (inference time), fixed or drawn per request. */
export type LatencyPlan = number | (() => number);

export interface FakeRegionOptions {
    readonly name: string;
    readonly fault?: FaultPlan;
    /**
     * How long a model call takes to answer (buffered: the whole answer; streaming: the first
     * token); errors and the health endpoint answer at once.
     */
    readonly latencyMs?: LatencyPlan;
    /** Streaming: text chunks per answer (default 3). */
    readonly streamChunks?: number;
    /** Streaming: time between text chunks (default 1 ms). */
    readonly chunkIntervalMs?: LatencyPlan;
    /** Streaming "stall" / "abort" / "truncate": text chunks sent before the fault (default 1). */
    readonly faultAfterChunks?: number;
}

export interface ReceivedRequest {
    readonly method: string;
    readonly path: string;
    /** Model ID for Bedrock calls (decoded from the path). */
    readonly modelId?: string;
    readonly protocol: "h2" | "http/1.1";
    readonly body: string;
}

export interface FakeRegion {
    readonly name: string;
    /** Bedrock endpoint, http://127.0.0.1:<port>; the same while the fake lives (also while refusing). */
    readonly url: string;
    /** The regional health endpoint, http://127.0.0.1:<other port>/health. */
    readonly healthUrl: string;
    /** Every request received, in order (refused connections never arrive). */
    readonly received: readonly ReceivedRequest[];
    /** Bedrock model calls received. */
    modelCalls(): number;
    /** HTTP/2 streams the client closed before an answer was sent (aborted attempts). */
    abortedByClient(): number;
    /** Changes the fault; "refused" closes the port, anything else (re)opens it. */
    setFault(fault: FaultPlan): Promise<void>;
    setLatency(latency: LatencyPlan): void;
    /** Streaming answer shape: chunks per answer and the gap between them. */
    setStreaming(chunks: number, intervalMs: LatencyPlan, faultAfterChunks?: number): void;
    close(): Promise<void>;
}

const ERROR_STATUS: Readonly<Record<string, { status: number; type: string }>> = {
    throttle: { status: 429, type: "ThrottlingException" },
    unavailable: { status: 503, type: "ServiceUnavailableException" },
    internal: { status: 500, type: "InternalServerException" },
    validation: { status: 400, type: "ValidationException" },
    "access-denied": { status: 403, type: "AccessDeniedException" },
    "not-found": { status: 404, type: "ResourceNotFoundException" },
};

const STREAM_FAULTS: readonly FaultKind[] = ["stall", "abort", "truncate"];

interface Reply {
    readonly status: number;
    readonly headers: Record<string, string>;
    readonly body: string;
}

export async function startFakeRegion(options: FakeRegionOptions): Promise<FakeRegion> {
    let fault: FaultPlan = options.fault ?? "ok";
    let latency: LatencyPlan = options.latencyMs ?? 0;
    let requestCount = 0;
    let streamChunks = options.streamChunks ?? 3;
    let chunkInterval: LatencyPlan = options.chunkIntervalMs ?? 1;
    let faultAfter = options.faultAfterChunks ?? 1;
    let aborted = 0;
    let closed = false;
    const received: ReceivedRequest[] = [];
    const sockets = new Set<net.Socket>();
    const timers = new Set<ReturnType<typeof setTimeout>>();

    /** Decides the fate of one request; calls `send` later (latency) or never (hang) or resets. */
    const handle = (req: ReceivedRequest, send: (reply: Reply) => void, reset: () => void, stream?: (plan: StreamPlan) => void): void => {
        received.push(req);
        const kind = typeof fault === "function" ? fault(requestCount++, req) : (requestCount++, fault);
        if (kind === "hang") return;
        // "refused" chosen per request cannot un-accept a connection: the nearest thing is a reset.
        if (kind === "reset" || kind === "refused") return reset();
        // Latency is the model's inference time: it applies to model answers. Errors (throttling,
        // 5xx, validation) and the health endpoint answer at once, as a real region does: a 429
        // costs a round trip, not an inference.
        const streaming = isStreamPath(req.path);
        const answersModel = req.modelId !== undefined && (kind === "ok" || kind === "malformed" || STREAM_FAULTS.includes(kind));
        const delay = answersModel ? draw(latency) : 0;
        const timer = setTimeout(() => {
            timers.delete(timer);
            if (streaming && stream && answersModel && kind !== "malformed") {
                stream({ region: options.name, path: req.path, modelId: req.modelId ?? "", chunks: streamChunks, interval: chunkInterval, fault: kind, faultAfter });
            } else send(replyFor(options.name, req, kind));
        }, delay);
        timers.add(timer);
    };

    const h1 = http.createServer((req, res) => {
        readBody(req, (body) =>
            handle(
                { method: req.method ?? "GET", path: req.url ?? "/", modelId: modelIdOf(req.url ?? ""), protocol: "http/1.1", body },
                (reply) => {
                    if (!res.writableEnded && !res.destroyed) res.writeHead(reply.status, reply.headers).end(reply.body);
                },
                () => req.socket.destroy(),
            ),
        );
    });
    const h2 = http2.createServer();
    h2.on("stream", (stream, headers) => {
        stream.on("close", () => {
            if (!stream.headersSent && !closed) aborted++;
        });
        readBody(stream, (body) => {
            const path = String(headers[":path"] ?? "/");
            handle(
                { method: String(headers[":method"] ?? "GET"), path, modelId: modelIdOf(path), protocol: "h2", body },
                (reply) => {
                    if (stream.destroyed || stream.closed) return;
                    stream.respond({ ":status": reply.status, ...reply.headers });
                    stream.end(reply.body);
                },
                () => stream.session?.destroy(),
                (plan) => sendStream(stream, plan, timers),
            );
        });
    });
    h2.on("sessionError", () => undefined);

    // Two listeners: HTTP/2 (cleartext) for the SDK, HTTP/1.1 for fetch. (One port sniffing the
    // HTTP/2 preface does not work: the HTTP/2 session reads the socket's handle directly and
    // misses bytes pushed back with unshift.)
    const track = (server: net.Server): void => {
        server.on("connection", (socket: net.Socket) => {
            sockets.add(socket);
            socket.on("close", () => sockets.delete(socket));
            socket.on("error", () => undefined);
        });
    };
    track(h1);
    track(h2);
    const listen = (server: net.Server, port: number): Promise<number> =>
        new Promise((resolve, reject) => {
            server.once("error", reject);
            server.listen(port, "127.0.0.1", () => {
                server.off("error", reject);
                resolve((server.address() as net.AddressInfo).port);
            });
        });
    const stopListening = (server: net.Server): Promise<void> =>
        new Promise((resolve) => (server.listening ? server.close(() => resolve()) : resolve()));
    const dropConnections = (): void => {
        for (const socket of sockets) socket.destroy();
        sockets.clear();
    };
    const refuse = async (): Promise<void> => {
        const closing = Promise.all([stopListening(h1), stopListening(h2)]);
        dropConnections();
        await closing;
    };

    const bedrockPort = await listen(h2, 0);
    const healthPort = await listen(h1, 0);
    if (fault === "refused") await refuse();
    const url = `http://127.0.0.1:${bedrockPort}`;

    return {
        name: options.name,
        url,
        healthUrl: `http://127.0.0.1:${healthPort}/health`,
        received,
        modelCalls: () => received.filter((r) => r.modelId !== undefined).length,
        abortedByClient: () => aborted,
        async setFault(next) {
            fault = next;
            if (closed) return;
            if (next === "refused") await refuse();
            else if (!h2.listening) await Promise.all([listen(h2, bedrockPort), listen(h1, healthPort)]);
        },
        setLatency(next) {
            latency = next;
        },
        setStreaming(chunks, intervalMs, after) {
            streamChunks = chunks;
            chunkInterval = intervalMs;
            if (after !== undefined) faultAfter = after;
        },
        async close() {
            closed = true;
            for (const timer of timers) clearTimeout(timer);
            timers.clear();
            await refuse();
        },
    };
}

/** Starts one fake per region name, in parallel. */
export async function startFakeRegions(specs: readonly FakeRegionOptions[]): Promise<Record<string, FakeRegion>> {
    const fakes = await Promise.all(specs.map((s) => startFakeRegion(s)));
    return Object.fromEntries(fakes.map((f) => [f.name, f]));
}

export async function closeAll(fakes: Readonly<Record<string, FakeRegion>> | readonly FakeRegion[]): Promise<void> {
    await Promise.all(Object.values(fakes).map((f: FakeRegion) => f.close()));
}

function readBody(stream: NodeJS.ReadableStream, done: (body: string) => void): void {
    const chunks: Buffer[] = [];
    stream.on("data", (c: Buffer) => chunks.push(c));
    stream.on("end", () => done(Buffer.concat(chunks).toString("utf8")));
    stream.on("error", () => undefined);
}

/** `/model/<id>/converse`, `/converse-stream`, `/invoke` or `/invoke-with-response-stream` -> id (URL-decoded). */
function modelIdOf(path: string): string | undefined {
    const match = /^\/model\/([^/]+)\/(converse|converse-stream|invoke|invoke-with-response-stream)$/.exec(path.split("?")[0]);
    return match ? decodeURIComponent(match[1]) : undefined;
}

function replyFor(region: string, req: ReceivedRequest, kind: FaultKind): Reply {
    const json = { "content-type": "application/json" };
    const error = ERROR_STATUS[kind];
    if (error) {
        return { status: error.status, headers: { ...json, "x-amzn-errortype": error.type }, body: JSON.stringify({ message: `${error.type} from fake ${region}` }) };
    }
    if (kind === "malformed") return { status: 200, headers: json, body: "{ this is not json" };
    if (req.modelId === undefined) return { status: 200, headers: { "content-type": "text/plain" }, body: "ok" };
    const text = `answer from ${region}`;
    if (req.path.endsWith("/converse")) {
        return {
            status: 200,
            headers: json,
            body: JSON.stringify({
                output: { message: { role: "assistant", content: [{ text }] } },
                stopReason: "end_turn",
                usage: { inputTokens: 3, outputTokens: 4, totalTokens: 7 },
                metrics: { latencyMs: 1 },
            }),
        };
    }
    return { status: 200, headers: json, body: JSON.stringify(nativeAnswer(req.modelId, text)) };
}

/** InvokeModel answers in the model family's native shape. */
function nativeAnswer(modelId: string, text: string): unknown {
    if (modelId.includes("anthropic.")) return { content: [{ type: "text", text }], stop_reason: "end_turn", usage: { input_tokens: 3, output_tokens: 4 } };
    if (modelId.includes("titan-text")) return { inputTextTokenCount: 3, results: [{ tokenCount: 4, outputText: text, completionReason: "FINISH" }] };
    if (modelId.includes("llama")) return { generation: text, prompt_token_count: 3, generation_token_count: 4, stop_reason: "stop" };
    return { text };
}

/** Static credentials for the real SDK clients (the fake does not check signatures). */
export const FAKE_CREDENTIALS = { accessKeyId: "AKIDFAKEFAKEFAKE", secretAccessKey: "fake-secret-key" } as const;

function draw(plan: LatencyPlan): number {
    return typeof plan === "function" ? plan() : plan;
}

function isStreamPath(path: string): boolean {
    return /\/(converse-stream|invoke-with-response-stream)$/.test(path.split("?")[0]);
}

interface StreamPlan {
    readonly region: string;
    readonly path: string;
    readonly modelId: string;
    readonly chunks: number;
    readonly interval: LatencyPlan;
    readonly fault: FaultKind;
    readonly faultAfter: number;
}

/** The text of chunk k of a streamed answer: together "answer from <region> [1] [2]...". */
export function streamedText(region: string, chunks: number): string {
    return Array.from({ length: chunks }, (_, k) => chunkText(region, k)).join("");
}

function chunkText(region: string, k: number): string {
    return k === 0 ? `answer from ${region}` : ` [${k}]`;
}

// The AWS event-stream framing (prelude, headers, CRCs) as the SDK's own codec writes it, so the
// real client decodes what a real region would send.
const codec = new EventStreamCodec((bytes: Uint8Array) => Buffer.from(bytes).toString("utf8"), (text: string) => new Uint8Array(Buffer.from(text, "utf8")));

function eventMessage(eventType: string, body: unknown): Uint8Array {
    return codec.encode({
        headers: {
            ":event-type": { type: "string", value: eventType },
            ":content-type": { type: "string", value: "application/json" },
            ":message-type": { type: "string", value: "event" },
        },
        body: new Uint8Array(Buffer.from(JSON.stringify(body), "utf8")),
    });
}

/** The events of a streamed answer: ConverseStream members, or InvokeModel chunks (Anthropic shape). */
function streamEvents(plan: StreamPlan): { text: (k: number) => Uint8Array[]; start: Uint8Array[]; end: Uint8Array[] } {
    if (plan.path.endsWith("/converse-stream")) {
        return {
            start: [eventMessage("messageStart", { role: "assistant" })],
            text: (k) => [eventMessage("contentBlockDelta", { contentBlockIndex: 0, delta: { text: chunkText(plan.region, k) } })],
            end: [
                eventMessage("contentBlockStop", { contentBlockIndex: 0 }),
                eventMessage("messageStop", { stopReason: "end_turn" }),
                eventMessage("metadata", { usage: { inputTokens: 3, outputTokens: plan.chunks, totalTokens: 3 + plan.chunks }, metrics: { latencyMs: 1 } }),
            ],
        };
    }
    const chunk = (json: unknown): Uint8Array => eventMessage("chunk", { bytes: Buffer.from(JSON.stringify(json)).toString("base64") });
    return {
        start: [chunk({ type: "message_start", message: { role: "assistant", usage: { input_tokens: 3 } } })],
        text: (k) => [chunk({ type: "content_block_delta", index: 0, delta: { type: "text_delta", text: chunkText(plan.region, k) } })],
        end: [chunk({ type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: plan.chunks } }), chunk({ type: "message_stop" })],
    };
}

/** Writes a streamed answer over time, with the planned fault after `faultAfter` text chunks. */
function sendStream(stream: http2.ServerHttp2Stream, plan: StreamPlan, timers: Set<ReturnType<typeof setTimeout>>): void {
    if (stream.destroyed || stream.closed) return;
    stream.respond({ ":status": 200, "content-type": "application/vnd.amazon.eventstream" });
    const events = streamEvents(plan);
    const write = (messages: Uint8Array[]): void => {
        for (const m of messages) if (!stream.destroyed && !stream.closed) stream.write(m);
    };
    write(events.start);
    const next = (k: number): void => {
        if (stream.destroyed || stream.closed) return;
        if (plan.fault !== "ok" && k === plan.faultAfter) {
            if (plan.fault === "abort") stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
            else if (plan.fault === "truncate") stream.end();
            return; // "stall": nothing more, the stream stays open
        }
        if (k === plan.chunks) {
            write(events.end);
            stream.end();
            return;
        }
        write(events.text(k));
        const timer = setTimeout(() => {
            timers.delete(timer);
            next(k + 1);
        }, draw(plan.interval));
        timers.add(timer);
    };
    next(0);
}
