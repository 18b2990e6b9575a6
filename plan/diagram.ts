import type { PlannedResource } from "./model";
import { summaryGroup, type PlanSummary } from "./summary";

/**
 * A Mermaid flowchart of what the plan would build: the global entry, one box per residency
 * zone and region with the parts that region really registers, traffic shares and failover
 * edges. Deterministic (no ids or timestamps), so a committed copy can be checked for staleness.
 */
export function mermaidDiagram(summary: PlanSummary, resources: readonly PlannedResource[]): string {
    const regionCodes = new Set(summary.regions.map((r) => r.region));
    const has = (group: string, type: string) => resources.some((r) => r.type === type && summaryGroup(r, regionCodes) === group);
    const count = (group: string, type: string) => resources.filter((r) => r.type === type && summaryGroup(r, regionCodes) === group).length;
    const id = (s: string) => s.replace(/[^A-Za-z0-9]/g, "_");
    const lines: string[] = ["flowchart LR", "  users([Users])"];

    const hasCloudFront = has("global", "aws:cloudfront/distribution:Distribution");
    const hasAccelerator = has("global", "aws:globalaccelerator/accelerator:Accelerator");
    const hasDns = resources.some((r) => r.type === "aws:route53/record:Record");
    if (hasCloudFront) {
        const waf = has("global", "aws:wafv2/webAcl:WebAcl") ? " + WAF" : "";
        lines.push(`  cdn["CloudFront${waf}<br/>(us-east-1)"]`, "  users --> cdn");
    }
    // One node per accelerator and per weighted record set (zone-pinned stacks have one of each per zone).
    const zoneOf = (code: string) => summary.regions.find((r) => r.region === code)?.residency ?? "?";
    const accelerators = resources.filter((r) => r.type === "aws:globalaccelerator/accelerator:Accelerator");
    const groupsOf = (acc: PlannedResource) => resources.filter((g) => g.type === "aws:globalaccelerator/endpointGroup:EndpointGroup"
        && (accelerators.length === 1 || resources.some((l) => l.urn === g.parentUrn && l.parentUrn === acc.urn)));
    accelerators.forEach((acc, i) => {
        const zones = [...new Set(groupsOf(acc).map((g) => zoneOf(String(g.inputs.endpointGroupRegion))))].join(", ");
        lines.push(`  ga_${i}["Global Accelerator${zones ? ` (${zones})` : ""}<br/>TCP 443"]`);
        lines.push(hasCloudFront ? `  cdn -- "${zones ? `${zones} users` : "all users"}" --> ga_${i}` : `  users --> ga_${i}`);
    });
    const weightedSets = [...new Set(resources.filter((r) => r.type === "aws:route53/record:Record" && r.inputs.setIdentifier !== undefined).map((r) => String(r.inputs.name)))];
    weightedSets.forEach((name, i) => lines.push(`  dns_${i}{{"Route 53 ${name}<br/>weighted + health checks"}}`, hasCloudFront ? `  cdn -. GET failover .-> dns_${i}` : `  users --> dns_${i}`));

    const zones = new Map<string, string[]>();
    for (const r of summary.regions) {
        const zone = r.residency ?? "unzoned";
        zones.set(zone, [...(zones.get(zone) ?? []), r.region]);
    }
    for (const [zone, codes] of zones) {
        lines.push(`  subgraph zone_${id(zone)} ["Residency zone: ${zone}"]`);
        for (const code of codes) {
            const r = summary.regions.find((x) => x.region === code)!;
            const n = id(code);
            const title = [code, r.role, r.weight !== undefined ? `${r.weight}%` : undefined].filter(Boolean).join(" · ");
            lines.push(`    subgraph ${n} ["${title}"]`);
            if (has(code, "aws:lb/loadBalancer:LoadBalancer")) lines.push(`      ${n}_lb["NLB :443"]`);
            if (has(code, "eks:index:Cluster")) {
                const groups = count(code, "eks:index:ManagedNodeGroup") + count(code, "aws:eks/nodeGroup:NodeGroup");
                lines.push(`      ${n}_eks["EKS<br/>${groups} node groups"]`);
                if (has(code, "aws:lb/loadBalancer:LoadBalancer")) lines.push(`      ${n}_lb --> ${n}_eks`);
            }
            if (has(code, "aws:rds/instance:Instance")) lines.push(`      ${n}_db[("RDS PostgreSQL")]`);
            if (has(code, "aws:elasticache/replicationGroup:ReplicationGroup")) lines.push(`      ${n}_cache[("Redis")]`);
            if (has(code, "eks:index:Cluster")) {
                if (has(code, "aws:rds/instance:Instance")) lines.push(`      ${n}_eks --> ${n}_db`);
                if (has(code, "aws:elasticache/replicationGroup:ReplicationGroup")) lines.push(`      ${n}_eks --> ${n}_cache`);
            }
            const lambdas = count(code, "aws:lambda/function:Function");
            if (lambdas > 0) lines.push(`      ${n}_fn["Bedrock failover +<br/>health-check Lambdas (${lambdas})"]`);
            lines.push("    end");
        }
        lines.push("  end");
    }

    for (const t of summary.traffic) {
        const n = id(t.region);
        const target = has(t.region, "aws:lb/loadBalancer:LoadBalancer") ? `${n}_lb` : n;
        const acc = accelerators.findIndex((a) => groupsOf(a).some((g) => g.inputs.endpointGroupRegion === t.region));
        if (hasAccelerator && acc >= 0 && t.acceleratorDial !== undefined) lines.push(`  ga_${acc} -- "dial ${t.acceleratorDial}%" --> ${target}`);
        const record = resources.find((r) => r.type === "aws:route53/record:Record" && r.inputs.setIdentifier === t.region);
        const set = record ? weightedSets.indexOf(String(record.inputs.name)) : -1;
        if (hasDns && set >= 0 && t.route53Weight !== undefined) lines.push(`  dns_${set} -- "weight ${t.route53Weight}" --> ${target}`);
    }
    for (const r of summary.regions) {
        if (r.failoverTarget && regionCodes.has(r.failoverTarget)) lines.push(`  ${id(r.region)} -. failover .-> ${id(r.failoverTarget)}`);
    }
    for (const t of summary.tables) {
        const n = `ddb_${id(t.table)}`;
        const where = [t.homeRegion, ...t.replicaRegions].join(", ");
        lines.push(`  ${n}[("DynamoDB ${t.table}<br/>${where}")]`);
        if (regionCodes.has(t.homeRegion)) lines.push(`  ${id(t.homeRegion)} --- ${n}`);
    }
    return lines.join("\n") + "\n";
}

/** The diagram as a Markdown document (GitHub renders the fenced block). */
export function diagramDocument(stack: string, mermaid: string): string {
    return [
        `# Architecture: stack \`${stack}\``,
        "",
        `Generated by \`npm run plan -- --stack ${stack}\` from what the program registers; do not edit by hand (CI fails if it is stale).`,
        "",
        "```mermaid",
        mermaid.trimEnd(),
        "```",
        "",
    ].join("\n");
}
