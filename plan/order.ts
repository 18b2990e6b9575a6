import type { PlannedResource } from "./model";

/**
 * The order the plan reports resources in, the same in every run of the same config (so that
 * `--json` can be diffed in CI). Registration order is not: it follows how the program's
 * asynchronous work interleaves. Resources go by region, in the stack's region order (primary
 * first, as the summary lists them; then any other region and "global", by name), then by URN,
 * which is unique.
 */
export function stableResourceOrder(resources: readonly PlannedResource[], regionOrder: readonly string[] = []): PlannedResource[] {
    const rank = (region: string) => {
        const i = regionOrder.indexOf(region);
        return i < 0 ? regionOrder.length : i;
    };
    return [...resources].sort((a, b) => rank(a.region) - rank(b.region) || compareStrings(a.region, b.region) || compareStrings(a.urn, b.urn));
}

/** Code-unit order: unlike localeCompare, independent of the machine's locale and ICU data. */
function compareStrings(a: string, b: string): number {
    return a < b ? -1 : a > b ? 1 : 0;
}
