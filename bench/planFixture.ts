import * as fs from "fs";
import * as path from "path";
import { stringify } from "yaml";
import { parsePlatformConfig, type PlatformConfig } from "../config";
import { projectConfigFrom } from "../config/load";
import { readStackConfigFile } from "../config/stackFile";

/**
 * The plan bench's 16-region stack (bench/fixtures/Pulumi.bench16.yaml) and its first-N-region
 * subsets for the scaling figures. The fixture lists regions in failover pairs, so every even
 * prefix is closed under failover; a subset keeps those regions, shares 100 % of the weight out
 * in proportion to the fixture's weights, and drops what names a region or zone it no longer
 * has (budgets, tables, model IDs), so each subset is a config the product accepts.
 */

export const BENCH_STACK = "bench16";
export const BENCH_FIXTURE = path.resolve(__dirname, "fixtures", "Pulumi.bench16.yaml");
/**
 * The stack is prod-like (production: true, a domain). Prod's policy settings are read from the stack config; the fixture's one-country zones (jp, in) are
 * not in the pack's default zone table, so its residency policies get them here (policy-pack/README.md).
 */
export const BENCH_POLICY_CONFIG = path.resolve(__dirname, "fixtures", "policy-bench16.json");

type Raw = Record<string, unknown>;
interface RawRegion extends Raw {
    weight: number;
    residency: string;
}

/** The flat `namespace:key -> string` config of the fixture cut to its first `count` regions. */
export function benchConfig(count: number): Record<string, string> {
    const flat = readStackConfigFile(BENCH_FIXTURE);
    const regions = JSON.parse(flat["ai-platform:regions"]) as Record<string, RawRegion>;
    const codes = Object.keys(regions);
    if (!Number.isInteger(count) || count < 2 || count > codes.length || count % 2 !== 0) {
        throw new Error(`a bench subset needs an even number of regions from 2 to ${codes.length}, got ${count}`);
    }
    const kept = codes.slice(0, count);
    const weights = shareOut(kept.map((c) => regions[c].weight));
    const keptRegions = Object.fromEntries(kept.map((c, i) => [c, { ...regions[c], weight: weights[i] }]));
    const zones = new Set(kept.map((c) => regions[c].residency));

    const bedrock = JSON.parse(flat["ai-platform:bedrock"]) as { models: Array<{ modelIds: Record<string, string> }> };
    const models = bedrock.models
        .map((m) => ({ ...m, modelIds: Object.fromEntries(Object.entries(m.modelIds).filter(([zone]) => zones.has(zone))) }))
        .filter((m) => Object.keys(m.modelIds).length > 0);
    const global = JSON.parse(flat["ai-platform:global"]) as { tables: Array<{ residency: string }> };
    const operations = JSON.parse(flat["ai-platform:operations"]) as { budgets: Record<string, number> };

    return {
        ...flat,
        "ai-platform:regions": JSON.stringify(keptRegions),
        "ai-platform:bedrock": JSON.stringify({ ...bedrock, models }),
        "ai-platform:global": JSON.stringify({ ...global, tables: global.tables.filter((t) => zones.has(t.residency)) }),
        "ai-platform:operations": JSON.stringify({ ...operations, budgets: Object.fromEntries(Object.entries(operations.budgets).filter(([c]) => c in keptRegions)) }),
    };
}

/** The validated subset (throws ConfigError naming the key if the fixture or a subset is invalid). */
export function benchPlatformConfig(count: number): PlatformConfig {
    return parsePlatformConfig(projectConfigFrom(benchConfig(count)));
}

/** Writes the subset as a stack file for `npm run plan -- --config FILE`. */
export function writeBenchStackFile(count: number, dir: string): string {
    const flat = benchConfig(count);
    const config = Object.fromEntries(Object.entries(flat).map(([k, v]) => [k, k.startsWith("ai-platform:") ? JSON.parse(v) : v]));
    const file = path.join(dir, `Pulumi.${BENCH_STACK}-${count}.yaml`);
    fs.writeFileSync(file, stringify({ config }));
    return file;
}

/** Integer percentages summing to 100, proportional to `weights` (largest remainder). */
export function shareOut(weights: readonly number[]): number[] {
    const total = weights.reduce((a, b) => a + b, 0);
    if (total <= 0) throw new Error("expected some positive weight");
    const exact = weights.map((w) => (w * 100) / total);
    const shares = exact.map(Math.floor);
    let left = 100 - shares.reduce((a, b) => a + b, 0);
    const byRemainder = exact.map((x, i) => [x - Math.floor(x), i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]);
    for (const [, i] of byRemainder) {
        if (left === 0) break;
        shares[i] += 1;
        left -= 1;
    }
    return shares;
}
