/**
 * `npm run bench:failover [-- --json] [-- --seed <n>]`: the failover engine vs. the seeds'
 * sequential strategy, scenario by scenario, against fake regions on loopback.
 * See bench/README.md for what the numbers mean.
 */
import "../bench/quietSdkWarnings"; // first: before the AWS SDK loads
import { failoverBenchJson, failoverBenchTable, failoverVerdicts, runFailoverBench } from "../bench/failoverBench";
import { runBench } from "../bench/cli";

runBench("usage: npm run bench:failover -- [--json] [--seed <n>]", (args, log) => runFailoverBench(args.seed, log), { json: failoverBenchJson, table: failoverBenchTable, verdicts: failoverVerdicts });
