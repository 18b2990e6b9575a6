/**
 * A stand-in for what Lambda's Node.js runtime and a function URL with invokeMode RESPONSE_STREAM
 * do around a streaming handler, on 127.0.0.1:
 * - the `awslambda` global: `streamifyResponse` marks the handler; `HttpResponseStream.from`
 *   writes the function URL's status and headers ahead of the body as the runtime does (a JSON
 *   prelude, then 8 NUL bytes);
 * - a function URL: a real HTTP/1.1 server that turns each request into a payload 2.0 event,
 *   reads the prelude back into the status line and headers, and relays every later write at once
 *   (so a test sees tokens as they are written, not at the end).
 */
import * as http from "node:http";
import type * as net from "node:net";
import type { HttpResult, LambdaContext, LambdaStreamingRuntime, ResponseStream, StreamingHandler } from "../../functions/lambda";

const PRELUDE_DELIMITER = Buffer.alloc(8);
/** The marker the runtime looks for on a streaming handler. */
export const STREAMING_HANDLER = Symbol.for("aws.lambda.runtime.handler.streaming");

export const AWSLAMBDA_STAND_IN: LambdaStreamingRuntime = {
    streamifyResponse(handler) {
        Object.defineProperty(handler, STREAMING_HANDLER, { value: "response", enumerable: false });
        return handler;
    },
    HttpResponseStream: {
        from(stream, prelude) {
            stream.write(Buffer.concat([Buffer.from(JSON.stringify(prelude)), PRELUDE_DELIMITER]));
            return stream;
        },
    },
};

/** Sets `globalThis.awslambda` for the test; returns the restore function. */
export function installAwslambda(): () => void {
    const g = globalThis as unknown as { awslambda?: LambdaStreamingRuntime };
    const saved = g.awslambda;
    g.awslambda = AWSLAMBDA_STAND_IN;
    return () => {
        if (saved === undefined) delete g.awslambda;
        else g.awslambda = saved;
    };
}

/** Splits a streamed response into its prelude (if any) and body. */
function splitPrelude(raw: Buffer): { prelude?: { statusCode: number; headers: Record<string, string> }; body: Buffer } {
    const at = raw.indexOf(PRELUDE_DELIMITER);
    if (raw[0] !== 0x7b || at < 0) return { body: raw };
    return { prelude: JSON.parse(raw.subarray(0, at).toString("utf8")), body: raw.subarray(at + PRELUDE_DELIMITER.length) };
}

/** A direct Invoke: the written bytes collected; an HTTP prelude becomes an HttpResult. */
export async function invokeCollected<R>(handler: StreamingHandler, event: unknown, context: LambdaContext): Promise<R | HttpResult> {
    const chunks: Buffer[] = [];
    const stream: ResponseStream = { write: (c) => chunks.push(Buffer.from(c)) > 0, end: () => undefined };
    await handler(event, stream, context);
    const { prelude, body } = splitPrelude(Buffer.concat(chunks));
    if (prelude) return { statusCode: prelude.statusCode, headers: prelude.headers, body: body.toString("utf8") };
    return JSON.parse(body.toString("utf8")) as R;
}

export interface FunctionUrl {
    /** http://127.0.0.1:<port>/ */
    readonly url: string;
    close(): Promise<void>;
}

/** Serves `handler` as a streaming function URL on loopback. */
export async function startFunctionUrl(handler: StreamingHandler, context: () => LambdaContext): Promise<FunctionUrl> {
    const sockets = new Set<net.Socket>();
    const server = http.createServer((req, res) => {
        const body: Buffer[] = [];
        req.on("data", (c: Buffer) => body.push(c));
        req.on("end", () => {
            const event = {
                version: "2.0",
                rawPath: req.url ?? "/",
                headers: req.headers,
                requestContext: { http: { method: req.method ?? "POST", path: req.url ?? "/" } },
                body: Buffer.concat(body).toString("utf8"),
                isBase64Encoded: false,
            };
            let pending: Buffer | undefined = Buffer.alloc(0);
            const flush = (chunk: Buffer): void => {
                if (pending === undefined) {
                    res.write(chunk);
                    return;
                }
                pending = Buffer.concat([pending, chunk]);
                const { prelude, body: rest } = splitPrelude(pending);
                if (!prelude) return;
                res.writeHead(prelude.statusCode, prelude.headers);
                res.flushHeaders();
                pending = undefined;
                if (rest.length > 0) res.write(rest);
            };
            const stream: ResponseStream = {
                write: (c) => (flush(Buffer.from(c)), true),
                end: () => {
                    if (pending !== undefined) res.writeHead(200, { "content-type": "application/octet-stream" }).end(pending);
                    else res.end();
                },
            };
            handler(event, stream, context()).catch((err: unknown) => {
                if (!res.headersSent) res.writeHead(502, { "content-type": "application/json" }).end(JSON.stringify({ Message: String(err) }));
                else res.destroy();
            });
        });
    });
    server.on("connection", (s: net.Socket) => {
        sockets.add(s);
        s.on("close", () => sockets.delete(s));
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as net.AddressInfo).port;
    return {
        url: `http://127.0.0.1:${port}/`,
        close: () =>
            new Promise((resolve) => {
                for (const s of sockets) s.destroy();
                server.close(() => resolve());
            }),
    };
}

export interface SseMessage {
    readonly event: string;
    readonly data: unknown;
    /** ms from the request to this event's arrival. */
    readonly atMs: number;
}

/** POSTs `body` to a function URL and reads the server-sent events as they arrive. */
export async function postForEvents(url: string, body: unknown): Promise<{ status: number; contentType: string; events: SseMessage[] }> {
    const started = performance.now();
    const res = await fetch(url, { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } });
    const events: SseMessage[] = [];
    const decoder = new TextDecoder();
    let buffer = "";
    const reader = res.body?.getReader();
    for (;;) {
        const next = await reader?.read();
        if (!next || next.done) break;
        buffer += decoder.decode(next.value, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) >= 0) {
            const block = buffer.slice(0, end);
            buffer = buffer.slice(end + 2);
            const event = /^event: (.*)$/m.exec(block)?.[1] ?? "message";
            const data = /^data: (.*)$/m.exec(block)?.[1];
            events.push({ event, data: data === undefined ? undefined : JSON.parse(data), atMs: performance.now() - started });
        }
    }
    return { status: res.status, contentType: res.headers.get("content-type") ?? "", events };
}
