import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planCommandArgs } from "../plan/command";
import type { PhaseTiming, PlanTimings } from "../plan/phases";
import { BENCH_POLICY_CONFIG, BENCH_STACK, writeBenchStackFile } from "./planFixture";
import { renderTable } from "./table";

/**
 * The offline plan's cost: today's runner (ts-node, the baseline) against the new one (package.json
 * `scripts.plan`), alternating in pairs in one run so that machine load hits both alike; then the
 * new runner on 2, 4, 8 and 16 regions of the bench fixture. Each plan is a child process that
 * reports its own CPU time and peak RSS (bench/resourceUsage.js) and its time per phase
 * (`--timings`). CPU time, not wall time: on a shared machine wall time mostly measures the
 * neighbours.
 *
 * The baseline is the plan as it ran before issue 14: ts-node, every Lambda callback serialized
 * and the edge code transpiled afresh (AI_PLATFORM_BUILD_CACHE=off). The new runner runs as
 * `npm run plan` does, its caches warm (any run after the first); one prod run with empty caches
 * shows the first run after `npm ci`.
 */

export const REPO_ROOT = path.resolve(__dirname, "..");

export interface PlanBenchOptions {
    /** One pair per stack and no cold-cache run (a minute or two instead of several). */
    readonly quick: boolean;
}

export interface RunSample {
    readonly cpuSeconds: number;
    readonly peakRssMiB: number;
    readonly resources: number;
    /** The plan's own account of its phases (`--timings`). */
    readonly timings: PlanTimings;
}

export interface RunnerFigures {
    readonly runs: readonly RunSample[];
    readonly medianCpuSeconds: number;
    readonly maxPeakRssMiB: number;
}

export interface Comparison {
    readonly stack: string;
    readonly regions: number;
    readonly resources: number;
    readonly baseline: RunnerFigures;
    readonly new: RunnerFigures;
    /** Median of the per-pair CPU ratios new / baseline. */
    readonly cpuRatio: number;
    /** Both runners printed byte-identical --json in every pair. */
    readonly sameOutput: boolean;
}

export interface ScalingPoint {
    readonly regions: number;
    readonly resources: number;
    readonly cpuSeconds: number;
    readonly peakRssMiB: number;
    readonly cpuSecondsPerRegion: number;
    readonly peakRssMiBPerRegion: number;
    /** CPU seconds of the residency proof and the request-path check together, and their share of the plan. */
    readonly checksCpuSeconds: number;
    readonly checksShare: number;
}

export interface Verdict {
    readonly target: string;
    readonly value: number;
    readonly limit: number;
    readonly pass: boolean;
}

export interface PlanBenchResult {
    readonly node: string;
    readonly cpus: number;
    readonly pairs: number;
    readonly baselineCommand: string;
    readonly newCommand: string;
    readonly comparisons: readonly Comparison[];
    readonly scaling: readonly ScalingPoint[];
    /** Growth between 2 and 16 regions, per added region. */
    readonly marginal: { readonly cpuSecondsPerRegion: number; readonly peakRssMiBPerRegion: number };
    /** The new runner on prod with empty caches (first run after `npm ci`); absent with --quick. */
    readonly coldCacheProd?: RunSample;
    /** Where the new runner's prod plan spends its time (its median run). */
    readonly prodPhases: readonly PhaseTiming[];
    readonly verdicts: readonly Verdict[];
}

interface Runner {
    readonly name: "baseline" | "new";
    readonly nodeArgs: readonly string[];
    readonly env: NodeJS.ProcessEnv;
}

/** The plan's phases that issue 14 added checks in; their cost is held to 10 % at 4 regions. */
export const CHECK_PHASES: readonly string[] = ["residency proof", "request-path check"];

const USAGE_HOOK = path.join(REPO_ROOT, "bench", "resourceUsage.js");

/** Today's way before this change: `ts-node --transpile-only scripts/plan.ts`. */
export function baselineRunner(): Runner {
    return { name: "baseline", nodeArgs: [require.resolve("ts-node/dist/bin.js"), "--transpile-only", "scripts/plan.ts"], env: { AI_PLATFORM_BUILD_CACHE: "off" } };
}

