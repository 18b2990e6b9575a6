/**
 * `npm run bench:failover`: streaming failover (functions/failover: engine + stream pump, the code
 * the Lambda runs) against a naive sequential streaming client, in the same run, over real HTTP:
 * the real Bedrock runtime client (ConverseStream, event-stream frames) against fake regions on
 * 127.0.0.1.
 *
 * Production timings, unscaled: the failover settings are those the eu-central-1 failover Lambda
 * gets from Pulumi.prod.yaml (components/bedrock/chain.ts: per-region timeouts, breakers, hedge and
 * first-token settings), with only the endpoints pointed at the fakes. The fake model answers
 * like the seeds describe: 200-500 ms to first token, then 30 chunks 100 ms apart (a 3 s answer).
 */
import * as os from "node:os";
import { monitorEventLoopDelay } from "node:perf_hooks";
import * as path from "node:path";
import { failoverSettings as chainSettings } from "../components/bedrock/chain";
import { parsePlatformConfig } from "../config";
import { projectConfigFrom } from "../config/load";
import { readStackConfigFile } from "../config/stackFile";
import type { ChainStep, FailoverSettings } from "../functions/contract";
import { bedrockClients } from "../functions/failover/bedrockInvoker";
import { createFailoverEngine } from "../functions/failover/engine";
import type { ModelRequest } from "../functions/failover/modelRequest";
import { bedrockStreamInvoker, type StreamInvoker } from "../functions/failover/streamInvoker";
import { pumpStream } from "../functions/failover/streamPump";
import { closeAll, FAKE_CREDENTIALS, startFakeRegions, type FakeRegion, type FaultKind } from "../tests/support/fakeBedrock";
import { collectGarbage } from "./gc";
import { seededRandom } from "./random";
import { percentile, round1 } from "./stats";
import { renderTable } from "./table";

/** The fake model: time to first token and the answer's shape (the seeds: 200-500 ms TTFT). */
export const MODEL = { ttftMs: { min: 200, max: 500 }, chunks: 30, chunkIntervalMs: 100 } as const;
/** The primary stalls after this many text chunks in the stall scenario. */
const STALL_AFTER_CHUNKS = 5;

export const FULL = { sequentialRequests: 12, concurrent: 200 } as const;
export const QUICK = { sequentialRequests: 4, concurrent: 50 } as const;

const PRIMARY = "eu-central-1";
const SECONDARY = "eu-west-1";

export type Strategy = "naive" | "failover";
export const STRATEGIES: readonly Strategy[] = ["naive", "failover"];

export interface Scenario {
    readonly name: string;
    readonly description: string;
    readonly primary: FaultKind;
}

export const SCENARIOS: readonly Scenario[] = [
    { name: "healthy", description: "both regions answer", primary: "ok" },
    { name: "primary-hang", description: "primary accepts and never sends a byte", primary: "hang" },
    { name: "primary-down", description: "primary refuses connections", primary: "refused" },
    { name: "primary-throttled", description: "primary answers 429 ThrottlingException", primary: "throttle" },
    { name: "primary-stall", description: `primary stalls after ${STALL_AFTER_CHUNKS} chunks, mid-stream`, primary: "stall" },
];

export interface Row {
    readonly scenario: string;
    readonly strategy: Strategy;
    readonly concurrency: number;
    readonly requests: number;
    /** Complete answers (the model's stop event reached the client, no error, no restart). */
    readonly ok: number;
    /** Requests without a complete answer although the secondary was healthy throughout. */
    readonly lost: number;
    /** Of those, answers cut after text had reached the client (failover: an explicit error event). */
    readonly cutOff: number;
    readonly ttftP50Ms: number;
    readonly ttftP99Ms: number;
    /** Bedrock calls sent per request (1 = no hedging, no retry). */
    readonly callsPerRequest: number;
    /** How late this process's timers ran (p99, ms) while the row ran: the rig's own load. */
    readonly loopDelayP99Ms: number;
}

export interface Ratio {
    readonly scenario: string;
    readonly concurrency: number;
    /** failover TTFT p99 / naive TTFT p99. */
    readonly ttftP99Ratio: number;
}

export interface FailoverBenchResult {
    readonly rows: readonly Row[];
    readonly ratios: readonly Ratio[];
    readonly timings: Pick<FailoverSettings, "firstTokenHedgeMs" | "firstTokenTimeoutMs" | "stallTimeoutMs" | "overallDeadlineMs"> & { readonly stepTimeoutsMs: readonly number[]; readonly breakerThresholds: readonly number[]; readonly breakerCooldownMs: number };
    readonly quick: boolean;
    readonly seed: number;
    readonly load: { readonly start: number; readonly end: number; readonly cpus: number };
    readonly seconds: number;
}

