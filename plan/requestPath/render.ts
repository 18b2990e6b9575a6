import type { PathReport } from "./check";

/** The summary section: one line per path, every hop of broken ones (and of ok ones when verbose). */
export function requestPathSection(report: PathReport): string[] {
    const out: string[] = [];
    const okCount = report.paths.length - report.broken;
    out.push(`== request paths: ${okCount} ok, ${report.broken} broken (exit 4 when any is broken)`);
    for (const p of report.paths) {
        const where = p.region ? ` [${p.region}]` : "";
        out.push(`   ${p.ok ? "ok    " : "BROKEN"} ${p.kind} ${p.entry}${where}`);
        for (const h of p.hops) {
            out.push(`          ${h.ok ? "-" : "x"} ${h.hop}: ${h.from}${h.ok ? (h.to ? ` -> ${h.to}` : "") : `: ${h.problem ?? ""}`}`);
            if (!h.ok) break;
        }
    }
    return out;
}

/** The stderr line for exit 4: each broken path and the hop that broke it. */
export function brokenPathMessage(report: PathReport): string {
    const lines = report.paths.filter((p) => !p.ok).map((p) => {
        const hop = p.hops.find((h) => !h.ok);
        return `  ${p.kind} ${p.entry}${p.region ? ` [${p.region}]` : ""}: ${p.brokenHop}: ${hop?.problem ?? ""}`;
    });
    return `request-path check failed: ${report.broken} broken path(s)\n${lines.join("\n")}`;
}