/** What `npm run plan` runs now (package.json scripts.plan, a plain `node ...` command). */
export function newRunner(): Runner {
    return { name: "new", nodeArgs: planCommandArgs(), env: {} };
}

interface Target {
    readonly stack: string;
    readonly regions: number;
    readonly planArgs: readonly string[];
}

function runOnce(runner: Runner, target: Target, tmp: string, env: NodeJS.ProcessEnv = {}): { sample: RunSample; stdout: string } {
    const usageFile = path.join(tmp, `usage-${process.pid}-${Date.now()}.json`);
    const timingsFile = path.join(tmp, `timings-${process.pid}-${Date.now()}.json`);
    // A generous deadline: on a busy machine the baseline's 16-region plan takes minutes of wall time.
    const args = ["-r", USAGE_HOOK, ...runner.nodeArgs, ...target.planArgs, "--json", "--timeout", "1800", "--diagram", path.join(tmp, `${target.stack}.md`), "--timings", timingsFile];
    const r = spawnSync(process.execPath, args, {
        cwd: REPO_ROOT,
        encoding: "utf8",
        maxBuffer: 512 * 1024 * 1024,
        env: { ...process.env, ...runner.env, ...env, AI_PLATFORM_BENCH_USAGE_FILE: usageFile },
    });
    if (r.error) throw r.error;
    if (r.status !== 0) throw new Error(`${runner.name} plan of ${target.stack} exited ${r.status}:\n${r.stderr.slice(-4000)}`);
    const usage = JSON.parse(fs.readFileSync(usageFile, "utf8")) as { cpuMicros: number; maxRssKiB: number };
    fs.rmSync(usageFile);
    const timings = JSON.parse(fs.readFileSync(timingsFile, "utf8")) as PlanTimings;
    fs.rmSync(timingsFile);
    const resources = (JSON.parse(r.stdout) as { resources: unknown[] }).resources.length;
    return { sample: { cpuSeconds: usage.cpuMicros / 1e6, peakRssMiB: usage.maxRssKiB / 1024, resources, timings }, stdout: r.stdout };
}

function median(values: readonly number[]): number {
    const s = [...values].sort((a, b) => a - b);
    const mid = Math.floor(s.length / 2);
    return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
}

const round = (x: number, digits = 2) => Number(x.toFixed(digits));

function figures(runs: readonly RunSample[]): RunnerFigures {
    return { runs, medianCpuSeconds: round(median(runs.map((r) => r.cpuSeconds))), maxPeakRssMiB: round(Math.max(...runs.map((r) => r.peakRssMiB)), 0) };
}

function compare(target: Target, pairs: number, tmp: string, log: (line: string) => void): Comparison {
    const base = baselineRunner();
    const fresh = newRunner();
    const runs: Record<"baseline" | "new", RunSample[]> = { baseline: [], new: [] };
    const ratios: number[] = [];
    let sameOutput = true;
    for (let i = 0; i < pairs; i++) {
        // Alternate which goes first, so that a trend in machine load does not favour one.
        const order = i % 2 === 0 ? [base, fresh] : [fresh, base];
        const outputs: Record<string, string> = {};
        const pair: Record<string, RunSample> = {};
        for (const runner of order) {
            const { sample, stdout } = runOnce(runner, target, tmp);
            log(`  ${target.stack} ${runner.name}: ${sample.cpuSeconds.toFixed(2)} s CPU, ${sample.peakRssMiB.toFixed(0)} MiB`);
            runs[runner.name].push(sample);
            pair[runner.name] = sample;
            outputs[runner.name] = stdout;
        }
        ratios.push(pair.new.cpuSeconds / pair.baseline.cpuSeconds);
        sameOutput &&= outputs.new === outputs.baseline;
    }
    return {
        stack: target.stack,
        regions: target.regions,
        resources: runs.new[0].resources,
        baseline: figures(runs.baseline),
        new: figures(runs.new),
        cpuRatio: round(median(ratios), 3),
        sameOutput,
    };
}

