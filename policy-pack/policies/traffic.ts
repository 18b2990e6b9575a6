import { stackPolicy, type StackReport } from "./lib/define";
import { isRecord, list, str } from "./lib/props";
import type { ResourceView } from "./lib/resource";
import { RESIDENCY_CONFIG_PROPERTIES, zonesOfRegion, type ResidencyConfig } from "./lib/zones";

/**
 * Residency of traffic (issue 10): Global Accelerator and Route 53 fail open across every endpoint
 * they hold (an accelerator with no healthy group routes to all of its endpoints; a weighted set
 * whose records are all unhealthy is answered as if all were healthy), and CloudFront fails over
 * from an origin group's primary to its secondary. So each of these must hold one zone only: an
 * accelerator's endpoint groups (per listener), a weighted record set's members (per zone, name
 * and type), a distribution origin group's members (through the records its origin names resolve to).
 * Self-contained: reads only resource inputs, following ARNs and DNS names between resources.
 */

const TYPES = {
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    record: "aws:route53/record:Record",
    distribution: "aws:cloudfront/distribution:Distribution",
} as const;

/** The region an ELB DNS name or ARN names. */
export function endpointRegion(value: string): string | undefined {
    return /\.elb\.([a-z0-9-]+)\.amazonaws\.com\.?$/.exec(value)?.[1] ?? /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):/.exec(value)?.[1];
}

const normName = (n: string) => n.replace(/\.$/, "").toLowerCase();

/** The zones every region of `regions` may belong to in common; empty when they span zones. */
function commonZones(cfg: ResidencyConfig, regions: readonly string[]): string[] {
    const sets = regions.map((r) => zonesOfRegion(cfg, r));
    return sets.length === 0 ? [] : sets.reduce((a, b) => a.filter((z) => b.includes(z)));
}

function checkOneZone(what: string, regions: readonly string[], cfg: ResidencyConfig, report: StackReport, urn: string): void {
    const distinct = [...new Set(regions)];
    if (distinct.length < 2) return;
    if (commonZones(cfg, distinct).length > 0) return;
    const byZone = distinct.map((r) => `${r} (${zonesOfRegion(cfg, r).join("/") || "no zone"})`).join(", ");
    report(`${what} spans residency zones: ${byZone}; expected members of one zone only, since it fails open or over across all its members`, urn);
}

function aliasTarget(r: ResourceView): string | undefined {
    const alias = list(r.props.aliases).find(isRecord);
    return alias ? str(alias.name) : undefined;
}

export const trafficInZone = stackPolicy<ResidencyConfig>({
    name: "residency-traffic-in-zone",
    description: "An accelerator's endpoint groups, a Route 53 weighted record set's members and a CloudFront origin group's members lie in one residency zone: each fails open or over across all its members.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: { properties: { ...RESIDENCY_CONFIG_PROPERTIES } },
    remediationSteps: "Give each residency zone its own accelerator, its own weighted record set and its own origin group; select the zone at the edge (CloudFront Function), never by failover.",
    check: (resources, cfg, report) => {
        const ofType = (t: string) => resources.filter((r) => r.type === t);

        const listeners = new Map<string, { regions: string[]; urn: string }>();
        for (const g of ofType(TYPES.endpointGroup)) {
            const listener = str(g.props.listenerArn);
            const region = str(g.props.endpointGroupRegion) ?? list(g.props.endpointConfigurations).filter(isRecord).map((e) => endpointRegion(str(e.endpointId) ?? "")).find(Boolean);
            if (!listener || !region) continue;
            const entry = listeners.get(listener) ?? { regions: [], urn: g.urn };
            entry.regions.push(region);
            listeners.set(listener, entry);
        }
        for (const [listener, { regions, urn }] of listeners) checkOneZone(`accelerator listener ${listener}`, regions, cfg, report, urn);

        // Regions behind each DNS name (one hop: alias records to load balancers).
        const namedRegions = new Map<string, string[]>();
        const sets = new Map<string, { regions: string[]; urn: string }>();
        for (const r of ofType(TYPES.record)) {
            const name = str(r.props.name);
            const target = aliasTarget(r);
            const region = target ? endpointRegion(target) : undefined;
            if (!name || !region) continue;
            namedRegions.set(normName(name), [...(namedRegions.get(normName(name)) ?? []), region]);
            if (list(r.props.weightedRoutingPolicies).length === 0) continue;
            const key = `${str(r.props.zoneId) ?? "?"}/${normName(name)}/${str(r.props.type) ?? "A"}`;
            const entry = sets.get(key) ?? { regions: [], urn: r.urn };
            entry.regions.push(region);
            sets.set(key, entry);
        }
        for (const [key, { regions, urn }] of sets) checkOneZone(`weighted record set ${key}`, regions, cfg, report, urn);

        for (const d of ofType(TYPES.distribution)) {
            const origins = new Map(list(d.props.origins).filter(isRecord).map((o) => [str(o.originId) ?? "", str(o.domainName) ?? ""]));
            for (const group of list(d.props.originGroups).filter(isRecord)) {
                const regions = list(group.members).filter(isRecord).flatMap((m) => {
                    const domain = origins.get(str(m.originId) ?? "") ?? "";
                    const direct = endpointRegion(domain);
                    return direct ? [direct] : namedRegions.get(normName(domain)) ?? [];
                });
                checkOneZone(`${d.label} origin group ${str(group.originId) ?? "?"}`, regions, cfg, report, d.urn);
            }
        }
    },
});
