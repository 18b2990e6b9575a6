/**
 * After the first token: relays a committed stream to the client and decides how it ended. A gap
 * between chunks longer than the stall timeout (local event-loop lag discounted), an error, or an
 * end without the model's stop event is a failure: the caller answers it with `event: error`,
 * never with a silently truncated success. No failover here: the client already has text.
 */
import type { StopReason } from "./deadline";
import { classifyError, type FailureKind } from "./errors";
import { lagAwareTimer, type LoopLag } from "./lag";
import type { StreamStart } from "./streamInvoker";

export interface StreamUsage {
    readonly inputTokens?: number;
    readonly outputTokens?: number;
}

export type PumpResult =
    | { readonly ok: true; readonly stopReason?: string; readonly usage: StreamUsage; readonly tokens: number }
    | { readonly ok: false; readonly kind: FailureKind | "deadline"; readonly detail: string; readonly usage: StreamUsage; readonly tokens: number };

export interface PumpOptions {
    readonly stallTimeoutMs: number;
    readonly lag: LoopLag;
    /** The invocation must end by then (Lambda's remaining time less a margin). */
    readonly budgetMs: number;
    /** Aborts the underlying call. */
    readonly abort: (reason: StopReason) => void;
}

type Race = { readonly kind: "item"; readonly result: IteratorResult<unknown> } | { readonly kind: "error"; readonly err: unknown } | { readonly kind: "stall" } | { readonly kind: "budget" };

export async function pumpStream(start: StreamStart, onText: (text: string) => void, options: PumpOptions): Promise<PumpResult> {
    let stopReason: string | undefined;
    let stopped = false;
    let tokens = 0;
    let usage: StreamUsage = {};
    const started = performance.now();
    const consume = (value: unknown): void => {
        const e = value as StreamStart["head"][number];
        if (e.type === "text") {
            if (e.text.length > 0) {
                tokens++;
                onText(e.text);
            }
        } else if (e.type === "stop") {
            stopped = true;
            stopReason = e.stopReason;
        } else {
            usage = { inputTokens: e.inputTokens ?? usage.inputTokens, outputTokens: e.outputTokens ?? usage.outputTokens };
        }
    };
    for (const e of start.head) consume(e);
    const failed = (kind: FailureKind | "deadline", detail: string): PumpResult => ({ ok: false, kind, detail, usage, tokens });
    for (;;) {
        const budgetLeft = options.budgetMs - (performance.now() - started);
        const race = await new Promise<Race>((resolve) => {
            // Declared before use: the closure serializer cannot see a const used before its declaration.
            let stall: { cancel(): void } | undefined;
            let budget: ReturnType<typeof setTimeout> | undefined;
            const done = (r: Race): void => {
                stall?.cancel();
                clearTimeout(budget);
                resolve(r);
            };
            stall = lagAwareTimer(options.stallTimeoutMs, options.lag, () => done({ kind: "stall" }));
            budget = setTimeout(() => done({ kind: "budget" }), Math.max(0, budgetLeft));
            start.rest.next().then(
                (result) => done({ kind: "item", result }),
                (err: unknown) => done({ kind: "error", err }),
            );
        });
        switch (race.kind) {
            case "stall":
                options.abort("stalled");
                return failed("stalled", `no chunk for ${options.stallTimeoutMs} ms after ${tokens} tokens`);
            case "budget":
                options.abort("overall-deadline");
                return failed("deadline", `the invocation's time ran out after ${tokens} tokens`);
            case "error": {
                options.abort("cancelled");
                const verdict = classifyError(race.err, false);
                return failed(verdict.kind, verdict.detail);
            }
            case "item":
                if (race.result.done) {
                    return stopped ? { ok: true, stopReason, usage, tokens } : failed("incomplete-stream", `stream ended after ${tokens} tokens without the model's stop event`);
                }
                consume(race.result.value);
        }
    }
}