export function runPlanBench(options: PlanBenchOptions, log: (line: string) => void): PlanBenchResult {
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-bench-"));
    try {
        const pairs = options.quick ? 1 : 3;
        const bigPairs = options.quick ? 1 : 2;
        const fixture = (regions: number): Target => ({
            stack: `${BENCH_STACK}-${regions}`,
            regions,
            planArgs: ["--stack", BENCH_STACK, "--config", writeBenchStackFile(regions, tmp), "--policy-config", BENCH_POLICY_CONFIG],
        });
        const dev: Target = { stack: "dev", regions: 2, planArgs: ["--stack", "dev"] };
        const prod: Target = { stack: "prod", regions: 4, planArgs: ["--stack", "prod"] };

        log("warming the new runner's caches (not measured)");
        runOnce(newRunner(), dev, tmp);

        const comparisons: Comparison[] = [];
        for (const [target, n] of [[dev, pairs], [prod, pairs], [fixture(16), bigPairs]] as const) {
            log(`${target.stack}: ${n} alternating pair(s)`);
            comparisons.push(compare(target, n, tmp, log));
        }

        const scaling: ScalingPoint[] = [];
        for (const regions of [2, 4, 8]) {
            const { sample } = runOnce(newRunner(), fixture(regions), tmp);
            log(`  ${regions} regions: ${sample.cpuSeconds.toFixed(2)} s CPU, ${sample.peakRssMiB.toFixed(0)} MiB`);
            scaling.push(point(regions, sample));
        }
        const big = comparisons[2];
        scaling.push(point(16, medianRun(big.new.runs)));
        const marginal = {
            cpuSecondsPerRegion: round((scaling[3].cpuSeconds - scaling[0].cpuSeconds) / 14, 3),
            peakRssMiBPerRegion: round((scaling[3].peakRssMiB - scaling[0].peakRssMiB) / 14, 1),
        };

        let coldCacheProd: RunSample | undefined;
        if (!options.quick) {
            const empty = fs.mkdtempSync(path.join(tmp, "cold-cache-"));
            coldCacheProd = runOnce(newRunner(), prod, tmp, { AI_PLATFORM_TS_CACHE: path.join(empty, "ts"), AI_PLATFORM_BUILD_CACHE: path.join(empty, "build") }).sample;
            log(`  prod, new runner, empty caches: ${coldCacheProd.cpuSeconds.toFixed(2)} s CPU`);
        }

        const ratio = (stack: string) => comparisons.find((c) => c.stack === stack)!.cpuRatio;
        const verdicts: Verdict[] = [
            { target: "prod plan CPU, new / baseline", value: ratio("prod"), limit: 0.35, pass: ratio("prod") <= 0.35 },
            { target: "dev plan CPU, new / baseline", value: ratio("dev"), limit: 0.35, pass: ratio("dev") <= 0.35 },
            { target: "16-region plan CPU, new / baseline", value: big.cpuRatio, limit: 0.35, pass: big.cpuRatio <= 0.35 },
            { target: "16-region plan peak RSS, MiB", value: big.new.maxPeakRssMiB, limit: 1024, pass: big.new.maxPeakRssMiB < 1024 },
            { target: "residency proof + request-path check at 4 regions, share of plan CPU", value: scaling[1].checksShare, limit: 0.1, pass: scaling[1].checksShare <= 0.1 },
            { target: "new runner prints the baseline's --json byte for byte", value: comparisons.every((c) => c.sameOutput) ? 1 : 0, limit: 1, pass: comparisons.every((c) => c.sameOutput) },
        ];
        return {
            node: process.version,
            cpus: os.cpus().length,
            pairs,
            baselineCommand: `node ${baselineRunner().nodeArgs.map((a) => path.relative(REPO_ROOT, a) || a).join(" ")}`,
            newCommand: `node ${newRunner().nodeArgs.join(" ")}`,
            comparisons,
            scaling,
            marginal,
            coldCacheProd,
            prodPhases: medianRun(comparisons[1].new.runs).timings.phases,
            verdicts,
        };
    } finally {
        fs.rmSync(tmp, { recursive: true, force: true });
    }
}

