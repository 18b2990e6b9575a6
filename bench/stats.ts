/** Percentiles by nearest rank: the p-th percentile is a latency some request actually had. */
export function percentile(values: readonly number[], p: number): number {
    if (values.length === 0) return NaN;
    const sorted = [...values].sort((a, b) => a - b);
    const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
    return sorted[rank - 1];
}

/** Rounds to 0.1 ms for reports. */
export function round1(ms: number): number {
    return Math.round(ms * 10) / 10;
}
