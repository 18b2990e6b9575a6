import * as path from "path";
import type { PolicyViolation } from "./model";
import { LAMBDA_PACKAGE_LIMIT_BYTES, type PlannedLambda } from "./lambdas";
import type { PlanPolicy } from "./policy";

/** The policy and Lambda sections of the human-readable plan. */

export function policySection(policy: PlanPolicy, cwd: string): string[] {
    const count = (status: string) => policy.policies.filter((p) => p.status === status).length;
    const source = policy.configFile ? path.relative(cwd, policy.configFile) : "defaults (no policy config file)";
    const out: string[] = [];
    out.push(`== policy pack (config: ${source}): ${count("pass")} pass, ${count("fail")} fail, ${count("not-applicable")} not applicable, ${count("disabled")} disabled`);
    const width = Math.max(6, ...policy.policies.map((p) => p.policy.length)) + 2;
    out.push(`   ${pad("policy", width)}${pad("level", 11)}${pad("status", 16)}${pad("checked", 9)}violations`);
    for (const p of policy.policies) {
        const status = p.status === "fail" ? "FAIL" : p.status;
        out.push(`   ${pad(p.policy, width)}${pad(p.level, 11)}${pad(status, 16)}${pad(String(p.checked), 9)}${p.violations}`);
    }
    out.push("");
    if (policy.violations.length === 0) {
        out.push("== policy violations: none");
    } else {
        out.push(`== policy violations: ${policy.mandatoryViolations} mandatory, ${policy.violations.length - policy.mandatoryViolations} advisory`);
        for (const v of policy.violations) out.push(`   [${v.level}] ${v.policy}: ${v.message}`);
    }
    return out;
}

export function lambdaSection(lambdas: readonly PlannedLambda[]): string[] {
    if (lambdas.length === 0) return [];
    const limitKb = LAMBDA_PACKAGE_LIMIT_BYTES / 1024;
    const over = lambdas.filter((l) => l.packageBytes !== null && l.packageBytes > LAMBDA_PACKAGE_LIMIT_BYTES).length;
    const out = [`== Lambda packages (the zip each would deploy; budget ${limitKb} KB): ${over === 0 ? "all within budget" : `${over} OVER BUDGET`}`];
    const width = Math.max(4, ...lambdas.map((l) => l.name.length)) + 2;
    out.push(`   ${pad("region", 16)}${pad("name", width)}${pad("size", 12)}files`);
    for (const l of lambdas) {
        const size = l.packageBytes === null ? "?" : kb(l.packageBytes);
        const flag = l.packageBytes !== null && l.packageBytes > LAMBDA_PACKAGE_LIMIT_BYTES
            ? `   OVER ${limitKb} KB: largest ${(l.largest ?? []).map((m) => `${m.name} ${kb(m.packageBytes)}`).join(", ")}`
            : l.note ? `   (${l.note})` : "";
        out.push(`   ${pad(l.region, 16)}${pad(l.name, width)}${pad(size, 12)}${l.files ?? "-"}${flag}`);
    }
    return out;
}

/** One line for stderr: how many mandatory violations, of which policies. */
export function mandatoryViolationMessage(violations: readonly PolicyViolation[]): string {
    const mandatory = violations.filter((v) => v.level === "mandatory");
    const byPolicy = new Map<string, number>();
    for (const v of mandatory) byPolicy.set(v.policy, (byPolicy.get(v.policy) ?? 0) + 1);
    const list = [...byPolicy.entries()].map(([p, n]) => `${p} (${n})`).join(", ");
    return `${mandatory.length} mandatory policy violation${mandatory.length === 1 ? "" : "s"}: ${list}`;
}

function kb(bytes: number): string {
    return `${(bytes / 1024).toFixed(1)} KB`;
}

function pad(s: string, n: number): string {
    return s.length >= n ? `${s} ` : s + " ".repeat(n - s.length);
}
