/**
 * `npm run bench:plan [-- --json] [-- --quick]`: the offline plan's CPU time and peak RSS, today's
 * ts-node runner against the new one, and its growth from 2 to 16 regions. See bench/README.md.
 */
import { planBenchTable, planBenchVerdicts, runPlanBench } from "../bench/planBench";

const USAGE = "usage: npm run -s bench:plan -- [--json] [--quick]";

function main(argv: readonly string[]): number {
    const unknown = argv.filter((a) => a !== "--json" && a !== "--quick");
    if (unknown.length > 0) {
        process.stderr.write(`unknown argument ${unknown[0]}\n${USAGE}\n`);
        return 64;
    }
    const json = argv.includes("--json");
    const result = runPlanBench({ quick: argv.includes("--quick") }, (line) => process.stderr.write(`${line}\n`));
    if (json) {
        process.stdout.write(`${JSON.stringify(result)}\n`);
        for (const v of planBenchVerdicts(result)) process.stderr.write(`${v}\n`);
    } else {
        process.stdout.write(`${planBenchTable(result)}\n`);
    }
    return 0;
}

process.exitCode = main(process.argv.slice(2));
