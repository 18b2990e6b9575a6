import { sharedRun, spawnPlan } from "./sharedPlans";

export { planCommandArgs } from "../../plan/command";

export interface CliResult {
    readonly code: number | null;
    readonly stdout: string;
    readonly stderr: string;
}

/**
 * Runs the offline plan CLI in a child process, as a user would (`npm run plan -- ...`).
 * Whole-program runs need their own process: Pulumi's runtime state is global.
 */
export function runPlanCli(args: readonly string[], timeoutMs = 180_000): CliResult {
    const r = spawnPlan(args, timeoutMs);
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

export interface PlanJsonResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The id the mocks answered (what other resources' `.id` references hold). */
    readonly id?: string;
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

const parsed = new Map<string, PlanJson>();

/**
 * The `--json` plan of a committed stack, run once per `npm test` and shared by every test file
 * that asserts on the whole program (tests/support/sharedPlans.ts). Its diagram goes to a temp
 * file so tests never touch docs/. Exit 3 (mandatory policy violations) still prints the plan;
 * the policy tests assert on `policy.violations`, so that a violation fails them with its
 * message, not here.
 */
export function planJsonFor(stack: "dev" | "prod"): PlanJson {
    const cached = parsed.get(stack);
    if (cached) return cached;
    const plan = JSON.parse(planJsonTextFor(stack)) as PlanJson;
    parsed.set(stack, plan);
    return plan;
}

/** The exact --json document of that shared run. */
export function planJsonTextFor(stack: "dev" | "prod"): string {
    const r = sharedRun(stack);
    if (r.code !== 0 && r.code !== 3) throw new Error(`plan for ${stack} exited ${r.code}:\n${r.stderr}`);
    return r.json;
}
