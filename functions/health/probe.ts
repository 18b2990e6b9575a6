/**
 * One probe of one region: an HTTP GET of its ingress endpoint and a one-token Bedrock call, in
 * parallel, each bounded by the probe timeout. The region passes only if both pass; its probe
 * latency is the slower of the two.
 *
 * Each check sends two requests at once and takes the first success. A single lost packet or
 * reset connection should not count as a failed probe: with 10% loss per request and "down after
 * 3 consecutive failures", one request per check fails a probe 19% of the time (1 - 0.9^2) and
 * takes a healthy region down about once per 150 probes (0.19^3); paired requests fail a probe
 * 2% of the time, a false "down" about once per 125,000 probes (0.02^3). A real outage fails both.
 */
import { ConverseCommand } from "@aws-sdk/client-bedrock-runtime";
import type { HealthTarget } from "../contract";
import { bedrockClients, type ClientExtras } from "../failover/bedrockInvoker";
import { startAttempt } from "../failover/deadline";
import { classifyError } from "../failover/errors";
import type { ProbeResult } from "./hysteresis";

export const REQUESTS_PER_CHECK = 2;

export interface ProbeChecks {
    /** GET the URL; resolves with the HTTP status. Must stop when `signal` aborts. */
    readonly httpGet: (url: string, signal: AbortSignal) => Promise<number>;
    /** A minimal model call in the target's region. Must stop when `signal` aborts. */
    readonly bedrockPing: (target: HealthTarget, signal: AbortSignal) => Promise<void>;
    readonly now: () => number;
}

export async function probeRegion(target: HealthTarget, checks: ProbeChecks, timeoutMs: number): Promise<ProbeResult> {
    const [endpoint, bedrock] = await Promise.all([
        firstSuccess(async (signal) => {
            const status = await checks.httpGet(target.endpointUrl, signal);
            if (status < 200 || status >= 400) throw new Error(`HTTP ${status}`);
        }, checks.now, timeoutMs),
        firstSuccess((signal) => checks.bedrockPing(target, signal), checks.now, timeoutMs),
    ]);
    if (endpoint.ok && bedrock.ok) return { ok: true, latencyMs: Math.max(endpoint.latencyMs, bedrock.latencyMs) };
    const errors = [endpoint.ok ? undefined : `endpoint: ${endpoint.error}`, bedrock.ok ? undefined : `bedrock: ${bedrock.error}`];
    return { ok: false, error: errors.filter((e) => e !== undefined).join("; ") };
}

/** Runs REQUESTS_PER_CHECK copies of a check at once; the first to succeed wins and stops the rest. */
async function firstSuccess(check: (signal: AbortSignal) => Promise<void>, now: () => number, timeoutMs: number): Promise<ProbeResult> {
    const startedAt = now();
    const controls = Array.from({ length: REQUESTS_PER_CHECK }, () => startAttempt(timeoutMs));
    const runs = controls.map((control) =>
        control.guard(Promise.resolve().then(() => check(control.signal))).then(
            () => ({ ok: true as const, latencyMs: now() - startedAt }),
            (err: unknown) => ({ ok: false as const, error: control.stopReason() === "timeout" ? `no answer within ${timeoutMs} ms` : classifyError(err, false).detail }),
        ),
    );
    try {
        return await new Promise<ProbeResult>((resolve) => {
            let failures = 0;
            for (const run of runs) {
                void run.then((result) => {
                    if (result.ok) resolve(result);
                    else if (++failures === runs.length) resolve(result);
                });
            }
        });
    } finally {
        for (const control of controls) {
            control.stop("cancelled");
            control.dispose();
        }
    }
}

/** The production checks: global fetch for the endpoint, the Bedrock runtime for the model. */
export function liveProbeChecks(extras: ClientExtras = {}): ProbeChecks {
    const clientFor = bedrockClients(extras);
    return {
        async httpGet(url, signal) {
            const response = await fetch(url, { signal, redirect: "manual", headers: { "user-agent": "ai-platform-health-check" } });
            await response.arrayBuffer(); // drain, so the connection can be reused
            return response.status;
        },
        async bedrockPing(target, signal) {
            await clientFor(target.region, target.bedrockEndpointUrl).send(
                new ConverseCommand({ modelId: target.probeModelId, messages: [{ role: "user", content: [{ text: "ping" }] }], inferenceConfig: { maxTokens: 1 } }),
                { abortSignal: signal },
            );
        },
        now: Date.now,
    };
}
