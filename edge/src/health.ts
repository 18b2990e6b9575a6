/**
 * The region's health as /healthz reports it. Each dependency is checked by opening a TCP
 * connection to it (database, cache, the failover function URL's host): reachability from this
 * pod through its security groups and DNS, without credentials, without load on the dependency
 * and without invoking (and paying for) the function. The answer is cached briefly because every
 * NLB node and Route 53 checker probes each target independently.
 *
 * Semantics: 200 when every dependency is reachable; 503 when any is not (the NLB stops sending
 * to the pod, and Route 53 / Global Accelerator mark the region down when every pod is). The body
 * lists each check with its latency or error either way.
 */
import { connect } from "node:net";

export interface Dependency {
    readonly name: string;
    readonly host: string;
    readonly port: number;
}

export interface CheckResult {
    readonly name: string;
    readonly ok: boolean;
    readonly latencyMs: number;
    readonly error?: string;
}

export interface HealthReport {
    readonly status: "ok" | "unavailable";
    readonly checks: readonly CheckResult[];
}

export function tcpCheck(dep: Dependency, timeoutMs: number, now: () => number = Date.now): Promise<CheckResult> {
    const started = now();
    return new Promise((resolve) => {
        const socket = connect({ host: dep.host, port: dep.port });
        const finish = (error?: string) => {
            socket.removeAllListeners();
            socket.on("error", () => undefined);
            socket.destroy();
            resolve({ name: dep.name, ok: error === undefined, latencyMs: now() - started, ...(error ? { error } : {}) });
        };
        socket.setTimeout(timeoutMs, () => finish(`no connection within ${timeoutMs} ms`));
        socket.once("connect", () => finish());
        socket.once("error", (err) => finish(err.message));
    });
}

/** The dependency behind a URL: its host and port (443 for https). */
export function urlDependency(name: string, url: string): Dependency {
    const u = new URL(url);
    return { name, host: u.hostname, port: u.port ? Number(u.port) : u.protocol === "https:" ? 443 : 80 };
}

export function report(checks: readonly CheckResult[]): HealthReport {
    return { status: checks.every((c) => c.ok) ? "ok" : "unavailable", checks };
}

/** Runs every check at most once per `ttlMs`; concurrent probes share one run. */
export class HealthChecker {
    private last?: { at: number; report: HealthReport };
    private inflight?: Promise<HealthReport>;

    constructor(
        private readonly deps: readonly Dependency[],
        private readonly timeoutMs: number,
        private readonly ttlMs: number,
        private readonly now: () => number = Date.now,
    ) {}

    async check(): Promise<HealthReport> {
        if (this.last && this.now() - this.last.at < this.ttlMs) return this.last.report;
        this.inflight ??= Promise.all(this.deps.map((d) => tcpCheck(d, this.timeoutMs, this.now)))
            .then((results) => {
                const r = report(results);
                this.last = { at: this.now(), report: r };
                return r;
            })
            .finally(() => (this.inflight = undefined));
        return this.inflight;
    }
}
