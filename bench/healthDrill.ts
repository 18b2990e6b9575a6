/**
 * `npm run bench:health`: an outage drill for the health-check logic, run for real (the probe
 * loop, real fetch and Bedrock client, hysteresis, weights, metric data) against one fake
 * regional endpoint per configured region on loopback, with the probe interval scaled down.
 *
 * 1. primary refuses connections -> detection; back -> recovery
 * 2. primary hangs -> detection; back -> recovery
 * 3. 10% random probe loss on a healthy region -> flaps (there should be none)
 * 4. every region refuses -> the weights must fail open, never all zero
 */
import type { MetricDatum } from "@aws-sdk/client-cloudwatch";
import type { HealthCheckSettings, HealthTarget } from "../functions/contract";
import { runHealthLoop, type HealthLoopDeps, type HealthRound } from "../functions/health/loop";
import { HEALTH_METRICS } from "../functions/health/metrics";
import { liveProbeChecks, probeRegion, type ProbeChecks } from "../functions/health/probe";
import { allZero } from "../functions/health/weights";
import { closeAll, FAKE_CREDENTIALS, startFakeRegions, type FakeRegion, type FaultPlan } from "../tests/support/fakeBedrock";
import { seededRandom } from "./random";
import { percentile } from "./stats";
import { renderTable } from "./table";

/**
 * Production / SCALE: a 10 s probe interval (Route 53 fast health checks) becomes 200 ms, the
 * 5 s probe timeout 100 ms. Not 100: a probe here costs 10-15 ms of client work (SigV4, a fresh
 * HTTP/2 session per Bedrock call, fetch) that does not shrink with the scale, and with 2 shared
 * cores its tail reaches 50-100 ms; at /100 the 50 ms probe timeout failed 10-20% of healthy
 * probes under load, so the drill measured the machine instead of the hysteresis.
 */
export const HEALTH_SCALE = 50;

export const PRODUCTION_HEALTH = {
    /** Route 53 fast health checks; also the config map's healthCheck.intervalSeconds. */
    probeIntervalMs: 10_000,
    probeTimeoutMs: 5_000,
    /** Seeds: primary down after 3 consecutive failures. */
    failureThreshold: 3,
    recoveryThreshold: 2,
    /** Expected probe latency (a one-token model call); degraded above 150% of it. */
    baselineLatencyMs: 2_000,
    /** What the fake model takes to answer the one-token probe. */
    modelLatencyMs: 500,
} as const;

const REGIONS = [
    { region: "eu-central-1", weight: 70 },
    { region: "eu-west-1", weight: 20 },
    { region: "eu-west-3", weight: 10 },
] as const;
const PRIMARY = REGIONS[0].region;
/** The healthy region that suffers probe loss. */
const LOSSY = REGIONS[1].region;
const LOSS_RATE = 0.1;
const LOSS_ROUNDS = 150;
/** Give up waiting for a detection or recovery after this many rounds. */
const MAX_WAIT_ROUNDS = 30;
/** Healthy probe rounds measured before the drill, to calibrate the latency baseline. */
const CALIBRATION_ROUNDS = 10;

export interface OutageMeasure {
    readonly phase: string;
    readonly detectionMs: number;
    /** Probe rounds of the primary from the outage's start to the round that published "down". */
    readonly detectionProbes: number;
    readonly recoveryMs: number;
}

export interface HealthDrillResult {
    /** Median healthy probe latency on this rig minus the fake model latency, per region. */
    readonly rigOverheadMs: Readonly<Record<string, number>>;
    readonly outages: readonly OutageMeasure[];
    readonly flaps: number;
    readonly lossRounds: number;
    readonly allZeroEver: boolean;
    readonly failOpenRounds: number;
    readonly allDownRounds: number;
    readonly settings: HealthCheckSettings;
    readonly seed: number;
}

/** The JSON `--json` prints: worst case over the two outages. */
export interface HealthDrillJson {
    readonly detectionMs: number;
    readonly detectionProbes: number;
    readonly recoveryMs: number;
    readonly flaps: number;
    readonly allZeroEver: boolean;
    readonly probeIntervalMs: number;
}

