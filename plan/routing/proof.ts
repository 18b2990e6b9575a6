import { routingGraph, type RoutingGraph } from "./graph";
import { Simulator } from "./simulate";
import type { PlannedResource } from "../model";

/**
 * The residency proof: for every zone's users (by residency claim and by viewer country), for
 * every combination of that zone's regions down, where their requests land; a leak is any region
 * of another zone among them.
 *
 * Pruning (per-zone independence): for zone Z's users, the regions of other zones matter only
 * through being candidates, and every rule in simulate.ts is monotone in them: an out-of-zone
 * region is reachable either because it is up (then it still is with every other-zone region up)
 * or through a fail-open or a failover that every record/group being down triggers (then it still
 * is with every other-zone region down). So "others all up" and "others all down" cover every
 * state of the other zones: 2^k x 2 simulations per zone of k regions instead of 2^n in all
 * (16 regions in 4 zones of 4: 128, not 65,536).
 */

export interface UserClass {
    readonly zone: string;
    /** How the user's zone is known at the edge. */
    readonly by: "claim" | "country";
    readonly country?: string;
}

export interface RoutingRow {
    readonly zone: string;
    /** The zone's regions that are down (sorted); the other zones' regions are all up. */
    readonly down: readonly string[];
    /** Up regions that serve this zone's users (claim or country). */
    readonly serving: readonly string[];
    /** Some of the zone's requests get an error (all its regions down, or a failing origin). */
    readonly errors: boolean;
}

export interface RoutingLeak {
    readonly zone: string;
    readonly user: string;
    readonly distribution: string;
    readonly down: readonly string[];
    readonly otherZones: "up" | "down";
    readonly landedIn: readonly string[];
    readonly message: string;
}

export interface RoutingProof {
    readonly ok: boolean;
    readonly zones: Readonly<Record<string, readonly string[]>>;
    readonly simulations: number;
    readonly table: readonly RoutingRow[];
    readonly leaks: readonly RoutingLeak[];
    /** Why the proof could not run (no distribution, no regions); then ok is true and nothing is claimed. */
    readonly skipped?: string;
}

/** The country a zone's anonymous users are represented by. */
export const REPRESENTATIVE_COUNTRY: Readonly<Record<string, string>> = { eu: "DE", us: "US", uk: "GB", ch: "CH", ca: "CA", apac: "JP" };

/** A zone's representative viewer country: listed above, else a one-country zone's own (`jp` -> JP). */
function representativeCountry(zone: string): string | undefined {
    return REPRESENTATIVE_COUNTRY[zone] ?? (/^[a-z]{2}$/.test(zone) ? zone.toUpperCase() : undefined);
}

/** Subsets of `items`, smallest first, each in `items` order. */
export function subsets<T>(items: readonly T[]): T[][] {
    const out: T[][] = [];
    for (let mask = 0; mask < 1 << items.length; mask++) out.push(items.filter((_, i) => (mask & (1 << i)) !== 0));
    return out.sort((a, b) => a.length - b.length);
}

export function routingProof(resources: readonly PlannedResource[]): RoutingProof {
    return proveGraph(routingGraph(resources));
}

export function proveGraph(graph: RoutingGraph): RoutingProof {
    const zones: Record<string, string[]> = {};
    for (const [region, zone] of Object.entries(graph.regionZones)) (zones[zone] ??= []).push(region);
    if (graph.distributions.length === 0 || Object.keys(zones).length === 0) {
        return { ok: true, zones, simulations: 0, table: [], leaks: [], skipped: "no CloudFront distribution or no regional load balancer registered" };
    }
    const table: RoutingRow[] = [];
    const leaks: RoutingLeak[] = [];
    let simulations = 0;
    for (const [zone, members] of Object.entries(zones)) {
        const others = Object.entries(graph.regionZones).filter(([, z]) => z !== zone).map(([r]) => r);
        const users: Array<{ label: string; claim?: string; country?: string }> = [
            { label: `${zone} users by residency claim`, claim: zone },
            { label: `${zone} users by viewer country (${representativeCountry(zone) ?? "?"}, no claim)`, country: representativeCountry(zone) },
        ];
        for (const down of subsets(members)) {
            for (const otherZones of ["up", "down"] as const) {
                simulations++;
                const downSet = new Set([...down, ...(otherZones === "down" ? others : [])]);
                const sim = new Simulator(graph, downSet);
                const serving = new Set<string>();
                let errors = false;
                for (const d of graph.distributions) {
                    for (const u of users) {
                        const { landing, originId } = sim.cloudfront(d, u);
                        errors ||= landing.error;
                        for (const r of landing.regions) if (!downSet.has(r)) serving.add(r);
                        const outside = [...landing.regions].filter((r) => graph.regionZones[r] !== zone).sort();
                        if (outside.length > 0) {
                            const downText = down.length === 0 ? "no region of the zone down" : `${down.join(", ")} down`;
                            leaks.push({
                                zone, user: u.label, distribution: d.name, down: [...down], otherZones, landedIn: outside,
                                message: `${u.label} reach ${outside.join(", ")} (outside zone ${zone}) with ${downText} and the other zones' regions ${otherZones}, through ${d.name} origin ${originId}`,
                            });
                        }
                    }
                }
                if (otherZones === "up") table.push({ zone, down: [...down].sort(), serving: [...serving].sort(), errors });
            }
        }
    }
    return { ok: leaks.length === 0, zones, simulations, table, leaks };
}

/** The plan summary's lines. */
export function routingSection(proof: RoutingProof): string[] {
    const out = ["== residency proof (routing simulated for every combination of regions down, per zone)"];
    if (proof.skipped) return [...out, `   skipped: ${proof.skipped}`];
    out.push(`   ${proof.simulations} simulations; ${proof.ok ? "no zone's users ever reach another zone" : `${proof.leaks.length} leaks`}`);
    out.push(`   ${"zone".padEnd(6)}${"down".padEnd(40)}serving`);
    for (const row of proof.table) {
        const serving = row.serving.length > 0 ? row.serving.join(", ") : "none: users get an error (never another zone)";
        out.push(`   ${row.zone.padEnd(6)}${(row.down.join(", ") || "-").padEnd(40)}${serving}${row.errors && row.serving.length > 0 ? " (some requests fail over or error)" : ""}`);
    }
    for (const leak of proof.leaks.slice(0, 20)) out.push(`   LEAK: ${leak.message}`);
    if (proof.leaks.length > 20) out.push(`   ... ${proof.leaks.length - 20} more leaks (see --json routing.leaks)`);
    return out;
}

/** The message of the exit-5 failure. */
export function routingFailureMessage(proof: RoutingProof): string {
    return `residency proof failed: ${proof.leaks.length} routing leaks; first: ${proof.leaks[0]?.message ?? "?"}`;
}
