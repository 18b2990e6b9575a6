/** A plain-text table: right-aligned numbers, left-aligned text, one header rule. */
export function renderTable(headers: readonly string[], rows: ReadonlyArray<ReadonlyArray<string | number | boolean>>): string {
    const cells = rows.map((row) => row.map((c) => String(c)));
    const widths = headers.map((h, i) => Math.max(h.length, ...cells.map((row) => row[i]?.length ?? 0)));
    const numeric = headers.map((_, i) => rows.every((row) => typeof row[i] === "number"));
    const line = (row: readonly string[]): string => row.map((c, i) => (numeric[i] ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join("  ").trimEnd();
    return [line(headers), widths.map((w) => "-".repeat(w)).join("  "), ...cells.map(line)].join("\n");
}