/**
 * `rigOverheadMs`: what a healthy probe costs on this machine beyond the fake model's latency.
 * It is added to the scaled baseline: production's 2 s baseline already covers production's own
 * client and network cost, and the rig's fixed cost does not scale down with the rest, so without
 * it "150% of baseline" would sit inside the rig's normal jitter and flag healthy regions degraded.
 */
export function drillSettings(fakes: Readonly<Record<string, FakeRegion>>, rigOverheadMs: Readonly<Record<string, number>> = {}): HealthCheckSettings {
    const targets: HealthTarget[] = REGIONS.map(({ region, weight }) => ({
        region,
        endpointUrl: fakes[region]?.healthUrl ?? "http://127.0.0.1/health",
        bedrockEndpointUrl: fakes[region]?.url,
        probeModelId: "eu.anthropic.claude-3-haiku-20240307-v1:0",
        probeTimeoutMs: PRODUCTION_HEALTH.probeTimeoutMs / HEALTH_SCALE,
        baselineLatencyMs: PRODUCTION_HEALTH.baselineLatencyMs / HEALTH_SCALE + Math.ceil(rigOverheadMs[region] ?? 0),
        weight,
        setIdentifier: region,
    }));
    return {
        targets,
        failureThreshold: PRODUCTION_HEALTH.failureThreshold,
        recoveryThreshold: PRODUCTION_HEALTH.recoveryThreshold,
        metricNamespace: "AiPlatform/Health",
        probeIntervalMs: PRODUCTION_HEALTH.probeIntervalMs / HEALTH_SCALE,
        runForMs: 10 * 60_000,
    };
}

interface RecordedRound {
    readonly round: HealthRound;
    readonly index: number;
}

/** What the drill watches: every round, and when each primary probe started. */
class Recorder {
    readonly rounds: RecordedRound[] = [];
    readonly primaryProbeStarts: number[] = [];
    private waiters: Array<() => void> = [];

    add(round: HealthRound): void {
        this.rounds.push({ round, index: this.rounds.length });
        for (const wake of this.waiters.splice(0)) wake();
    }

    /** Resolves with the first round after `since` that satisfies `test`. */
    async waitFor(since: number, test: (round: HealthRound) => boolean, what: string): Promise<HealthRound> {
        const first = this.rounds.length;
        for (;;) {
            const found = this.rounds.find((r) => r.round.at >= since && test(r.round));
            if (found) return found.round;
            if (this.rounds.length - first > MAX_WAIT_ROUNDS) throw new Error(`no round showed ${what} within ${MAX_WAIT_ROUNDS} rounds`);
            await new Promise<void>((resolve) => this.waiters.push(resolve));
        }
    }

    /** Resolves once `count` more rounds have run. */
    async afterRounds(count: number): Promise<void> {
        const target = this.rounds.length + count;
        while (this.rounds.length < target) await new Promise<void>((resolve) => this.waiters.push(resolve));
    }
}

function published(round: HealthRound, metric: string, region: string): number | undefined {
    return round.published.find((d: MetricDatum) => d.MetricName === metric && d.Dimensions?.[0]?.Value === region)?.Value;
}

const primaryDown = (r: HealthRound): boolean => published(r, HEALTH_METRICS.healthy, PRIMARY) === 0 && published(r, HEALTH_METRICS.routingWeight, PRIMARY) === 0;
const primaryBack = (r: HealthRound): boolean => published(r, HEALTH_METRICS.healthy, PRIMARY) === 1 && published(r, HEALTH_METRICS.routingWeight, PRIMARY) === REGIONS[0].weight;
const allUp = (r: HealthRound): boolean => REGIONS.every(({ region }) => r.states[region]?.status === "up");

/**
 * Probes every region, healthy, for CALIBRATION_ROUNDS rounds at the drill's interval (this also
 * pays the SDK's first-call loading before anything is measured) and returns each region's median
 * probe latency minus the fake model latency.
 */