/** The eu-central-1 failover Lambda's settings from Pulumi.prod.yaml, endpoints on the fakes. */
export function productionSettings(fakes: Readonly<Record<string, FakeRegion>>): FailoverSettings {
    const config = parsePlatformConfig(projectConfigFrom(readStackConfigFile(path.resolve(__dirname, "..", "Pulumi.prod.yaml"))));
    const start = config.regions.find((r) => r.code === PRIMARY);
    if (!start) throw new Error(`Pulumi.prod.yaml has no ${PRIMARY}`);
    const settings = chainSettings(start, config.regions, config.bedrock);
    const chain: ChainStep[] = settings.chain.map((s) => ({ ...s, endpointUrl: fakes[s.region]?.url }));
    return { ...settings, chain, loopbackEndpointsForTests: true };
}

const REQUEST: ModelRequest = { messages: [{ role: "user", content: [{ text: "Summarise the incident in three paragraphs." }] }] };

interface RequestResult {
    readonly ok: boolean;
    readonly cutOff: boolean;
    readonly ttftMs?: number;
}

/** Counts the Bedrock calls a strategy sends. */
function counting(invoke: StreamInvoker): { invoke: StreamInvoker; calls: () => number } {
    let calls = 0;
    return {
        invoke: (step, request, signal) => {
            calls++;
            return invoke(step, request, signal);
        },
        calls: () => calls,
    };
}

/**
 * The naive client: each step in turn with its full timeout (the region's emergency timeout) on
 * the whole call, the next step when it fails. No hedging, no breaker, no stall detection: a
 * stalled stream waits out the timeout, then the answer restarts elsewhere (a cut for the user).
 */
async function naiveRequest(settings: FailoverSettings, invoke: StreamInvoker): Promise<RequestResult> {
    const started = performance.now();
    let ttftMs: number | undefined;
    for (const step of settings.chain) {
        const controller = new AbortController();
        const timer = setTimeout(() => controller.abort(), step.timeoutMs);
        try {
            const stream = await invoke(step, REQUEST, controller.signal);
            ttftMs ??= performance.now() - started;
            let stopped = stream.head.some((e) => e.type === "stop");
            for (;;) {
                const next = await stream.rest.next();
                if (next.done) break;
                if (next.value.type === "stop") stopped = true;
            }
            if (!stopped) throw new Error("stream ended without its stop event");
            return { ok: true, cutOff: false, ttftMs };
        } catch {
            // next step
        } finally {
            clearTimeout(timer);
        }
        if (ttftMs !== undefined) {
            // Text already reached the user from a stream that then failed: whatever comes next
            // is a restart, not the answer they were reading.
            return { ok: false, cutOff: true, ttftMs };
        }
    }
    return { ok: false, cutOff: false, ttftMs };
}

/** What the failover Lambda does per streaming request, minus the HTTP around it. */
interface Client {
    request(): Promise<RequestResult>;
    idle(): Promise<void>;
    /** Bedrock calls sent so far, by every request (hedges included). */
    calls(): number;
}

function naiveClient(settings: FailoverSettings, invoke: StreamInvoker): Client {
    const counter = counting(invoke);
    return { request: () => naiveRequest(settings, counter.invoke), idle: async () => undefined, calls: counter.calls };
}

function failoverClient(settings: FailoverSettings, invoke: StreamInvoker): Client {
    const counter = counting(invoke);
    const engine = createFailoverEngine(settings, { invoke: () => Promise.reject(new Error("buffered calls are not benchmarked")), invokeStream: counter.invoke });
    return {
        idle: () => engine.idle(),
        calls: counter.calls,
        request: async () => {
            const outcome = await engine.runStream(REQUEST);
            if (!outcome.ok) return { ok: false, cutOff: false };
            const pumped = await pumpStream(outcome.answer, () => undefined, { stallTimeoutMs: settings.stallTimeoutMs, lag: engine.lag, budgetMs: 120_000, abort: outcome.abort });
            if (pumped.ok) engine.streamSucceeded({ region: outcome.region, modelId: outcome.modelId });
            else if (pumped.kind !== "deadline") engine.streamFailed(outcome.region, pumped.kind, pumped.detail);
            return { ok: pumped.ok, cutOff: !pumped.ok, ttftMs: outcome.latencyMs };
        },
    };
}

interface Pair {
    readonly scenario: Scenario;
    readonly strategy: Strategy;
    readonly fakes: Record<string, FakeRegion>;
    readonly settings: FailoverSettings;
}

async function startPair(scenario: Scenario, strategy: Strategy, random: () => number): Promise<Pair> {
    const ttft = (): number => MODEL.ttftMs.min + random() * (MODEL.ttftMs.max - MODEL.ttftMs.min);
    const fakes = await startFakeRegions(
        [PRIMARY, SECONDARY].map((name) => ({
            name,
            fault: name === PRIMARY ? scenario.primary : "ok",
            latencyMs: ttft,
            streamChunks: MODEL.chunks,
            chunkIntervalMs: MODEL.chunkIntervalMs,
            faultAfterChunks: STALL_AFTER_CHUNKS,
        })),
    );
    return { scenario, strategy, fakes, settings: productionSettings(fakes) };
}

