/**
 * Entry point in the pod: settings from the environment (set by components/cluster/edgeService.ts),
 * HTTPS on EDGE_PORT with the mounted certificate (the NLB re-encrypts to it and does not validate
 * it), plain HTTP when no certificate is mounted (local runs only).
 */
import { readFileSync } from "node:fs";
import * as http from "node:http";
import * as https from "node:https";
import { PodIdentityCredentials } from "./credentials";
import { HealthChecker, urlDependency, type Dependency } from "./health";
import { createEdgeHandler } from "./server";

export interface EdgeSettings {
    readonly port: number;
    readonly failoverUrl: string;
    readonly failoverRegion: string;
    readonly dependencies: readonly Dependency[];
    readonly originVerifySecret?: string;
    readonly tls?: { readonly certFile: string; readonly keyFile: string };
    readonly healthTimeoutMs: number;
    readonly healthCacheMs: number;
    readonly upstreamTimeoutMs: number;
}

function required(env: NodeJS.ProcessEnv, name: string): string {
    const v = env[name];
    if (!v) throw new Error(`environment variable ${name} is required`);
    return v;
}

function int(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
    const raw = env[name];
    if (raw === undefined || raw === "") return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n <= 0) throw new Error(`environment variable ${name} must be a positive integer, got "${raw}"`);
    return n;
}

export function settingsFromEnv(env: NodeJS.ProcessEnv): EdgeSettings {
    const failoverUrl = required(env, "FAILOVER_URL");
    return {
        port: int(env, "EDGE_PORT", 8443),
        failoverUrl,
        failoverRegion: required(env, "FAILOVER_REGION"),
        dependencies: [
            { name: "database", host: required(env, "DATABASE_HOST"), port: int(env, "DATABASE_PORT", 5432) },
            { name: "cache", host: required(env, "CACHE_HOST"), port: int(env, "CACHE_PORT", 6379) },
            urlDependency("failover-function", failoverUrl),
        ],
        originVerifySecret: env.ORIGIN_VERIFY_SECRET || undefined,
        tls: env.TLS_CERT_FILE && env.TLS_KEY_FILE ? { certFile: env.TLS_CERT_FILE, keyFile: env.TLS_KEY_FILE } : undefined,
        healthTimeoutMs: int(env, "HEALTH_TIMEOUT_MS", 2000),
        healthCacheMs: int(env, "HEALTH_CACHE_MS", 2000),
        upstreamTimeoutMs: int(env, "UPSTREAM_TIMEOUT_MS", 120_000),
    };
}

export function startEdge(settings: EdgeSettings, env: NodeJS.ProcessEnv, host?: string): http.Server {
    const handler = createEdgeHandler({
        failoverUrl: settings.failoverUrl,
        failoverRegion: settings.failoverRegion,
        credentials: PodIdentityCredentials.fromEnv(env),
        health: new HealthChecker(settings.dependencies, settings.healthTimeoutMs, settings.healthCacheMs),
        originVerifySecret: settings.originVerifySecret,
        upstreamTimeoutMs: settings.upstreamTimeoutMs,
    });
    const server = settings.tls
        ? https.createServer({ cert: readFileSync(settings.tls.certFile), key: readFileSync(settings.tls.keyFile), minVersion: "TLSv1.2" }, handler)
        : http.createServer(handler);
    // Longer than the NLB's 350 s idle timeout, so the NLB, not the pod, closes idle connections.
    server.keepAliveTimeout = 360_000;
    server.listen(settings.port, host);
    return server;
}

if (require.main === module) {
    const server = startEdge(settingsFromEnv(process.env), process.env);
    const stop = () => server.close(() => process.exit(0));
    process.on("SIGTERM", stop);
    process.on("SIGINT", stop);
}
