import { spawnSync } from "child_process";
import { ProgramError } from "./programError";

/**
 * The fast plan runs with `--stack-trace-limit=0`: Pulumi records a stack trace for every Output
 * and promise it creates (tens of thousands per plan), and not capturing them is a large share of
 * the speed-up. A program that throws then has a message but no "where". So a failed program is
 * run once more, the slow way (full stack traces, mapped to the .ts sources), to report where it
 * failed. Only failures pay for that; a clean plan never does.
 */

export const RERUN_ENV = "AI_PLATFORM_PLAN_RERUN";

/** Whether this failure is worth a second run for its stack trace. */
export function shouldRerunForStack(err: unknown, stackTraceLimit: number, env: NodeJS.ProcessEnv): boolean {
    // A deadline (ProgramError) says all there is to say; waiting for it twice would only be slower.
    if (err instanceof ProgramError) return false;
    return stackTraceLimit === 0 && env[RERUN_ENV] === undefined;
}

/** Node options of the second run: as this one, but with stack traces and source maps. */
export function rerunExecArgv(execArgv: readonly string[]): string[] {
    return [...execArgv.filter((a) => !a.startsWith("--stack-trace-limit") && a !== "--enable-source-maps"), "--stack-trace-limit=30", "--enable-source-maps"];
}

/** Runs this plan again with stack traces, its output passed through; returns its exit code. */
export function rerunWithStackTraces(): number {
    const r = spawnSync(process.execPath, [...rerunExecArgv(process.execArgv), process.argv[1], ...process.argv.slice(2)], {
        stdio: "inherit",
        env: { ...process.env, [RERUN_ENV]: "1" },
    });
    return r.status ?? 1;
}
