/**
 * Mocha global fixture (.mocharc.json `require`): runs once in mocha's main process, before the
 * workers start, and starts the shared whole-program plan runs (tests/support/sharedPlans.ts) in
 * the background. The workers inherit the result directory through the environment.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { SHARED_PLANS_ENV, startSharedRuns } from "./sharedPlans";

let stop: (() => void) | undefined;
let dir: string | undefined;

export function mochaGlobalSetup(): void {
    // A dry run (counting tests) runs no test: nothing to share.
    if (process.argv.includes("--dry-run")) return;
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "shared-plans-"));
    process.env[SHARED_PLANS_ENV] = dir;
    stop = startSharedRuns(dir);
}

export function mochaGlobalTeardown(): void {
    stop?.();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
    delete process.env[SHARED_PLANS_ENV];
}
