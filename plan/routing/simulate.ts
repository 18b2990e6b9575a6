import type { Distribution, DnsRecord, RoutingGraph, Target } from "./graph";

/**
 * Where requests land for a set of regions down, as AWS documents each service's choice. Over-
 * approximates on purpose: any region a request *may* reach (for some client location, some DNS
 * answer, some flow) is in the result, so a proof over it holds for every user.
 *
 * - Route 53 weighted set: the healthy records of weight > 0; else the healthy ones of weight 0;
 *   else every record (when all are unhealthy Route 53 answers as if all were healthy).
 *   A record is healthy when its target region is up, or when it carries no health check at all.
 * - Global Accelerator: any healthy endpoint group with dial > 0 (the nearest healthy group takes a
 *   client, a dial below 100 spills the rest to the next closest groups, and a client may sit
 *   near any group); else any healthy group; else every group (it fails open to all endpoints).
 * - CloudFront: the origin the residency function picks (else the default behavior's); with an
 *   origin group, the secondary too whenever the primary may fail (GET/HEAD/OPTIONS failover).
 */

export interface Landing {
    /** Every region a request may reach (up or down). */
    readonly regions: ReadonlySet<string>;
    /** Some requests fail (reach a region that is down, or a name that resolves to nothing). */
    readonly error: boolean;
}

const NOTHING: Landing = { regions: new Set(), error: true };

function union(a: Landing, b: Landing): Landing {
    return { regions: new Set([...a.regions, ...b.regions]), error: a.error || b.error };
}

export class Simulator {
    constructor(private readonly graph: RoutingGraph, private readonly down: ReadonlySet<string>) {}

    target(t: Target, depth = 0): Landing {
        if (depth > 8) return NOTHING;
        switch (t.kind) {
            case "region":
                return { regions: new Set([t.region]), error: this.down.has(t.region) };
            case "accelerator":
                return this.accelerator(t.id);
            case "name":
                return this.name(t.name, depth + 1);
            default:
                return NOTHING;
        }
    }

    private healthy(t: Target, depth: number): boolean {
        const l = this.target(t, depth + 1);
        return l.regions.size > 0 && [...l.regions].some((r) => !this.down.has(r));
    }

    name(name: string, depth = 0): Landing {
        const records = this.graph.records[name];
        if (!records || records.length === 0) return NOTHING;
        const weighted = records.filter((r) => r.weight !== undefined);
        if (weighted.length === 0) return records.map((r) => this.target(r.target, depth)).reduce(union);
        const isHealthy = (r: DnsRecord) => !r.healthChecked || this.healthy(r.target, depth);
        const positive = weighted.filter((r) => (r.weight ?? 0) > 0 && isHealthy(r));
        const zero = weighted.filter((r) => (r.weight ?? 0) === 0 && isHealthy(r));
        const chosen = positive.length > 0 ? positive : zero.length > 0 ? zero : weighted;
        return chosen.map((r) => this.target(r.target, depth)).reduce(union);
    }

    accelerator(id: string): Landing {
        const acc = this.graph.accelerators[id];
        if (!acc || acc.groups.length === 0) return NOTHING;
        const up = acc.groups.filter((g) => !this.down.has(g.region));
        const dialled = up.filter((g) => g.dial > 0);
        const chosen = dialled.length > 0 ? dialled : up.length > 0 ? up : acc.groups;
        return { regions: new Set(chosen.map((g) => g.region)), error: chosen.some((g) => this.down.has(g.region)) };
    }

    /** A request entering `d` whose residency claim (or, failing that, viewer country) is given. */
    cloudfront(d: Distribution, user: { readonly claim?: string; readonly country?: string }): { readonly landing: Landing; readonly originId: string } {
        const table = d.edgeTable;
        let primary = d.defaultTarget;
        let secondary: string | undefined;
        if (table) {
            const zone = (user.claim && table.zones[user.claim] ? user.claim : undefined)
                ?? (user.country ? table.countries[user.country] : undefined)
                ?? table.defaultZone;
            const route = table.zones[zone];
            primary = route.origin;
            secondary = route.failover ?? undefined;
        } else if (d.groups[primary]) {
            [primary, secondary] = d.groups[primary];
        }
        const first = this.origin(d, primary);
        if (!secondary || !first.error) return { landing: first, originId: primary };
        return { landing: union(first, this.origin(d, secondary)), originId: `${primary} -> ${secondary}` };
    }

    private origin(d: Distribution, id: string): Landing {
        const t = d.origins[id];
        return t ? this.target(t) : NOTHING;
    }
}
