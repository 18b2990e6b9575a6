/**
 * Traffic weights from region health (or a planned drain), as a pure function. The one rule that
 * must never break: no decision ever sends every region to zero. If every region would be out,
 * the configured weights are restored (fail open: a degraded answer beats no answer, and Route 53
 * and Global Accelerator behave the same way when every health check fails).
 */

export interface WeightedRegion {
    readonly region: string;
    /** Configured (healthy) weight from the config map. */
    readonly weight: number;
}

export interface WeightDecision {
    readonly weights: Readonly<Record<string, number>>;
    /** True when the decision ignored some outages to keep traffic flowing. */
    readonly failOpen: boolean;
    /** Why the weights differ from the naive "out regions get 0", when they do. */
    readonly note?: string;
}

export function routingWeights(regions: readonly WeightedRegion[], isOut: (region: string) => boolean): WeightDecision {
    const configured = Object.fromEntries(regions.map((r) => [r.region, r.weight]));
    const inRotation = regions.filter((r) => !isOut(r.region));
    if (inRotation.length === 0) {
        return { weights: configured, failOpen: true, note: `every region (${regions.map((r) => r.region).join(", ")}) is out: failing open, configured weights kept` };
    }
    if (inRotation.every((r) => r.weight === 0)) {
        // Only standby regions (configured weight 0) are left: share traffic equally among them
        // rather than leave every weight at zero.
        const share = equalShares(inRotation.length);
        const weights = Object.fromEntries(regions.map((r) => [r.region, 0]));
        inRotation.forEach((r, i) => (weights[r.region] = share[i]));
        return { weights, failOpen: false, note: `only standby regions are in rotation (${inRotation.map((r) => r.region).join(", ")}): traffic shared equally` };
    }
    return { weights: Object.fromEntries(regions.map((r) => [r.region, isOut(r.region) ? 0 : r.weight])), failOpen: false };
}

/** n integers summing to 100, as equal as possible (the first ones get the remainder). */
function equalShares(n: number): number[] {
    const base = Math.floor(100 / n);
    return Array.from({ length: n }, (_, i) => base + (i < 100 - base * n ? 1 : 0));
}

export function allZero(weights: Readonly<Record<string, number>>): boolean {
    return Object.values(weights).every((w) => w === 0);
}
