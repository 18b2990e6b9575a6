import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./configs";

export interface CliResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * The command `npm run plan` runs (package.json `scripts.plan`), as node arguments: the tests and
 * the bench run exactly what users and CI run, without npm in between.
 */
export function planCommandArgs(): string[] {
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
    const words = pkg.scripts.plan.trim().split(/\s+/);
    if (words[0] !== "node" || words.some((w) => /["'$`\\]/.test(w))) {
        throw new Error(`package.json scripts.plan must be a plain "node ..." command (no quoting), got: ${pkg.scripts.plan}`);
    }
    return words.slice(1);
}

/**
 * Runs the offline plan CLI in a child process, as a user would (`npm run plan -- ...`).
 * Whole-program runs need their own process: Pulumi's runtime state is global.
 */
export function runPlanCli(args: readonly string[], timeoutMs = 180_000): CliResult {
    const r = spawnSync(process.execPath, [...planCommandArgs(), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: timeoutMs,
        maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface PlanJsonResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly region: string;
    readonly inputs: Record<string, unknown>;
}

export interface PlanJsonViolation {
    readonly policy: string;
    readonly level: "mandatory" | "advisory";
    readonly resourceType: string;
    readonly resourceName: string;
    readonly message: string;
}

export interface PlanJsonPolicySummary {
    readonly policy: string;
    readonly level: string;
    readonly status: "pass" | "fail" | "not-applicable" | "disabled";
    readonly checked: number;
    readonly violations: number;
}

export interface PlanJsonLambda {
    readonly name: string;
    readonly region: string;
    readonly packageBytes: number | null;
    readonly files?: number;
}

export interface PlanJson {
    readonly stack: string;
    readonly policyConfigFile: string | null;
    readonly resources: readonly PlanJsonResource[];
    readonly policy: {
        readonly mandatoryViolations: number;
        readonly violations: readonly PlanJsonViolation[];
        readonly policies: readonly PlanJsonPolicySummary[];
        readonly warnings: readonly string[];
    };
    readonly lambdas: readonly PlanJsonLambda[];
    readonly [key: string]: unknown;
}

const cache = new Map<string, { readonly text: string; readonly plan: PlanJson }>();

/**
 * The `--json` plan of a committed stack, computed once per test process and shared by every
 * test file that asserts on the whole program. Writes its diagram to a temp file so tests never
 * touch docs/. Exit 3 (mandatory policy violations) still prints the plan; the policy tests
 * assert on `policy.violations`, so that a violation fails them with its message, not here.
 */
export function planJsonFor(stack: string): PlanJson {
    return sharedPlan(stack).plan;
}

/** The exact stdout of that shared `--json` run. */
export function planJsonTextFor(stack: string): string {
    return sharedPlan(stack).text;
}

/** The arguments of the shared run: the determinism test repeats them. */
export function sharedPlanArgs(stack: string): string[] {
    return ["--stack", stack, "--json", "--diagram", path.join(os.tmpdir(), `plan-test-${stack}.md`)];
}

function sharedPlan(stack: string): { readonly text: string; readonly plan: PlanJson } {
    const cached = cache.get(stack);
    if (cached) return cached;
    const r = runPlanCli(sharedPlanArgs(stack));
    if (r.code !== 0 && r.code !== 3) throw new Error(`plan for ${stack} exited ${r.code}:\n${r.stderr}`);
    const entry = { text: r.stdout, plan: JSON.parse(r.stdout) as PlanJson };
    cache.set(stack, entry);
    return entry;
}
