/**
 * `npm run plan -- --stack <name>`: the main job without AWS. Run by plain Node with
 * scripts/register-ts.js and `--stack-trace-limit=0` (package.json); see plan/failureRerun.ts. Runs the real program under
 * Pulumi's mock runtime with the stack's config, evaluates the policy pack on what it registered
 * and prints what it would create where.
 * Exit codes: 0 ok, 2 invalid config (stack or policy), 3 mandatory policy violation, 4 request-path
 * check failed (a broken hop, plan/requestPath), 5 residency proof failed (a zone's users reach
 * another zone, plan/routing), 1 any other failure, 64 usage.
 */
import { isConfigError } from "../config";
import { parsePlanArgs, UsageError } from "../plan/args";
import { rerunWithStackTraces, shouldRerunForStack } from "../plan/failureRerun";
import { planJson, runPlan, writeOutputFile } from "../plan/index";
import { PhaseClock, timingsTable } from "../plan/phases";
import { mandatoryViolationMessage, renderPlan } from "../plan/render";
import { PolicyPackLoadError } from "../plan/policyPacks";
import { routingFailureMessage } from "../plan/routing";
import { brokenPathMessage } from "../plan/requestPath";
import { PolicyConfigError, PolicyEvaluationError } from "../policy-pack/offline";

async function main(): Promise<number> {
    let args;
    try {
        args = parsePlanArgs(process.argv.slice(2));
    } catch (err) {
        if (err instanceof UsageError) {
            process.stderr.write(`${err.message}\n`);
            return 64;
        }
        throw err;
    }
    // With --json, stdout carries exactly one JSON object: everything else (Pulumi's warnings,
    // the program's own logging) goes to stderr.
    // Large writes to a pipe complete asynchronously: wait for them before exiting.
    const stdoutWrite = (text: string) => new Promise<void>((resolve) => process.stdout.write(text, () => resolve()));
    if (args.json) {
        console.log = (...parts: unknown[]) => console.error(...parts);
        console.info = console.log;
    }
    try {
        const clock = args.timingsFile === undefined ? undefined : new PhaseClock();
        const result = await runPlan(args, clock);
        const document = () => `${JSON.stringify(planJson(result), null, 2)}\n`;
        if (args.json) await stdoutWrite(document());
        else await stdoutWrite(`${renderPlan(result)}\n`);
        if (args.jsonOutFile !== undefined) writeOutputFile("--json-out", args.jsonOutFile, document());
        if (clock && args.timingsFile !== undefined) {
            clock.lap("output");
            const timings = clock.timings();
            writeOutputFile("--timings", args.timingsFile, `${JSON.stringify({ stack: args.stack, resources: result.resources.length, ...timings }, null, 2)}\n`);
            process.stderr.write(`${timingsTable(timings)}\n`);
        }
        for (const w of result.policy.warnings) process.stderr.write(`warning: policy config: ${w}\n`);
        // As `pulumi preview` with the packs would: the plan is shown, then the run fails.
        const packViolations = [result.policy, ...result.policyPacks].filter((p) => p.mandatoryViolations > 0);
        for (const p of packViolations) process.stderr.write(`error: ${mandatoryViolationMessage(p.violations)}\n`);
        if (packViolations.length > 0) return 3;
        if (!result.routing.ok) {
            process.stderr.write(`error: ${routingFailureMessage(result.routing)}\n`);
            return 5;
        }
        if (!result.paths.ok) {
            process.stderr.write(`error: ${brokenPathMessage(result.paths)}\n`);
            return 4;
        }
        return 0;
    } catch (err) {
        if (isConfigError(err)) {
            process.stderr.write(`error: ${err.message}\n`);
            return 2;
        }
        if (err instanceof UsageError) {
            process.stderr.write(`error: ${err.message}\n`);
            return 64;
        }
        if (err instanceof PolicyConfigError) {
            process.stderr.write(`error: ${err.message}\n`);
            return 2;
        }
        if (err instanceof PolicyPackLoadError) {
            process.stderr.write(`error: --policy-pack: ${err.message}\n`);
            return 1;
        }
        if (err instanceof PolicyEvaluationError) {
            process.stderr.write(`error: the policy pack failed: ${err.message}\n`);
            return 1;
        }
        if (shouldRerunForStack(err, Error.stackTraceLimit, process.env)) {
            process.stderr.write(`error: the program failed: ${err instanceof Error ? err.message : String(err)}\n(no stack trace in the fast run; running the program again with source-mapped stack traces to show where)\n`);
            return rerunWithStackTraces();
        }
        process.stderr.write(`error: the program failed: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
        return 1;
    }
}

main().then(
    (code) => process.exit(code),
    (err) => {
        process.stderr.write(`error: ${err instanceof Error ? err.stack : String(err)}\n`);
        process.exit(1);
    },
);
