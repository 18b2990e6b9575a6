import type { Remediation } from "../policy-pack/offline";
import type { PackResult } from "./policyPacks";

/** The human-readable sections for remediations and for third-party packs (`--policy-pack DIR`). */

export function remediationSection(remediations: readonly Remediation[]): string[] {
    if (remediations.length === 0) return [];
    const applied = remediations.filter((r) => r.applied).length;
    const out = [`== remediations: ${remediations.length} resource fix${remediations.length === 1 ? "" : "es"} offered by remediateResource`
        + ` (${applied} applied by \`pulumi up\` at level remediate; set a policy's level to remediate in --policy-pack-config to apply the others)`];
    for (const r of remediations) out.push(`   ${r.applied ? "[remediate]" : "[offered]  "} ${r.policy}: ${r.resourceName} (${r.resourceType}) sets ${r.changes.join(", ")}`);
    out.push("");
    return out;
}

export function policyPacksSection(packs: readonly PackResult[]): string[] {
    const out: string[] = [];
    for (const p of packs) {
        const count = (status: string) => p.policies.filter((x) => x.status === status).length;
        out.push(`== policy pack ${p.name} ${p.version} (--policy-pack ${p.dir}): ${count("pass")} pass, ${count("fail")} fail, `
            + `${count("not-applicable")} not applicable, ${count("needs-cloud")} need cloud, ${count("disabled")} disabled`);
        const width = Math.max(6, ...p.policies.map((x) => x.policy.length)) + 2;
        out.push(`   ${pad("policy", width)}${pad("level", 11)}${pad("status", 16)}${pad("checked", 9)}violations`);
        for (const x of p.policies) {
            const status = x.status === "fail" ? "FAIL" : x.status;
            out.push(`   ${pad(x.policy, width)}${pad(x.level, 11)}${pad(status, 16)}${pad(String(x.checked), 9)}${x.violations}${x.note ? `   (${x.note})` : ""}`);
        }
        if (p.violations.length > 0) {
            out.push(`   violations: ${p.mandatoryViolations} mandatory, ${p.violations.length - p.mandatoryViolations} advisory`);
            for (const v of p.violations) out.push(`   [${v.level}] ${v.policy}: ${v.resourceName} (${v.resourceType}): ${v.message}`);
        }
        out.push("");
    }
    return out;
}

function pad(s: string, n: number): string {
    return s.length >= n ? `${s} ` : s + " ".repeat(n - s.length);
}
