/**
 * How the config map's weights become traffic settings at the two global entry points.
 *
 * - Route 53 weighted records split DNS answers across every region: a record's share is its
 *   weight over the sum, so the config weight (a percentage) is used as is. A region at weight 0
 *   keeps its record: Route 53 answers with zero-weight records only when every weighted record
 *   above 0 is unhealthy, which is the last-resort failover we want from a drained region.
 * - A Global Accelerator traffic dial is not a share of all traffic. The accelerator sends each
 *   client to its nearest healthy endpoint group; the dial is the percentage of *that* traffic the
 *   group keeps, the rest spilling to the next-nearest groups. So dials are scaled per residency
 *   zone: the zone's heaviest region keeps everything (100) and every other region keeps its
 *   weight relative to it. Scaling across zones instead would push a zone's users towards
 *   another zone just because that zone is bigger.
 *
 * Pure: no Pulumi import; table-tested in tests/components/global/traffic.test.ts.
 */

export interface TrafficInput {
    readonly code: string;
    readonly residency: string;
    /** Config weight: share of global traffic in percent (0 = drained). */
    readonly weight: number;
}

export interface TrafficShare {
    readonly region: string;
    readonly zone: string;
    /** The config weight this was derived from. */
    readonly weight: number;
    /** Global Accelerator endpoint group traffic dial, 0..100. */
    readonly acceleratorDial: number;
    /** Route 53 weighted record weight, 0..255 (here 0..100, summing to 100). */
    readonly route53Weight: number;
    /** Weight 0: no traffic while any other region is healthy. */
    readonly drained: boolean;
    /** The only region of its zone still taking traffic: draining it would send the zone's users elsewhere. */
    readonly lastInZone: boolean;
}

/** The traffic plan of a stack, in the order the regions were given (primary first). */
export function trafficPlan(regions: readonly TrafficInput[]): TrafficShare[] {
    const dials = acceleratorDials(regions);
    const weights = route53Weights(regions);
    return regions.map((r) => {
        const live = regions.filter((o) => o.residency === r.residency && o.weight > 0);
        return {
            region: r.code,
            zone: r.residency,
            weight: r.weight,
            acceleratorDial: dials[r.code],
            route53Weight: weights[r.code],
            drained: r.weight === 0,
            lastInZone: live.length === 1 && live[0].code === r.code,
        };
    });
}

/**
 * Dial per region: 100 x weight / (heaviest weight in the region's zone), rounded to an integer.
 * Rounding keeps the order of the weights (a heavier region never gets a smaller dial), a
 * drained region is exactly 0, and a region with any weight keeps at least 1, so rounding can
 * never drain a region the config did not drain.
 */
export function acceleratorDials(regions: readonly TrafficInput[]): Record<string, number> {
    assertWeights(regions);
    const zoneMax = new Map<string, number>();
    for (const r of regions) zoneMax.set(r.residency, Math.max(zoneMax.get(r.residency) ?? 0, r.weight));
    const dials: Record<string, number> = {};
    for (const r of regions) {
        const max = zoneMax.get(r.residency) ?? 0;
        dials[r.code] = r.weight === 0 || max === 0 ? 0 : Math.max(1, Math.round((100 * r.weight) / max));
    }
    return dials;
}

/**
 * Route 53 weight per region: the weights scaled to sum to exactly 100 with the largest-remainder
 * method, so the shares the records produce are the config's shares. Config weights are already
 * integers summing to 100 and come back unchanged; other inputs (e.g. a planned-drain tool's
 * fractional weights) are apportioned without losing or inventing a percent. A region with any
 * weight keeps at least 1 (taken from the largest), so rounding never drains it.
 */
export function route53Weights(regions: readonly TrafficInput[]): Record<string, number> {
    assertWeights(regions);
    const total = regions.reduce((sum, r) => sum + r.weight, 0);
    const result: Record<string, number> = {};
    if (total === 0) {
        // Nothing to apportion. (Route 53 then answers every record with equal probability.)
        for (const r of regions) result[r.code] = 0;
        return result;
    }
    const exact = regions.map((r) => ({ code: r.code, weight: r.weight, value: (100 * r.weight) / total }));
    for (const e of exact) result[e.code] = Math.floor(e.value);
    let left = 100 - exact.reduce((sum, e) => sum + result[e.code], 0);
    // Largest remainder first; ties by input order, so the result is stable.
    const byRemainder = [...exact].sort((a, b) => (b.value - Math.floor(b.value)) - (a.value - Math.floor(a.value)));
    for (const e of byRemainder) {
        if (left <= 0) break;
        result[e.code] += 1;
        left -= 1;
    }
    for (const e of exact) {
        if (e.weight > 0 && result[e.code] === 0) {
            const donor = exact.reduce((best, o) => (result[o.code] > result[best.code] ? o : best));
            result[donor.code] -= 1;
            result[e.code] = 1;
        }
    }
    return result;
}

function assertWeights(regions: readonly TrafficInput[]): void {
    const seen = new Set<string>();
    for (const r of regions) {
        if (!Number.isFinite(r.weight) || r.weight < 0) throw new Error(`region ${r.code}: weight must be a finite number >= 0, got ${r.weight}`);
        if (seen.has(r.code)) throw new Error(`region ${r.code} is listed twice`);
        seen.add(r.code);
    }
}
