import { spawnSync } from "child_process";
import * as os from "os";
import * as path from "path";
import { REPO_ROOT } from "./configs";

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
    const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "scripts", "plan.ts"), ...args], {
        cwd: REPO_ROOT,
        encoding: "utf8",
        timeout: timeoutMs,
        env: { ...process.env, TS_NODE_TRANSPILE_ONLY: "true" },
        maxBuffer: 256 * 1024 * 1024,
    });
    if (r.error) throw r.error;
    return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * Hops of the request-path check that only issue 10 (TLS listener with ACM certificates on the
 * regional NLBs, health probes on covered names) repairs. Until it is merged the committed stacks
 * exit 4 with exactly these broken; any other broken hop still fails. Empty this list after the merge.
 */
export const PENDING_ISSUE_10_HOPS: readonly string[] = [
    "load balancer -> TLS listener with a certificate covering the name",
    "probe -> name a certificate can cover",
];

/** Exit 0, or exit 4 whose broken hops are all pending issue 10 (see PENDING_ISSUE_10_HOPS). */
export function planExitedOk(r: CliResult): boolean {
    if (r.code === 0) return true;
    if (r.code !== 4) return false;
    const broken = r.stderr.split("\n").filter((l) => /^ {2}\S/.test(l));
    return broken.length > 0 && broken.every((l) => PENDING_ISSUE_10_HOPS.some((h) => l.includes(`: ${h}: `)));
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

const cache = new Map<string, PlanJson>();

/**
 * The `--json` plan of a committed stack, computed once per test process and shared by every
 * test file that asserts on the whole program. Writes its diagram to a temp file so tests never
 * touch docs/. Exit 3 (mandatory policy violations) still prints the plan; the policy tests
 * assert on `policy.violations`, so that a violation fails them with its message, not here.
 */
export function planJsonFor(stack: string): PlanJson {
    const cached = cache.get(stack);
    if (cached) return cached;
    const r = runPlanCli(["--stack", stack, "--json", "--diagram", path.join(os.tmpdir(), `plan-test-${stack}.md`)]);
    if (!planExitedOk(r) && r.code !== 3) throw new Error(`plan for ${stack} exited ${r.code}:\n${r.stderr}`);
    const parsed = JSON.parse(r.stdout) as PlanJson;
    cache.set(stack, parsed);
    return parsed;
}
