import * as assert from "assert";
import { createHash } from "node:crypto";
import * as fs from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";
import type { AddressInfo } from "node:net";
import { PodIdentityCredentials } from "../../edge/src/credentials";
import { HealthChecker, type Dependency } from "../../edge/src/health";
import { settingsFromEnv, startEdge } from "../../edge/src/main";
import { ORIGIN_VERIFY_HEADER } from "../../edge/src/originVerify";
import { createEdgeHandler } from "../../edge/src/server";
import { SseWatcher } from "../../edge/src/sse";

// Everything here listens on 127.0.0.1 only: the edge service, a fake failover function URL that
// checks each request's SigV4 signature is present and well formed, a fake EKS Pod Identity agent,
// and TCP listeners standing in for the database and the cache.

const LOOPBACK = "127.0.0.1";
const TOKEN = "pod-identity-token-123";
const REGION = "eu-central-1";
const SECRET = "origin-secret-abc";

type Handler = (req: http.IncomingMessage, body: string, res: http.ServerResponse) => void;

async function listen(server: net.Server): Promise<number> {
    await new Promise<void>((resolve) => server.listen(0, LOOPBACK, resolve));
    return (server.address() as AddressInfo).port;
}

function readAll(req: http.IncomingMessage): Promise<string> {
    return new Promise((resolve) => {
        let s = "";
        req.on("data", (c: Buffer) => (s += c.toString("utf8")));
        req.on("end", () => resolve(s));
    });
}

/** What the fake function URL saw in each request's signature. */
interface SeenRequest {
    readonly body: Record<string, unknown>;
    readonly problems: string[];
}

const SIGV4 = /^AWS4-HMAC-SHA256 Credential=(ASIA[A-Z0-9]+)\/(\d{8})\/([a-z0-9-]+)\/lambda\/aws4_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/;

