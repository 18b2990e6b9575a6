/**
 * `npm run bench:failover [-- --json] [-- --seed <n>] [-- --quick]`: streaming failover vs a naive
 * sequential client at production timings, 1 and 200 concurrent, against fake regions on
 * loopback. See bench/README.md for what the numbers mean.
 */
import "../bench/quietSdkWarnings"; // first: before the AWS SDK loads
import { failoverBenchJson, failoverBenchTable, failoverVerdicts, runFailoverBench } from "../bench/failoverBench";
import { runBench } from "../bench/cli";

// --quick is this bench's own flag; the shared parser knows --json and --seed.
const quick = process.argv.includes("--quick");
process.argv = process.argv.filter((a) => a !== "--quick");

runBench("usage: npm run bench:failover -- [--json] [--seed <n>] [--quick]", (args, log) => runFailoverBench({ seed: args.seed, quick }, log), { json: failoverBenchJson, table: failoverBenchTable, verdicts: failoverVerdicts });