async function measureRigOverhead(fakes: Readonly<Record<string, FakeRegion>>, checks: ProbeChecks): Promise<Record<string, number>> {
    const settings = drillSettings(fakes);
    const latencies: Record<string, number[]> = Object.fromEntries(REGIONS.map(({ region }) => [region, []]));
    for (let round = 0; round < CALIBRATION_ROUNDS; round++) {
        const started = Date.now();
        const results = await Promise.all(settings.targets.map((t) => probeRegion(t, checks, t.probeTimeoutMs)));
        results.forEach((r, i) => {
            if (r.ok) latencies[settings.targets[i].region].push(r.latencyMs);
        });
        await new Promise((resolve) => setTimeout(resolve, Math.max(0, settings.probeIntervalMs - (Date.now() - started))));
    }
    const modelMs = PRODUCTION_HEALTH.modelLatencyMs / HEALTH_SCALE;
    return Object.fromEntries(
        REGIONS.map(({ region }) => {
            // The first round loads the SDK: leave it out.
            const measured = latencies[region].slice(1);
            if (measured.length < CALIBRATION_ROUNDS / 2) throw new Error(`calibration: only ${measured.length} healthy probes of ${region}`);
            return [region, Math.max(0, percentile(measured, 50) - modelMs)];
        }),
    );
}

export async function runHealthDrill(seed: number, log: (line: string) => void): Promise<HealthDrillResult> {
    const random = seededRandom(seed);
    const fakes = await startFakeRegions(REGIONS.map(({ region }) => ({ name: region, latencyMs: PRODUCTION_HEALTH.modelLatencyMs / HEALTH_SCALE })));
    const checks = liveProbeChecks({ credentials: FAKE_CREDENTIALS });
    let rigOverheadMs: Record<string, number>;
    try {
        rigOverheadMs = await measureRigOverhead(fakes, checks);
    } catch (err) {
        await closeAll(fakes);
        throw err;
    }
    const settings = drillSettings(fakes, rigOverheadMs);
    log(`calibrated: probe latency baseline ${settings.targets.map((t) => `${t.region} ${t.baselineLatencyMs} ms`).join(", ")} (${PRODUCTION_HEALTH.baselineLatencyMs / HEALTH_SCALE} ms scaled + rig overhead)`);
    const recorder = new Recorder();
    const deps: HealthLoopDeps = {
        probe: (target, timeoutMs) => {
            if (target.region === PRIMARY) recorder.primaryProbeStarts.push(Date.now());
            return probeRegion(target, checks, timeoutMs);
        },
        // The CloudWatch call itself is not under test here; the data it would send is.
        publish: async () => undefined,
        now: Date.now,
        sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
    };
    const stop = new AbortController();
    const loop = runHealthLoop(settings, deps, {}, { runForMs: settings.runForMs, onRound: (r) => recorder.add(r), signal: stop.signal });
    loop.catch(() => undefined);
    try {
        await recorder.waitFor(0, allUp, "every region up");
        await recorder.afterRounds(5);
        log("warm: every region up");

        const outages: OutageMeasure[] = [];
        for (const [phase, fault] of [["primary refused", "refused"], ["primary hanging", "hang"]] as const) {
            const start = Date.now();
            await fakes[PRIMARY].setFault(fault);
            const down = await recorder.waitFor(start, primaryDown, `${PRIMARY} down`);
            const detectionProbes = recorder.primaryProbeStarts.filter((t) => t >= start && t <= down.at).length;
            const back = Date.now();
            await fakes[PRIMARY].setFault("ok");
            const up = await recorder.waitFor(back, primaryBack, `${PRIMARY} back`);
            outages.push({ phase, detectionMs: down.at - start, detectionProbes, recoveryMs: up.at - back });
            log(`${phase}: detected in ${down.at - start} ms (${detectionProbes} probes), recovered in ${up.at - back} ms`);
            await recorder.afterRounds(3);
        }

        const lossStart = Date.now();
        const lossy: FaultPlan = () => (random() < LOSS_RATE ? "reset" : "ok");
        await fakes[LOSSY].setFault(lossy);
        await recorder.afterRounds(LOSS_ROUNDS);
        await fakes[LOSSY].setFault("ok");
        const lossRounds = recorder.rounds.filter((r) => r.round.at >= lossStart);
        const flaps = lossRounds.reduce((n, r) => n + r.round.changes.filter((c) => c.region === LOSSY).length, 0);
        log(`${LOSS_ROUNDS} rounds with ${LOSS_RATE * 100}% probe loss on ${LOSSY}: ${flaps} state changes`);

        const allDownStart = Date.now();
        await Promise.all(REGIONS.map(({ region }) => fakes[region].setFault("refused")));
        await recorder.afterRounds(PRODUCTION_HEALTH.failureThreshold + 3);
        await Promise.all(REGIONS.map(({ region }) => fakes[region].setFault("ok")));
        await recorder.waitFor(Date.now(), allUp, "every region back up");
        const allDownRounds = recorder.rounds.filter((r) => r.round.at >= allDownStart && REGIONS.every(({ region }) => r.round.states[region]?.status === "down"));
        log(`every region down for ${allDownRounds.length} rounds: fail open in ${allDownRounds.filter((r) => r.round.decision.failOpen).length}`);

        const allZeroEver = recorder.rounds.some(({ round }) => {
            const weights = REGIONS.map(({ region }) => published(round, HEALTH_METRICS.routingWeight, region));
            return allZero(round.decision.weights) || (weights.every((w) => w !== undefined) && weights.every((w) => w === 0));
        });
        return {
            rigOverheadMs,
            outages,
            flaps,
            lossRounds: lossRounds.length,
            allZeroEver,
            failOpenRounds: allDownRounds.filter((r) => r.round.decision.failOpen).length,
            allDownRounds: allDownRounds.length,
            settings,
            seed,
        };
    } finally {
        stop.abort();
        await loop.catch(() => undefined);
        await closeAll(fakes);
    }
}