function signatureProblems(req: http.IncomingMessage, body: string): string[] {
    const problems: string[] = [];
    const auth = String(req.headers.authorization ?? "");
    const m = SIGV4.exec(auth);
    if (!m) return [`malformed Authorization: ${auth}`];
    const [, , day, region, signed] = m;
    const date = String(req.headers["x-amz-date"] ?? "");
    if (!/^\d{8}T\d{6}Z$/.test(date) || date.slice(0, 8) !== day) problems.push(`x-amz-date ${date} does not match scope day ${day}`);
    if (region !== REGION) problems.push(`signed for ${region}, not ${REGION}`);
    for (const h of ["host", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"]) if (!signed.split(";").includes(h)) problems.push(`${h} not signed`);
    if (req.headers["x-amz-security-token"] !== "session-token") problems.push("session token missing");
    if (req.headers["x-amz-content-sha256"] !== createHash("sha256").update(body).digest("hex")) problems.push("payload hash does not match the body");
    return problems;
}

describe("edge service over real HTTP on loopback", function () {
    const servers: net.Server[] = [];
    const seen: SeenRequest[] = [];
    let upstreamMode: "json" | "stream" | "broken-stream" | "error" = "json";
    let agentCalls = 0;
    let edgeUrl = "";
    let tmp = "";
    let deps: Dependency[] = [];

    before(async function () {
        tmp = fs.mkdtempSync(path.join(os.tmpdir(), "edge-"));
        const tokenFile = path.join(tmp, "token");
        fs.writeFileSync(tokenFile, `${TOKEN}\n`);

        const agent = http.createServer((req, res) => {
            agentCalls++;
            if (req.headers.authorization !== TOKEN) {
                res.writeHead(401).end();
                return;
            }
            res.writeHead(200, { "content-type": "application/json" });
            res.end(JSON.stringify({ AccessKeyId: "ASIAEXAMPLE", SecretAccessKey: "secret", Token: "session-token", Expiration: new Date(Date.now() + 3600_000).toISOString() }));
        });
        const agentPort = await listen(agent);

        const fn: Handler = (req, body, res) => {
            seen.push({ body: JSON.parse(body) as Record<string, unknown>, problems: signatureProblems(req, body) });
            if (upstreamMode === "json") {
                res.writeHead(200, { "content-type": "application/json" }).end(JSON.stringify({ ok: true, text: "hello", region: REGION }));
            } else if (upstreamMode === "error") {
                res.writeHead(503, { "content-type": "application/json" }).end(JSON.stringify({ error: "all regions failed" }));
            } else {
                res.writeHead(200, { "content-type": "text/event-stream" });
                res.write('event: token\ndata: {"text":"hel"}\n\n');
                res.write('event: token\ndata: {"text":"lo"}\n\n');
                if (upstreamMode === "stream") res.write('event: metadata\ndata: {"region":"eu-central-1"}\n\nevent: done\ndata: {"stopReason":"end_turn"}\n\n');
                res.end();
            }
        };
        const fnServer = http.createServer((req, res) => void readAll(req).then((b) => fn(req, b, res)));
        const fnPort = await listen(fnServer);

        const db = net.createServer((s) => s.end());
        const cache = net.createServer((s) => s.end());
        deps = [
            { name: "database", host: LOOPBACK, port: await listen(db) },
            { name: "cache", host: LOOPBACK, port: await listen(cache) },
            { name: "failover-function", host: LOOPBACK, port: fnPort },
        ];
        servers.push(agent, fnServer, db, cache);

        const edge = http.createServer(
            createEdgeHandler({
                failoverUrl: `http://${LOOPBACK}:${fnPort}/`,
                failoverRegion: REGION,
                credentials: new PodIdentityCredentials(`http://${LOOPBACK}:${agentPort}/v1/credentials`, tokenFile),
                health: new HealthChecker(deps, 1000, 0),
                originVerifySecret: SECRET,
                upstreamTimeoutMs: 5000,
            }),
        );
        edgeUrl = `http://${LOOPBACK}:${await listen(edge)}`;
        servers.push(edge);
    });

    after(function () {
        for (const s of servers) s.close();
        fs.rmSync(tmp, { recursive: true, force: true });
    });

    const post = (body: unknown, headers: Record<string, string> = { [ORIGIN_VERIFY_HEADER]: SECRET }) =>
        fetch(`${edgeUrl}/v1/model`, { method: "POST", headers: { "content-type": "application/json", ...headers }, body: JSON.stringify(body) });

    it("/healthz: 200 with every dependency reachable, no origin header needed", async function () {
        const res = await fetch(`${edgeUrl}/healthz`);
        assert.strictEqual(res.status, 200);
        const body = (await res.json()) as { status: string; checks: Array<{ name: string; ok: boolean }> };
        assert.strictEqual(body.status, "ok");
        assert.deepStrictEqual(body.checks.map((c) => [c.name, c.ok]), [["database", true], ["cache", true], ["failover-function", true]]);
    });

    it("/healthz: 503 naming the dependency when one is unreachable (a closed port)", async function () {
        const closed = net.createServer();
        const port = await listen(closed);
        await new Promise<void>((r) => closed.close(() => r()));
        const checker = new HealthChecker([deps[0], { name: "cache", host: LOOPBACK, port }], 1000, 0);
        const server = http.createServer(createEdgeHandler({ failoverUrl: "http://127.0.0.1:1/", failoverRegion: REGION, credentials: { get: async () => ({ accessKeyId: "a", secretAccessKey: "b" }) }, health: checker, upstreamTimeoutMs: 1000 }));
        const url = `http://${LOOPBACK}:${await listen(server)}/healthz`;
        try {
            const res = await fetch(url);
            assert.strictEqual(res.status, 503);
            const body = (await res.json()) as { status: string; checks: Array<{ name: string; ok: boolean; error?: string }> };
            assert.strictEqual(body.status, "unavailable");
            const cache = body.checks.find((c) => c.name === "cache");
            assert.ok(cache && !cache.ok && cache.error, JSON.stringify(body));
        } finally {
            server.close();
        }
    });

    it("rejects model calls without the origin-verify header (403), and with a wrong one", async function () {
        assert.strictEqual((await post({ messages: [] }, {})).status, 403);
        assert.strictEqual((await post({ messages: [] }, { [ORIGIN_VERIFY_HEADER]: "wrong" })).status, 403);
    });

    it("buffered call: forwards the JSON with stream=false, SigV4-signed with Pod Identity credentials, returns the answer", async function () {
        upstreamMode = "json";
        const before = seen.length;
        const res = await post({ messages: [{ role: "user", content: "hi" }] });
        assert.strictEqual(res.status, 200);
        assert.deepStrictEqual(await res.json(), { ok: true, text: "hello", region: REGION });
        const req = seen[before];
        assert.deepStrictEqual(req.problems, []);
        assert.strictEqual(req.body.stream, false);
        assert.ok(agentCalls >= 1);
    });

    it("streamed call: passes the function's events through unchanged, ending with done", async function () {
        upstreamMode = "stream";
        const res = await post({ messages: [], stream: true });
        assert.strictEqual(res.headers.get("content-type"), "text/event-stream");
        const text = await res.text();
        assert.strictEqual(text, 'event: token\ndata: {"text":"hel"}\n\nevent: token\ndata: {"text":"lo"}\n\nevent: metadata\ndata: {"region":"eu-central-1"}\n\nevent: done\ndata: {"stopReason":"end_turn"}\n\n');
        assert.deepStrictEqual(seen[seen.length - 1].problems, []);
    });

    it("streamed call (Accept: text/event-stream) that ends without done gets an explicit error event", async function () {
        upstreamMode = "broken-stream";
        const res = await post({ messages: [] }, { [ORIGIN_VERIFY_HEADER]: SECRET, accept: "text/event-stream" });
        const text = await res.text();
        assert.strictEqual(seen[seen.length - 1].body.stream, true);
        assert.ok(text.endsWith('event: error\ndata: {"error":"upstream stream ended without completion"}\n\n'), text);
    });

    it("passes the function's error status and body through", async function () {
        upstreamMode = "error";
        const res = await post({ messages: [] });
        assert.strictEqual(res.status, 503);
        assert.deepStrictEqual(await res.json(), { error: "all regions failed" });
    });

    it("answers 400 for a non-JSON body, 404 for unknown paths, 405 for GET on the model path", async function () {
        const bad = await fetch(`${edgeUrl}/v1/model`, { method: "POST", headers: { [ORIGIN_VERIFY_HEADER]: SECRET }, body: "not json" });
        assert.strictEqual(bad.status, 400);
        assert.strictEqual((await fetch(`${edgeUrl}/nope`, { headers: { [ORIGIN_VERIFY_HEADER]: SECRET } })).status, 404);
        assert.strictEqual((await fetch(`${edgeUrl}/v1/model`, { headers: { [ORIGIN_VERIFY_HEADER]: SECRET } })).status, 405);
    });

    it("Pod Identity agent: a wrong token is refused, and the edge answers 502 without calling the function", async function () {
        const tokenFile = path.join(tmp, "wrong-token");
        fs.writeFileSync(tokenFile, "wrong");
        const agentPort = (servers[0].address() as AddressInfo).port;
        const creds = new PodIdentityCredentials(`http://${LOOPBACK}:${agentPort}/v1/credentials`, tokenFile);
        await assert.rejects(creds.get(), /401/);
        const server = http.createServer(createEdgeHandler({ failoverUrl: `http://${LOOPBACK}:${deps[2].port}/`, failoverRegion: REGION, credentials: creds, health: new HealthChecker([], 100, 0), upstreamTimeoutMs: 1000 }));
        const url = `http://${LOOPBACK}:${await listen(server)}/v1/model`;
        const before = seen.length;
        try {
            const res = await fetch(url, { method: "POST", body: "{}" });
            assert.strictEqual(res.status, 502);
            assert.strictEqual(seen.length, before);
        } finally {
            server.close();
        }
    });

    it("serves HTTPS on the configured port with the mounted certificate (startEdge)", async function () {
        const fixtures = path.join(__dirname, "fixtures");
        const env = {
            FAILOVER_URL: `http://${LOOPBACK}:${deps[2].port}/`,
            FAILOVER_REGION: REGION,
            DATABASE_HOST: LOOPBACK,
            DATABASE_PORT: String(deps[0].port),
            CACHE_HOST: LOOPBACK,
            CACHE_PORT: String(deps[1].port),
            TLS_CERT_FILE: path.join(fixtures, "cert.pem"),
            TLS_KEY_FILE: path.join(fixtures, "key.pem"),
            AWS_CONTAINER_CREDENTIALS_FULL_URI: `http://${LOOPBACK}:1/`,
            AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE: path.join(tmp, "token"),
        };
        const settings = { ...settingsFromEnv(env), port: 0 };
        const server = startEdge(settings, env, LOOPBACK);
        await new Promise<void>((r) => server.once("listening", () => r()));
        try {
            const port = (server.address() as AddressInfo).port;
            const status = await new Promise<number>((resolve, reject) => {
                // The NLB does not validate target certificates; neither does this client.
                https.get({ host: LOOPBACK, port, path: "/healthz", rejectUnauthorized: false }, (res) => {
                    res.resume();
                    resolve(res.statusCode ?? 0);
                }).on("error", reject);
            });
            assert.strictEqual(status, 200);
        } finally {
            server.close();
        }
    });

    it("settingsFromEnv names a missing variable", function () {
        assert.throws(() => settingsFromEnv({ FAILOVER_URL: "https://x.lambda-url.eu-central-1.on.aws/" }), /FAILOVER_REGION is required/);
    });
});

describe("edge/sse: SseWatcher", function () {
    const cases: Array<[string, string[], boolean]> = [
        ["done in one chunk", ["event: token\ndata: {}\n\nevent: done\ndata: {}\n\n"], true],
        ["error split across chunks", ["event: tok", "en\ndata: {}\n\nevent: er", "ror\ndata: {}\n", "\n"], true],
        ["done without its blank line is not dispatched", ["event: done\ndata: {}\n"], false],
        ["tokens only", ["event: token\ndata: {}\n\n"], false],
        ["CRLF line endings", ["event: done\r\ndata: {}\r\n\r\n"], true],
    ];
    for (const [title, chunks, complete] of cases) {
        it(title, function () {
            const w = new SseWatcher();
            for (const c of chunks) w.push(c);
            assert.strictEqual(w.complete, complete);
        });
    }
});
