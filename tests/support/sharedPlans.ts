import { spawn, spawnSync, type ChildProcess, type SpawnSyncReturns } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { planCommandArgs } from "../../plan/command";
import { awsGuardPackDir } from "./awsguard";

/** The repository root (not imported from ./configs: the queue processes load this file alone, and light). */
const REPO_ROOT = path.resolve(__dirname, "..", "..");

/**
 * Whole-program plan runs that several test files assert on, run once per `npm test` and shared
 * by every mocha worker. tests/support/globalPlans.ts (a mocha global fixture) starts them in the
 * background as the run begins, so they overlap the unit tests; a test that needs one waits for
 * its result file. Without that fixture (one file run on its own) each process runs what it
 * needs itself, once.
 */

export interface SharedRunResult {
    readonly code: number | null;
    /** The human summary. */
    readonly stdout: string;
    readonly stderr: string;
    /** The --json document (written by `--json-out`; empty when the run failed before writing it). */
    readonly json: string;
    /** The Mermaid diagram document the run wrote. */
    readonly diagram: string;
    /** The plan arguments it ran with (a test may repeat the run exactly). */
    readonly args: readonly string[];
}

const fixture = (name: string) => path.join(REPO_ROOT, "tests", "fixtures", `${name}.ts`);

/**
 * Each shared run's plan arguments, without `--diagram` and `--json-out` (every run gets its own):
 * one run gives both the human summary (stdout) and the --json document (`--json-out`). Prod also
 * runs Pulumi's AWSGuard beside the project's pack (`--policy-pack`, all advisory): the
 * third-party pack test asserts on that run's `policyPacks`, and a second prod plan only for it
 * cost 5 s of CPU. Computed when a run starts: the pack is installed on first use.
 */
export const SHARED_RUNS = {
    dev: () => ["--stack", "dev"],
    prod: () => ["--stack", "prod", "--policy-pack", awsGuardPackDir()],
    "callback-packages": () => ["--stack", "dev", "--program", fixture("callback-packages")],
} as const satisfies Record<string, () => readonly string[]>;

export type SharedRun = keyof typeof SHARED_RUNS;

/** Set by the global fixture for the workers: the directory the shared results appear in. */
export const SHARED_PLANS_ENV = "AI_PLATFORM_TEST_SHARED_PLANS";

const RESULT_TIMEOUT_MS = 300_000;

/**
 * Runs the offline plan CLI to completion in a child process, as `npm run plan -- <args>` would
 * (tests/support/planCli.ts runPlanCli and the shared runs below).
 */
export function spawnPlan(args: readonly string[], timeoutMs: number): SpawnSyncReturns<string> {
    return spawnSync(process.execPath, [...planCommandArgs(), ...args], { cwd: REPO_ROOT, encoding: "utf8", timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024 });
}

function planArgs(run: SharedRun, dir: string): string[] {
    return [...SHARED_RUNS[run](), "--diagram", path.join(dir, `${run}.md`), "--json-out", path.join(dir, `${run}.json`)];
}

function resultFile(dir: string, run: SharedRun): string {
    return path.join(dir, `${run}.result.json`);
}

function writeResult(dir: string, run: SharedRun, args: readonly string[], code: number | null, stdout: string, stderr: string): void {
    const diagramFile = path.join(dir, `${run}.md`);
    const diagram = fs.existsSync(diagramFile) ? fs.readFileSync(diagramFile, "utf8") : "";
    const jsonFile = path.join(dir, `${run}.json`);
    const json = fs.existsSync(jsonFile) ? fs.readFileSync(jsonFile, "utf8") : "";
    const file = resultFile(dir, run);
    fs.writeFileSync(`${file}.tmp`, JSON.stringify({ code, stdout, stderr, json, diagram, args } satisfies SharedRunResult));
    fs.renameSync(`${file}.tmp`, file);
}

const local = new Map<SharedRun, SharedRunResult>();

/** The result of a shared run: the background one when the global fixture started it, else run here once. */
export function sharedRun(run: SharedRun): SharedRunResult {
    const dir = process.env[SHARED_PLANS_ENV];
    if (dir) return waitForResult(dir, run);
    const cached = local.get(run);
    if (cached) return cached;
    const result = runAndRecord(run, fs.mkdtempSync(path.join(os.tmpdir(), "shared-plan-")));
    local.set(run, result);
    return result;
}

/** Runs one shared plan to completion and writes its result file in `dir`. */
export function runAndRecord(run: SharedRun, dir: string): SharedRunResult {
    let args: string[];
    try {
        args = planArgs(run, dir);
    } catch (err) {
        // Say why in the result (the AWSGuard install failed, say) rather than leave every
        // waiting test to time out.
        writeResult(dir, run, [], null, "", `the shared run ${run} could not start: ${err instanceof Error ? err.message : String(err)}`);
        return JSON.parse(fs.readFileSync(resultFile(dir, run), "utf8")) as SharedRunResult;
    }
    const r = spawnPlan(args, RESULT_TIMEOUT_MS);
    writeResult(dir, run, args, r.status, r.stdout ?? "", `${r.stderr ?? ""}${r.error ? String(r.error) : ""}`);
    return JSON.parse(fs.readFileSync(resultFile(dir, run), "utf8")) as SharedRunResult;
}

function waitForResult(dir: string, run: SharedRun): SharedRunResult {
    const cached = local.get(run);
    if (cached) return cached;
    const file = resultFile(dir, run);
    const deadline = Date.now() + RESULT_TIMEOUT_MS;
    const pause = new Int32Array(new SharedArrayBuffer(4));
    while (!fs.existsSync(file)) {
        if (Date.now() > deadline) throw new Error(`the shared plan run ${run} did not finish within ${RESULT_TIMEOUT_MS} ms`);
        Atomics.wait(pause, 0, 0, 50); // a synchronous sleep: the callers (before hooks, tests) are synchronous
    }
    const result = JSON.parse(fs.readFileSync(file, "utf8")) as SharedRunResult;
    local.set(run, result);
    return result;
}

/**
 * Starts every shared run in the background, `concurrency` at a time; returns a stop function.
 * Each of `concurrency` detached queue processes (tests/support/sharedPlanQueue.ts) runs its
 * share of the plans one after the other and writes each result file itself: nothing depends on
 * this process's event loop, which a test waiting synchronously for a result blocks (mocha
 * without --parallel runs the tests in the process that started the runs).
 */
export function startSharedRuns(dir: string, concurrency = 2): () => void {
    const runs = Object.keys(SHARED_RUNS) as SharedRun[];
    const queues: ChildProcess[] = [];
    for (let q = 0; q < concurrency; q++) {
        const share = runs.filter((_, i) => i % concurrency === q);
        if (share.length === 0) continue;
        const child = spawn(process.execPath, ["-r", path.join(REPO_ROOT, "scripts", "register-ts.js"), path.join(__dirname, "sharedPlanQueue.ts"), dir, ...share], {
            cwd: REPO_ROOT,
            stdio: "ignore",
            detached: true,
        });
        // Lowest priority (the plans inherit it): they fill idle CPU and never slow the workers,
        // whose tests include deadlines and hedge delays measured on the clock.
        if (child.pid !== undefined) {
            try {
                os.setPriority(child.pid, 19);
            } catch {
                // Not permitted here: only slower, not wrong.
            }
        }
        child.unref();
        queues.push(child);
    }
    return () => {
        for (const child of queues) {
            if (child.pid === undefined || child.exitCode !== null) continue;
            try {
                process.kill(-child.pid, "SIGTERM"); // the queue and the plan it is running
            } catch {
                // already gone
            }
        }
    };
}
