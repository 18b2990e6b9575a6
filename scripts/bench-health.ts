/**
 * `npm run bench:health [-- --json] [-- --seed <n>]`: outage drill for the health checks
 * against fake regional endpoints on loopback. See bench/README.md for what the numbers mean.
 */
import "../bench/quietSdkWarnings"; // first: before the AWS SDK loads
import { runBench } from "../bench/cli";
import { healthDrillJson, healthDrillTable, healthDrillVerdicts, runHealthDrill } from "../bench/healthDrill";

runBench("usage: npm run bench:health -- [--json] [--seed <n>]", (args, log) => runHealthDrill(args.seed, log), { json: healthDrillJson, table: healthDrillTable, verdicts: healthDrillVerdicts });
