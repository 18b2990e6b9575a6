import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "./model";
import { stableResourceOrder } from "./order";
import { ProgramError } from "./programError";
import type { PhaseClock } from "./phases";
import { MockRuntime, type MockRuntimeOptions } from "./runtime";

export interface ProgramRun {
    /** In a stable order: by region (regionOrder first), then URN. */
    readonly resources: PlannedResource[];
    /** The stack outputs the program exported. */
    readonly outputs: Record<string, unknown>;
}

export interface RunProgramOptions extends MockRuntimeOptions {
    /** Path of the Pulumi program's entry module (index.ts). */
    readonly programPath: string;
    /** Fail instead of hanging when a program never settles (a stuck apply, a forgotten promise). */
    readonly timeoutMs?: number;
    /** The stack's regions, primary first: the order resources are reported in (plan/order.ts). */
    readonly regionOrder?: readonly string[];
    /** Gets a lap when the program's module returns and when every registration is answered. */
    readonly clock?: PhaseClock;
}

/**
 * Runs a Pulumi program once, in this process, under the mock runtime, and returns what it
 * registered. One run per process: Pulumi's runtime state is global.
 */
export async function runProgram(options: RunProgramOptions): Promise<ProgramRun> {
    const runtime = new MockRuntime(options);
    runtime.install();

    const failures: unknown[] = [];
    const onRejection = (reason: unknown) => failures.push(reason);
    process.on("unhandledRejection", onRejection);
    let timer: NodeJS.Timeout | undefined;
    try {
        const run = (async () => {
            const outputs = await pulumi.runtime.runInPulumiStack(async () => {
                // eslint-disable-next-line @typescript-eslint/no-require-imports
                const mod: unknown = require(path.resolve(options.programPath));
                const exported = mod && typeof mod === "object" && "default" in mod ? (mod as { default: unknown }).default : mod;
                const result = typeof exported === "function" ? await (exported as () => unknown)() : exported;
                options.clock?.lap("program: modules and declarations");
                return result;
            });
            await runtime.settle();
            options.clock?.lap("program: registrations (mocks)");
            return outputs;
        })();
        const timeout = new Promise<never>((_, reject) => {
            timer = setTimeout(
                () => reject(new ProgramError(`the program did not finish within ${options.timeoutMs} ms (a pending apply or promise that never resolves?)`)),
                options.timeoutMs ?? 120_000,
            );
        });
        const outputs = await Promise.race([run, timeout]);
        if (failures.length > 0) throw failures[0];
        const resources = stableResourceOrder(runtime.resources(), options.regionOrder);
        options.clock?.lap("program: ordering");
        return { resources, outputs: (outputs ?? {}) as Record<string, unknown> };
    } finally {
        if (timer) clearTimeout(timer);
        process.off("unhandledRejection", onRejection);
    }
}
