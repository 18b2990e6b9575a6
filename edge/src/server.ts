/**
 * The platform edge service: what every regional load balancer sends traffic to.
 *   GET  /healthz     the region's health (health.ts): 200 ok / 503 unavailable, JSON body.
 *   POST /v1/model    a model call: the JSON request (functions/contract.ts shape) is forwarded to
 *                     the region's failover function URL, SigV4-signed with the pod role.
 *                     `"stream": true` in the body (or `Accept: text/event-stream`) streams the
 *                     function's server-sent events through; otherwise the JSON answer is returned.
 * Everything but /healthz requires the origin-verify header when a secret is configured (403).
 * Errors: 400 bad JSON, 404 unknown path, 405 wrong method, 413 body too large, 502 the function
 * could not be reached or signed for.
 */
import * as http from "node:http";
import * as https from "node:https";
import type { CredentialSource } from "./credentials";
import type { HealthChecker } from "./health";
import { ORIGIN_VERIFY_HEADER, originVerified } from "./originVerify";
import { signRequest } from "./sigv4";
import { BROKEN_STREAM_EVENT, SseWatcher } from "./sse";

export const MAX_BODY_BYTES = 1024 * 1024;
export const HEALTH_PATH = "/healthz";
export const MODEL_PATH = "/v1/model";

export interface EdgeOptions {
    readonly failoverUrl: string;
    readonly failoverRegion: string;
    readonly credentials: CredentialSource;
    readonly health: HealthChecker;
    readonly originVerifySecret?: string;
    /** Upper bound for one model call, end to end (the function's own deadline is shorter). */
    readonly upstreamTimeoutMs: number;
}

function sendJson(res: http.ServerResponse, status: number, body: unknown): void {
    const text = JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(text), "cache-control": "no-store" });
    res.end(text);
}

class HttpError extends Error {
    constructor(readonly status: number, message: string) {
        super(message);
    }
}

function readBody(req: http.IncomingMessage): Promise<Buffer> {
    return new Promise((resolve, reject) => {
        const chunks: Buffer[] = [];
        let size = 0;
        req.on("data", (c: Buffer) => {
            size += c.length;
            if (size > MAX_BODY_BYTES) {
                reject(new HttpError(413, `request body over ${MAX_BODY_BYTES} bytes`));
                req.destroy();
            } else chunks.push(c);
        });
        req.on("end", () => resolve(Buffer.concat(chunks)));
        req.on("error", reject);
    });
}

function parseModelBody(raw: Buffer, acceptsEvents: boolean): { body: Record<string, unknown>; stream: boolean } {
    let parsed: unknown;
    try {
        parsed = JSON.parse(raw.toString("utf8"));
    } catch {
        throw new HttpError(400, "expected a JSON body");
    }
    if (typeof parsed !== "object" || parsed === null || Array.isArray(parsed)) throw new HttpError(400, "expected a JSON object");
    const body = parsed as Record<string, unknown>;
    if (body.stream !== undefined && typeof body.stream !== "boolean") throw new HttpError(400, "expected stream to be true or false");
    const stream = body.stream ?? acceptsEvents;
    return { body: { ...body, stream }, stream };
}

export function createEdgeHandler(opts: EdgeOptions): http.RequestListener {
    const target = new URL(opts.failoverUrl);
    const client = target.protocol === "https:" ? https : http;

    async function model(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
        const accepts = String(req.headers.accept ?? "").includes("text/event-stream");
        const { body, stream } = parseModelBody(await readBody(req), accepts);
        const payload = JSON.stringify(body);
        let creds;
        try {
            creds = await opts.credentials.get();
        } catch (err) {
            throw new HttpError(502, `no credentials for the failover function: ${(err as Error).message}`);
        }
        const headers = signRequest(
            { method: "POST", url: target, headers: { "content-type": "application/json", accept: stream ? "text/event-stream" : "application/json" }, body: payload },
            creds,
            opts.failoverRegion,
            "lambda",
        );
        await new Promise<void>((resolve) => {
            const upstream = client.request(target, { method: "POST", headers: { ...headers, "content-length": String(Buffer.byteLength(payload)) }, timeout: opts.upstreamTimeoutMs }, (up) => {
                const status = up.statusCode ?? 502;
                const type = String(up.headers["content-type"] ?? "application/json");
                const eventStream = stream && status < 300 && type.startsWith("text/event-stream");
                res.writeHead(status, { "content-type": type, "cache-control": "no-store", ...(eventStream ? { "x-accel-buffering": "no" } : {}) });
                if (!eventStream) {
                    up.pipe(res);
                    up.on("end", resolve);
                    up.on("error", () => { res.destroy(); resolve(); });
                    return;
                }
                const watcher = new SseWatcher();
                up.on("data", (chunk: Buffer) => {
                    watcher.push(chunk.toString("utf8"));
                    res.write(chunk);
                });
                const close = () => {
                    if (!watcher.complete) res.write(BROKEN_STREAM_EVENT);
                    res.end();
                    resolve();
                };
                up.on("end", close);
                up.on("error", close);
                up.on("aborted", close);
            });
            upstream.on("timeout", () => upstream.destroy(new Error(`no answer within ${opts.upstreamTimeoutMs} ms`)));
            upstream.on("error", (err) => {
                if (!res.headersSent) sendJson(res, 502, { error: `failover function unreachable: ${err.message}` });
                else if (!res.writableEnded) {
                    if (stream) res.write(BROKEN_STREAM_EVENT);
                    res.end();
                }
                resolve();
            });
            upstream.end(payload);
        });
    }

    return (req, res) => {
        const path = new URL(req.url ?? "/", "http://edge").pathname;
        const run = async () => {
            if (path === HEALTH_PATH) {
                if (req.method !== "GET" && req.method !== "HEAD") throw new HttpError(405, "use GET");
                const r = await opts.health.check();
                return sendJson(res, r.status === "ok" ? 200 : 503, r);
            }
            if (!originVerified(opts.originVerifySecret, req.headers[ORIGIN_VERIFY_HEADER])) throw new HttpError(403, "requests must come through the platform entry");
            if (path === MODEL_PATH) {
                if (req.method !== "POST") throw new HttpError(405, "use POST");
                return model(req, res);
            }
            throw new HttpError(404, `no route ${path}`);
        };
        run().catch((err: unknown) => {
            const status = err instanceof HttpError ? err.status : 500;
            if (!res.headersSent) sendJson(res, status, { error: err instanceof Error ? err.message : String(err) });
            else res.end();
        });
    };
}
