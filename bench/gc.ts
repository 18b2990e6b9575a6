/**
 * A full garbage collection on demand, without `--expose-gc` on the command line (the npm
 * scripts run plain ts-node). The failover bench calls it before each measured scenario: the
 * old generation fills up over a run (the 20 s hang scenarios leave hundreds of aborted HTTP/2
 * sessions behind) and V8's next mark-compact, 15-40 ms with everything paused, otherwise lands
 * in whichever scenario happens to be running, where it delays all 8 requests in flight at once:
 * 2.7% of a 300-request sample, so one pause alone sets that row's p99. Each scenario should pay
 * for its own garbage, not for the previous one's.
 */
import * as v8 from "node:v8";
import * as vm from "node:vm";

v8.setFlagsFromString("--expose-gc");
const gc = vm.runInNewContext("gc") as (() => void) | undefined;

export function collectGarbage(): void {
    if (typeof gc === "function") gc();
}