/** The run with the median CPU time (the lower middle one of an even count). */
function medianRun(runs: readonly RunSample[]): RunSample {
    const sorted = [...runs].sort((a, b) => a.cpuSeconds - b.cpuSeconds);
    return sorted[Math.floor((sorted.length - 1) / 2)];
}

function point(regions: number, sample: RunSample): ScalingPoint {
    const checksMs = sample.timings.phases.filter((p) => CHECK_PHASES.includes(p.phase)).reduce((sum, p) => sum + p.cpuMs, 0);
    return {
        regions,
        resources: sample.resources,
        cpuSeconds: round(sample.cpuSeconds),
        peakRssMiB: round(sample.peakRssMiB, 0),
        cpuSecondsPerRegion: round(sample.cpuSeconds / regions, 3),
        peakRssMiBPerRegion: round(sample.peakRssMiB / regions, 1),
        checksCpuSeconds: round(checksMs / 1000, 3),
        checksShare: round(checksMs / sample.timings.totalCpuMs, 4),
    };
}

export function planBenchTable(r: PlanBenchResult): string {
    const compared = renderTable(
        ["plan", "regions", "resources", "baseline s CPU", "new s CPU", "ratio", "baseline MiB", "new MiB", "same --json"],
        r.comparisons.map((c) => [c.stack, c.regions, c.resources, c.baseline.medianCpuSeconds, c.new.medianCpuSeconds, c.cpuRatio, c.baseline.maxPeakRssMiB, c.new.maxPeakRssMiB, c.sameOutput ? "yes" : "NO"]),
    );
    const scaling = renderTable(
        ["regions", "resources", "s CPU", "peak MiB", "s CPU / region", "MiB / region", "checks s CPU", "checks share"],
        r.scaling.map((p) => [p.regions, p.resources, p.cpuSeconds, p.peakRssMiB, p.cpuSecondsPerRegion, p.peakRssMiBPerRegion, p.checksCpuSeconds, `${(100 * p.checksShare).toFixed(2)} %`]),
    );
    const totalMs = r.prodPhases.reduce((sum, p) => sum + p.cpuMs, 0);
    const phases = renderTable(
        ["phase", "s CPU", "share", "s wall"],
        r.prodPhases.map((p) => [p.phase, round(p.cpuMs / 1000), `${((100 * p.cpuMs) / totalMs).toFixed(1)} %`, round(p.wallMs / 1000)]),
    );
    const lines = [
        `plan bench: ${r.pairs} alternating pair(s) per stack on ${r.cpus} CPUs, Node ${r.node}; medians of CPU time (user + system)`,
        `baseline: ${r.baselineCommand}`,
        `new:      ${r.newCommand}`,
        "",
        compared,
        "",
        "scaling (new runner, first N regions of bench/fixtures/Pulumi.bench16.yaml):",
        scaling,
        `growth from 2 to 16 regions: ${r.marginal.cpuSecondsPerRegion} s CPU and ${r.marginal.peakRssMiBPerRegion} MiB per added region`,
        `(checks: the residency proof over every failure set of every zone and the request-path check, from the plan's --timings)`,
        "",
        "where the new runner's prod plan spends its CPU (--timings, median run):",
        phases,
    ];
    if (r.coldCacheProd) lines.push(`prod with empty caches (first run after npm ci): ${r.coldCacheProd.cpuSeconds.toFixed(2)} s CPU`);
    lines.push("", ...planBenchVerdicts(r));
    return lines.join("\n");
}

export function planBenchVerdicts(r: PlanBenchResult): string[] {
    return r.verdicts.map((v) => `${v.pass ? "PASS" : "FAIL"} ${v.target}: ${v.value} (limit ${v.limit})`);
}
