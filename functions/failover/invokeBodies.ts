/**
 * InvokeModel speaks each model family's native JSON. These adapters translate the Converse-shaped
 * request into that body and the native answer back, for the chain steps configured with
 * `api: "invoke"` (fallback models whose Converse support is missing or limited).
 */
import { malformedResponse } from "./errors";
import { textOf, type ModelAnswer, type ModelRequest } from "./modelRequest";

export type InvokeFamily = "anthropic" | "titan-text" | "llama";

export const INVOKE_FAMILIES: readonly InvokeFamily[] = ["anthropic", "titan-text", "llama"];

const DEFAULT_MAX_TOKENS = 512;

/** Model family of a model ID, inference-profile ID (`eu.anthropic...`) or ARN; undefined if unsupported. */
export function invokeFamily(modelId: string): InvokeFamily | undefined {
    const id = modelId.slice(modelId.lastIndexOf("/") + 1);
    const parts = id.split(".");
    // Inference profiles put a geography first: eu.anthropic.claude-..., us.meta.llama3-...
    const [provider, model = ""] = parts.length > 2 && !["anthropic", "amazon", "meta"].includes(parts[0]) ? parts.slice(1) : parts;
    if (provider === "anthropic") return "anthropic";
    if (provider === "amazon" && model.startsWith("titan-text")) return "titan-text";
    if (provider === "meta" && model.startsWith("llama")) return "llama";
    return undefined;
}

export function invokeBody(family: InvokeFamily, request: ModelRequest): unknown {
    const config = request.inferenceConfig ?? {};
    const maxTokens = config.maxTokens ?? DEFAULT_MAX_TOKENS;
    switch (family) {
        case "anthropic":
            return {
                anthropic_version: "bedrock-2023-05-31",
                max_tokens: maxTokens,
                system: textOf(request.system) || undefined,
                messages: request.messages.map((m) => ({ role: m.role, content: [{ type: "text", text: textOf(m.content) }] })),
                temperature: config.temperature,
                top_p: config.topP,
                stop_sequences: config.stopSequences,
            };
        case "titan-text":
            return {
                inputText: `${systemPrefix(request)}${request.messages.map((m) => `${m.role === "user" ? "User" : "Bot"}: ${textOf(m.content)}`).join("\n")}\nBot:`,
                textGenerationConfig: { maxTokenCount: maxTokens, temperature: config.temperature, topP: config.topP, stopSequences: config.stopSequences },
            };
        case "llama":
            return { prompt: llama3Prompt(request), max_gen_len: maxTokens, temperature: config.temperature, top_p: config.topP };
    }
}

/** Reads a native answer; throws a malformed-response error (so the chain moves on) if it is not one. */
export function readInvokeAnswer(family: InvokeFamily, body: unknown): ModelAnswer {
    const b = (typeof body === "object" && body !== null ? body : {}) as Record<string, unknown>;
    switch (family) {
        case "anthropic": {
            const content = Array.isArray(b.content) ? b.content : undefined;
            if (!content) throw malformedResponse("anthropic answer without content[]");
            const usage = (b.usage ?? {}) as { input_tokens?: number; output_tokens?: number };
            return { text: textOf(content), stopReason: stringOr(b.stop_reason), usage: { inputTokens: usage.input_tokens, outputTokens: usage.output_tokens } };
        }
        case "titan-text": {
            const first = Array.isArray(b.results) ? (b.results[0] as { outputText?: unknown; completionReason?: unknown; tokenCount?: number } | undefined) : undefined;
            if (!first || typeof first.outputText !== "string") throw malformedResponse("titan answer without results[0].outputText");
            return { text: first.outputText, stopReason: stringOr(first.completionReason), usage: { inputTokens: numberOr(b.inputTextTokenCount), outputTokens: first.tokenCount } };
        }
        case "llama":
            if (typeof b.generation !== "string") throw malformedResponse("llama answer without generation");
            return { text: b.generation, stopReason: stringOr(b.stop_reason), usage: { inputTokens: numberOr(b.prompt_token_count), outputTokens: numberOr(b.generation_token_count) } };
    }
}

function systemPrefix(request: ModelRequest): string {
    const system = textOf(request.system);
    return system ? `${system}\n\n` : "";
}

/** Llama 3 chat template (https://www.llama.com/docs/model-cards-and-prompt-formats/meta-llama-3/). */
function llama3Prompt(request: ModelRequest): string {
    const turn = (role: string, text: string): string => `<|start_header_id|>${role}<|end_header_id|>\n\n${text}<|eot_id|>`;
    const system = textOf(request.system);
    return `<|begin_of_text|>${system ? turn("system", system) : ""}${request.messages.map((m) => turn(m.role ?? "user", textOf(m.content))).join("")}<|start_header_id|>assistant<|end_header_id|>\n\n`;
}

function stringOr(v: unknown): string | undefined {
    return typeof v === "string" ? v : undefined;
}

function numberOr(v: unknown): number | undefined {
    return typeof v === "number" ? v : undefined;
}

/** A streamed event in the shapes streamInvoker.ts uses (declared here to avoid an import cycle). */
export type InvokeStreamEvent =
    | { readonly type: "text"; readonly text: string }
    | { readonly type: "stop"; readonly stopReason?: string }
    | { readonly type: "usage"; readonly inputTokens?: number; readonly outputTokens?: number };

/**
 * One InvokeModelWithResponseStream chunk in the family's native streaming shape: Anthropic
 * Messages events (content_block_delta / message_delta / message_stop), Titan and Llama partial
 * results whose completion reason marks the end.
 */
export function readInvokeStreamChunk(family: InvokeFamily, chunk: unknown): InvokeStreamEvent[] {
    const c = (typeof chunk === "object" && chunk !== null ? chunk : {}) as Record<string, unknown>;
    const events: InvokeStreamEvent[] = [];
    switch (family) {
        case "anthropic": {
            const delta = (c.delta ?? {}) as { text?: unknown; stop_reason?: unknown };
            if (c.type === "content_block_delta" && typeof delta.text === "string") events.push({ type: "text", text: delta.text });
            if (c.type === "message_delta") {
                const usage = (c.usage ?? {}) as { output_tokens?: number };
                events.push({ type: "stop", stopReason: stringOr(delta.stop_reason) });
                events.push({ type: "usage", outputTokens: usage.output_tokens });
            }
            if (c.type === "message_start") {
                const usage = ((c.message as { usage?: { input_tokens?: number } } | undefined)?.usage ?? {});
                if (usage.input_tokens !== undefined) events.push({ type: "usage", inputTokens: usage.input_tokens });
            }
            return events;
        }
        case "titan-text":
        case "llama": {
            const f = PARTIAL_RESULT_FIELDS[family];
            const text = c[f.text];
            if (typeof text === "string" && text.length > 0) events.push({ type: "text", text });
            const stopReason = c[f.stopReason];
            if (typeof stopReason === "string") {
                events.push({ type: "stop", stopReason });
                events.push({ type: "usage", inputTokens: numberOr(c[f.inputTokens]), outputTokens: numberOr(c[f.outputTokens]) });
            }
            return events;
        }
    }
}

/** The fields of a streamed partial result, per family (a reason to stop marks the last chunk). */
const PARTIAL_RESULT_FIELDS = {
    "titan-text": { text: "outputText", stopReason: "completionReason", inputTokens: "inputTextTokenCount", outputTokens: "totalOutputTextTokenCount" },
    llama: { text: "generation", stopReason: "stop_reason", inputTokens: "prompt_token_count", outputTokens: "generation_token_count" },
} as const;
