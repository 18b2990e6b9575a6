/**
 * One queue of shared plan runs (started by tests/support/sharedPlans.ts startSharedRuns):
 * `node -r ./scripts/register-ts.js sharedPlanQueue.ts DIR RUN...` runs each named plan in turn
 * and writes its result file in DIR.
 */
import { runAndRecord, SHARED_RUNS, type SharedRun } from "./sharedPlans";

const [dir, ...runs] = process.argv.slice(2);
for (const run of runs) {
    if (!(run in SHARED_RUNS)) throw new Error(`unknown shared run ${run}`);
    runAndRecord(run as SharedRun, dir);
}
