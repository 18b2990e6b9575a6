import { performance } from "perf_hooks";

/**
 * Where a plan's time goes, phase by phase (`--timings FILE`; the plan bench reads it). CPU time
 * is the whole process's (every thread: garbage collection and compilation run beside the main
 * thread), wall time is the main thread's view. Kept out of the plan's `--json`, which must be
 * byte-identical from run to run.
 */

export interface PhaseTiming {
    readonly phase: string;
    readonly cpuMs: number;
    readonly wallMs: number;
}

export interface PlanTimings {
    readonly phases: readonly PhaseTiming[];
    readonly totalCpuMs: number;
    readonly totalWallMs: number;
}

const cpuMs = (u: NodeJS.CpuUsage): number => (u.user + u.system) / 1000;
const round = (ms: number): number => Math.round(ms * 10) / 10;

/** Laps since process start: the first lap is start-up and module loading. */
export class PhaseClock {
    private lastCpuMs = 0;
    // performance.now() counts from the process's time origin.
    private lastWallMs = 0;
    private readonly laps: PhaseTiming[] = [];

    /** Ends the phase `phase` now (it began where the previous one ended). */
    lap(phase: string): void {
        const cpu = cpuMs(process.cpuUsage());
        const wall = performance.now();
        this.laps.push({ phase, cpuMs: round(cpu - this.lastCpuMs), wallMs: round(wall - this.lastWallMs) });
        this.lastCpuMs = cpu;
        this.lastWallMs = wall;
    }

    timings(): PlanTimings {
        return { phases: [...this.laps], totalCpuMs: round(this.lastCpuMs), totalWallMs: round(this.lastWallMs) };
    }
}

/** The timings as a table for stderr. */
export function timingsTable(t: PlanTimings): string {
    const width = Math.max(5, ...t.phases.map((p) => p.phase.length));
    const row = (name: string, cpu: number, wall: number) =>
        `  ${name.padEnd(width)}  ${(cpu / 1000).toFixed(2).padStart(7)}  ${(t.totalCpuMs > 0 ? (100 * cpu) / t.totalCpuMs : 0).toFixed(1).padStart(5)}%  ${(wall / 1000).toFixed(2).padStart(7)}`;
    return [
        `plan timings (s; CPU is every thread's):`,
        `  ${"phase".padEnd(width)}  ${"CPU".padStart(7)}  ${"share".padStart(6)}  ${"wall".padStart(7)}`,
        ...t.phases.map((p) => row(p.phase, p.cpuMs, p.wallMs)),
        row("total", t.totalCpuMs, t.totalWallMs),
    ].join("\n");
}