export function healthDrillJson(result: HealthDrillResult): HealthDrillJson {
    const worst = (pick: (o: OutageMeasure) => number): number => Math.max(...result.outages.map(pick));
    return {
        detectionMs: worst((o) => o.detectionMs),
        detectionProbes: worst((o) => o.detectionProbes),
        recoveryMs: worst((o) => o.recoveryMs),
        flaps: result.flaps,
        allZeroEver: result.allZeroEver,
        probeIntervalMs: result.settings.probeIntervalMs,
    };
}

export function healthDrillTable(result: HealthDrillResult): string {
    const { settings } = result;
    const interval = settings.probeIntervalMs;
    const production = (ms: number): string => `${((ms * HEALTH_SCALE) / 1000).toFixed(1)} s`;
    const header = [
        `Health-check outage drill: ${REGIONS.map((r) => `${r.region} (weight ${r.weight})`).join(", ")}; real probes (fetch + Bedrock client, two requests per check) against fake regions on 127.0.0.1.`,
        `Probe interval ${interval} ms (production ${PRODUCTION_HEALTH.probeIntervalMs / 1000} s / ${HEALTH_SCALE}), probe timeout ${settings.targets[0].probeTimeoutMs} ms, down after ${settings.failureThreshold} failures, up after ${settings.recoveryThreshold} successes. Seed ${result.seed}.`,
        `Degraded above 150% of a probe latency baseline of ${PRODUCTION_HEALTH.baselineLatencyMs / HEALTH_SCALE} ms (production ${PRODUCTION_HEALTH.baselineLatencyMs / 1000} s / ${HEALTH_SCALE}) plus this rig's measured overhead per probe: ${settings.targets.map((t) => `${t.region} ${t.baselineLatencyMs} ms`).join(", ")}.`,
        "",
    ];
    const table = renderTable(
        ["phase", "detection ms", "probes", "recovery ms", "detection at 10 s interval", "recovery at 10 s interval"],
        result.outages.map((o) => [o.phase, o.detectionMs, o.detectionProbes, o.recoveryMs, production(o.detectionMs), production(o.recoveryMs)]),
    );
    return [...header, table, "", "Targets:", ...healthDrillVerdicts(result)].join("\n");
}

export function healthDrillVerdicts(result: HealthDrillResult): string[] {
    const { settings } = result;
    const interval = settings.probeIntervalMs;
    const detectionTarget = settings.failureThreshold * interval + interval;
    const json = healthDrillJson(result);
    return [
        { met: json.detectionMs <= detectionTarget, text: `detection within threshold x interval + interval (${detectionTarget} ms): worst ${json.detectionMs} ms` },
        { met: json.flaps === 0, text: `0 flaps of ${LOSSY} under ${LOSS_RATE * 100}% probe loss over ${result.lossRounds} rounds: ${json.flaps}` },
        { met: !json.allZeroEver, text: `never every region at weight 0 (every region down for ${result.allDownRounds} rounds, failing open in ${result.failOpenRounds}): allZeroEver ${json.allZeroEver}` },
    ].map((t) => `${t.met ? "met   " : "MISSED"}  ${t.text}`);
}
