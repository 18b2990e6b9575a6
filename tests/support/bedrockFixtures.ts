/**
 * Settings builders for the failover and health tests: chains and targets pointing at fake
 * regions on loopback, with timings scaled down so a suite of real HTTP tests stays fast.
 */
import type { ChainStep, FailoverSettings, HealthCheckSettings, HealthTarget } from "../../functions/contract";
import type { FakeRegion } from "./fakeBedrock";

export const EU_REGIONS = ["eu-central-1", "eu-west-1", "eu-west-3"] as const;

export interface StepOverrides extends Partial<ChainStep> {
    readonly region: string;
}

/** A chain step on a fake region; model IDs are EU inference profiles unless overridden. */
export function step(fake: FakeRegion | undefined, overrides: StepOverrides): ChainStep {
    return {
        modelId: "eu.anthropic.claude-3-7-sonnet-20250219-v1:0",
        api: "converse",
        timeoutMs: 200,
        breakerThreshold: 3,
        breakerCooldownMs: 60_000,
        endpointUrl: fake?.url,
        ...overrides,
    };
}

export function failoverSettings(chain: readonly ChainStep[], overrides: Partial<FailoverSettings> = {}): FailoverSettings {
    return {
        residency: "eu",
        allowedRegions: [...EU_REGIONS],
        chain,
        hedgeDelayMs: 50,
        overallDeadlineMs: 600,
        firstTokenTimeoutMs: 300,
        firstTokenHedgeMs: 80,
        stallTimeoutMs: 250,
        // Buffered timeouts unscaled: the engine tests pin exact per-attempt deadlines.
        msPerOutputToken: 0,
        maxOutputTokens: 4096,
        // The steps point at fake regions on 127.0.0.1.
        loopbackEndpointsForTests: true,
        ...overrides,
    };
}

/**
 * A health target on a fake region. The latency baseline is generous (1 s): the loopback tests
 * are about up and down, rounds, publishing and warm state, and on a starved CI machine a loopback
 * probe can take longer than 1.5 x a tight baseline, which would mark a healthy region degraded.
 * Degradation itself is pinned with exact probe latencies in hysteresis.test.ts.
 */
export function target(fake: FakeRegion, weight: number, overrides: Partial<HealthTarget> = {}): HealthTarget {
    return {
        region: fake.name,
        endpointUrl: fake.healthUrl,
        bedrockEndpointUrl: fake.url,
        probeModelId: "eu.anthropic.claude-3-haiku-20240307-v1:0",
        probeTimeoutMs: 300,
        baselineLatencyMs: 1000,
        weight,
        setIdentifier: fake.name,
        ...overrides,
    };
}

export function healthSettings(targets: readonly HealthTarget[], overrides: Partial<HealthCheckSettings> = {}): HealthCheckSettings {
    return {
        targets,
        failureThreshold: 3,
        recoveryThreshold: 2,
        metricNamespace: "AiPlatform/Health",
        probeIntervalMs: 300,
        runForMs: 3000,
        ...overrides,
    };
}

export const HELLO = { messages: [{ role: "user" as const, content: [{ text: "hello" }] }] };

/** Runs `fn` with console.warn/error silenced, returning what was written (handlers log failovers). */
export async function capturingLogs<T>(fn: () => Promise<T>): Promise<{ result: T; lines: string[] }> {
    const lines: string[] = [];
    const saved = { warn: console.warn, error: console.error };
    console.warn = (...args: unknown[]) => void lines.push(args.map(String).join(" "));
    console.error = console.warn;
    try {
        return { result: await fn(), lines };
    } finally {
        console.warn = saved.warn;
        console.error = saved.error;
    }
}
