/**
 * One streaming attempt at one chain step: ConverseStream, or InvokeModelWithResponseStream for
 * `invoke` steps, normalised to a few events. The attempt "commits" at its first text: the promise
 * settles with what came so far (`head`) and the rest of the stream, so the engine can race
 * attempts on time to first token and fail over freely until then.
 */
import { ConverseStreamCommand, InvokeModelWithResponseStreamCommand } from "@aws-sdk/client-bedrock-runtime";
import type { ChainStep } from "../contract";
import { converseInput, invokeInput, type ClientFor } from "./bedrockInvoker";
import { incompleteStream, malformedResponse } from "./errors";
import { readInvokeStreamChunk, type InvokeFamily } from "./invokeBodies";
import type { ModelRequest } from "./modelRequest";

export type StreamEvent =
    | { readonly type: "text"; readonly text: string }
    | { readonly type: "stop"; readonly stopReason?: string }
    | { readonly type: "usage"; readonly inputTokens?: number; readonly outputTokens?: number };

export interface StreamStart {
    /** Every event up to and including the first text (or the stop of an empty answer). */
    readonly head: readonly StreamEvent[];
    /** The rest of the stream; ends after the model's last event (or when the call is aborted). */
    readonly rest: AsyncIterator<StreamEvent>;
}

/** Opens a stream at one step; settles at its first text; must stop when `signal` aborts. */
export type StreamInvoker = (step: ChainStep, request: ModelRequest, signal: AbortSignal) => Promise<StreamStart>;

export function bedrockStreamInvoker(clientFor: ClientFor): StreamInvoker {
    return async (step, request, signal) => {
        const client = clientFor(step.region, step.endpointUrl);
        if (step.api === "converse") {
            const out = await client.send(new ConverseStreamCommand(converseInput(step, request)), { abortSignal: signal });
            if (!out.stream) throw malformedResponse("ConverseStream answer without a stream");
            return openStream(converseEvents(out.stream as AsyncIterable<Record<string, unknown>>));
        }
        const { family, input } = invokeInput(step, request);
        const out = await client.send(new InvokeModelWithResponseStreamCommand(input), { abortSignal: signal });
        if (!out.body) throw malformedResponse("InvokeModelWithResponseStream answer without a body");
        return openStream(invokeEvents(family, out.body as AsyncIterable<Record<string, unknown>>));
    };
}

/** Reads events until the first text; an answer that stops without text commits at its stop. */
export async function openStream(events: AsyncIterator<StreamEvent>): Promise<StreamStart> {
    const head: StreamEvent[] = [];
    for (;;) {
        const next = await events.next();
        if (next.done) {
            if (head.some((e) => e.type === "stop")) return { head, rest: events };
            throw incompleteStream("stream ended before its first token");
        }
        head.push(next.value);
        if (next.value.type === "text" && next.value.text.length > 0) return { head, rest: events };
    }
}

/**
 * An exception event inside the stream (ThrottlingException, ModelStreamErrorException...) as
 * the error the classifier knows; the SDK usually throws these itself, this covers both.
 */
function streamException(item: Record<string, unknown>): Error | undefined {
    const key = Object.keys(item).find((k) => k.endsWith("Exception"));
    if (key === undefined) return undefined;
    const body = item[key] as { message?: unknown } | undefined;
    const err = new Error(typeof body?.message === "string" ? body.message : key);
    err.name = key.charAt(0).toUpperCase() + key.slice(1);
    return err;
}

export async function* converseEvents(stream: AsyncIterable<Record<string, unknown>>): AsyncGenerator<StreamEvent> {
    for await (const item of stream) {
        const exception = streamException(item);
        if (exception) throw exception;
        const delta = (item.contentBlockDelta as { delta?: { text?: unknown } } | undefined)?.delta;
        if (typeof delta?.text === "string") yield { type: "text", text: delta.text };
        const stop = item.messageStop as { stopReason?: string } | undefined;
        if (stop) yield { type: "stop", stopReason: stop.stopReason };
        const usage = (item.metadata as { usage?: { inputTokens?: number; outputTokens?: number } } | undefined)?.usage;
        if (usage) yield { type: "usage", inputTokens: usage.inputTokens, outputTokens: usage.outputTokens };
    }
}

export async function* invokeEvents(family: InvokeFamily, stream: AsyncIterable<Record<string, unknown>>): AsyncGenerator<StreamEvent> {
    const decoder = new TextDecoder();
    for await (const item of stream) {
        const exception = streamException(item);
        if (exception) throw exception;
        const bytes = (item.chunk as { bytes?: Uint8Array } | undefined)?.bytes;
        if (!bytes) continue;
        let chunk: unknown;
        try {
            chunk = JSON.parse(decoder.decode(bytes));
        } catch {
            throw malformedResponse("InvokeModelWithResponseStream chunk is not JSON");
        }
        yield* readInvokeStreamChunk(family, chunk);
    }
}