/** Runs `total` requests with `concurrency` in flight (a fresh client: a cold container). */
async function runPair(pair: Pair, total: number, concurrency: number): Promise<Row> {
    const invoke = bedrockStreamInvoker(bedrockClients({ credentials: FAKE_CREDENTIALS }));
    const client = pair.strategy === "naive" ? naiveClient(pair.settings, invoke) : failoverClient(pair.settings, invoke);
    const loopDelay = monitorEventLoopDelay({ resolution: 10 });
    loopDelay.enable();
    const results: RequestResult[] = [];
    let started = 0;
    await Promise.all(
        Array.from({ length: concurrency }, async () => {
            while (started < total) {
                started++;
                results.push(await client.request());
            }
        }),
    );
    loopDelay.disable();
    await client.idle();
    const ttfts = results.map((r) => r.ttftMs).filter((t): t is number => t !== undefined);
    const ok = results.filter((r) => r.ok).length;
    return {
        scenario: pair.scenario.name,
        strategy: pair.strategy,
        concurrency,
        requests: results.length,
        ok,
        // The secondary is healthy in every scenario: every unanswered request is lost.
        lost: results.length - ok,
        cutOff: results.filter((r) => r.cutOff).length,
        ttftP50Ms: round1(percentile(ttfts, 50)),
        ttftP99Ms: round1(percentile(ttfts, 99)),
        callsPerRequest: Math.round((client.calls() / results.length) * 100) / 100,
        loopDelayP99Ms: round1(Math.max(0, loopDelay.percentile(99) / 1e6 - 10)),
    };
}

export async function runFailoverBench(options: { readonly seed: number; readonly quick: boolean }, log: (line: string) => void): Promise<FailoverBenchResult> {
    const began = Date.now();
    const loadAtStart = os.loadavg()[0];
    const sizes = options.quick ? QUICK : FULL;
    const random = seededRandom(options.seed);
    const rows: Row[] = [];
    const report = (row: Row): void =>
        log(`${row.scenario.padEnd(18)} ${row.strategy.padEnd(8)} c=${String(row.concurrency).padEnd(3)} ok ${row.ok}/${row.requests}  TTFT p50 ${row.ttftP50Ms} p99 ${row.ttftP99Ms} ms  calls/request ${row.callsPerRequest}  loop p99 ${row.loopDelayP99Ms} ms`);

    // Warm the SDK (it loads parts of itself on first use) so no row pays for it.
    const warm = await startPair(SCENARIOS[0], "failover", random);
    await runPair(warm, 2, 2);
    await closeAll(warm.fakes);

    // One request at a time: every (scenario, strategy) pair is its own sequential client with
    // its own fake regions, and the pairs run side by side (ten requests in flight in all).
    const pairs = await Promise.all(SCENARIOS.flatMap((s) => STRATEGIES.map((strategy) => startPair(s, strategy, random))));
    try {
        collectGarbage();
        const sequential = await Promise.all(pairs.map((p) => runPair(p, sizes.sequentialRequests, 1)));
        sequential.forEach(report);
        rows.push(...sequential);
    } finally {
        await Promise.all(pairs.map((p) => closeAll(p.fakes)));
    }

    // Many at once in one process: each pair alone, all its requests started together.
    for (const scenario of SCENARIOS) {
        for (const strategy of STRATEGIES) {
            const pair = await startPair(scenario, strategy, random);
            try {
                collectGarbage();
                const row = await runPair(pair, sizes.concurrent, sizes.concurrent);
                report(row);
                rows.push(row);
            } finally {
                await closeAll(pair.fakes);
            }
        }
    }

    const ratios: Ratio[] = [];
    for (const scenario of SCENARIOS) {
        for (const concurrency of [1, sizes.concurrent]) {
            const naive = rows.find((r) => r.scenario === scenario.name && r.strategy === "naive" && r.concurrency === concurrency);
            const failover = rows.find((r) => r.scenario === scenario.name && r.strategy === "failover" && r.concurrency === concurrency);
            if (naive && failover) ratios.push({ scenario: scenario.name, concurrency, ttftP99Ratio: Math.round((failover.ttftP99Ms / naive.ttftP99Ms) * 100) / 100 });
        }
    }
    const settings = productionSettings({});
    return {
        rows,
        ratios,
        timings: {
            firstTokenHedgeMs: settings.firstTokenHedgeMs,
            firstTokenTimeoutMs: settings.firstTokenTimeoutMs,
            stallTimeoutMs: settings.stallTimeoutMs,
            overallDeadlineMs: settings.overallDeadlineMs,
            stepTimeoutsMs: settings.chain.map((s) => s.timeoutMs),
            breakerThresholds: settings.chain.map((s) => s.breakerThreshold),
            breakerCooldownMs: settings.chain[0].breakerCooldownMs,
        },
        quick: options.quick,
        seed: options.seed,
        load: { start: loadAtStart, end: os.loadavg()[0], cpus: os.cpus().length },
        seconds: Math.round((Date.now() - began) / 1000),
    };
}

