import * as path from "path";
import type { PlanResult } from "./index";
import { lambdaSection, policySection } from "./renderPolicy";
import { policyPacksSection, remediationSection } from "./renderPolicyPacks";
import { routingSection } from "./routing";
import { preflightSection } from "./preflight";
import { requestPathSection } from "./requestPath";

export { mandatoryViolationMessage } from "./renderPolicy";

/** The human-readable plan: per region first, then the global layer, Lambdas, policies, totals. */
export function renderPlan(result: PlanResult, cwd: string = process.cwd()): string {
    const s = result.summary;
    const out: string[] = [];
    out.push(`Offline plan for stack "${s.stack}" (no AWS calls; program run under Pulumi mocks)`);
    out.push(`  program: ${path.relative(cwd, result.program)}   config: ${path.relative(cwd, result.configFile)}`);
    out.push("");
    for (const r of s.regions) {
        const head = [r.region, r.role, r.weight !== undefined ? `weight ${r.weight}` : undefined, r.residency ? `zone ${r.residency}` : undefined]
            .filter(Boolean)
            .join(" | ");
        out.push(`== ${head}`);
        if (r.failoverPath) out.push(`   failover: ${r.failoverPath.join(" -> ")}`);
        out.push(...typeTable(r.resourceCounts, r.resourceTotal));
        out.push("");
    }
    out.push("== global (services AWS runs from us-east-1: edge, DNS, IAM, budgets; and stack-wide components)");
    out.push(...typeTable(s.global.resourceCounts, s.global.resourceTotal));
    out.push("");
    if (s.traffic.length > 0) {
        out.push("== traffic shares");
        out.push(`   ${pad("region", 16)}${pad("config", 8)}${pad("GA dial", 9)}R53 weight`);
        for (const t of s.traffic) {
            out.push(`   ${pad(t.region, 16)}${pad(fmt(t.configWeight), 8)}${pad(fmt(t.acceleratorDial), 9)}${fmt(t.route53Weight)}`);
        }
        out.push("");
    }
    if (s.tables.length > 0) {
        out.push("== DynamoDB global tables");
        for (const t of s.tables) {
            out.push(`   ${pad(t.table, 24)} zone ${pad(t.residency ?? "?", 6)} home ${pad(t.homeRegion, 15)} replicas: ${t.replicaRegions.join(", ") || "none"}`);
        }
        out.push("");
    }
    const lambdas = lambdaSection(result.lambdas);
    if (lambdas.length > 0) out.push(...lambdas, "");
    out.push(...policySection(result.policy, cwd), "");
    out.push(...remediationSection(result.policy.remediations), ...policyPacksSection(result.policyPacks));
    out.push(...routingSection(result.routing), "");
    out.push(...requestPathSection(result.paths), "");
    out.push(...preflightSection(result.preflight), "");
    out.push(`== totals: ${s.totals.resources} resources (${s.totals.customResources} custom, ${s.totals.components} components) in ${s.regions.length} regions`);
    out.push(`   diagram: ${path.relative(cwd, result.diagramFile)}`);
    return out.join("\n");
}

function typeTable(counts: Readonly<Record<string, number>>, total: number): string[] {
    const rows = Object.entries(counts).map(([type, n]) => `   ${pad(String(n), 4)}${type}`);
    return [...rows, `   ${pad(String(total), 4)}total`];
}

function pad(s: string, n: number): string {
    return s.length >= n ? `${s} ` : s + " ".repeat(n - s.length);
}

function fmt(n: number | undefined): string {
    return n === undefined ? "-" : String(n);
}