export function failoverBenchJson(result: FailoverBenchResult): unknown {
    return { timings: result.timings, quick: result.quick, seed: result.seed, rows: result.rows, ratios: result.ratios, targets: failoverTargets(result) };
}

export interface TargetCheck {
    readonly target: string;
    readonly measured: string;
    readonly met: boolean;
}

export function failoverTargets(result: FailoverBenchResult): TargetCheck[] {
    const failover = result.rows.filter((r) => r.strategy === "failover");
    const checks: TargetCheck[] = [];
    for (const ratio of result.ratios.filter((r) => r.scenario === "primary-hang")) {
        checks.push({ target: `primary-hang, ${ratio.concurrency} concurrent: failover TTFT p99 <= 0.25 x naive`, measured: `ratio ${ratio.ttftP99Ratio}`, met: ratio.ttftP99Ratio <= 0.25 });
    }
    for (const row of failover.filter((r) => r.scenario === "healthy")) {
        checks.push({ target: `healthy, ${row.concurrency} concurrent: <= 1.2 Bedrock calls per request`, measured: `${row.callsPerRequest}`, met: row.callsPerRequest <= 1.2 });
    }
    const beforeText = failover.filter((r) => r.scenario !== "primary-stall");
    checks.push({
        target: "0 lost where a region is healthy, failures before the first token (healthy, hang, down, throttled; 1 and many concurrent)",
        measured: beforeText.map((r) => `${r.scenario}@${r.concurrency} ${r.lost}`).join(", "),
        met: beforeText.every((r) => r.lost === 0),
    });
    const stall = failover.filter((r) => r.scenario === "primary-stall");
    checks.push({
        target: "primary-stall: 0 lost (not reachable by contract: after the first token a stall ends the stream with an error event, no failover)",
        measured: stall.map((r) => `${r.concurrency} concurrent: ${r.lost} cut off with an explicit error of ${r.requests}`).join("; "),
        met: stall.every((r) => r.lost === 0),
    });
    return checks;
}

export function failoverVerdicts(result: FailoverBenchResult): string[] {
    const lines = failoverTargets(result).map((t) => `${t.met ? "met   " : "MISSED"}  ${t.target}: ${t.measured}`);
    lines.push(`machine ${result.load.cpus} cores, load average ${result.load.start.toFixed(2)} at the start, ${result.load.end.toFixed(2)} at the end; ${result.seconds} s`);
    return lines;
}

export function failoverBenchTable(result: FailoverBenchResult): string {
    const t = result.timings;
    const header = [
        `Streaming failover vs a naive sequential client, real Bedrock runtime client (ConverseStream) against fake regions on 127.0.0.1${result.quick ? " (--quick)" : ""}.`,
        `Production timings (Pulumi.prod.yaml, eu-central-1's chain): first-token hedge ${t.firstTokenHedgeMs} ms, first-token timeout ${t.firstTokenTimeoutMs} ms, stall timeout ${t.stallTimeoutMs} ms, step timeouts ${t.stepTimeoutsMs.join("/")} ms, breakers ${t.breakerThresholds.join("/")} failures, cool-down ${t.breakerCooldownMs} ms.`,
        `Fake model: ${MODEL.ttftMs.min}-${MODEL.ttftMs.max} ms to first token, ${MODEL.chunks} chunks ${MODEL.chunkIntervalMs} ms apart. Seed ${result.seed}.`,
        "",
    ];
    const table = renderTable(
        ["scenario", "strategy", "concurrent", "requests", "ok", "lost", "cut off", "TTFT p50 ms", "TTFT p99 ms", "calls/request", "loop delay p99 ms"],
        result.rows.map((r) => [r.scenario, r.strategy, r.concurrency, r.requests, r.ok, r.lost, r.cutOff, r.ttftP50Ms, r.ttftP99Ms, r.callsPerRequest, r.loopDelayP99Ms]),
    );
    const ratios = renderTable(["scenario", "concurrent", "TTFT p99 failover / naive"], result.ratios.map((r) => [r.scenario, r.concurrency, r.ttftP99Ratio]));
    const scenarios = SCENARIOS.map((s) => `  ${s.name}: ${s.description}`);
    return [...header, table, "", ratios, "", "Scenarios:", ...scenarios, "", "Targets:", ...failoverVerdicts(result)].join("\n");
}
