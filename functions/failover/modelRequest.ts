/**
 * What callers send and get back, independent of which API (Converse or InvokeModel) a chain step
 * uses. The request is Converse-shaped because Converse is the common denominator; steps on
 * InvokeModel translate it into their model family's native body (invokeBodies.ts).
 */
import type { InferenceConfiguration, Message, SystemContentBlock } from "@aws-sdk/client-bedrock-runtime";

export interface ModelRequest {
    readonly messages: readonly Message[];
    readonly system?: readonly SystemContentBlock[];
    readonly inferenceConfig?: InferenceConfiguration;
}

export interface ModelAnswer {
    readonly text: string;
    readonly stopReason?: string;
    readonly usage?: { readonly inputTokens?: number; readonly outputTokens?: number };
}

/** Thrown for a request that is wrong whatever the region: classified as "validation". */
export function invalidRequest(message: string): Error {
    const err = new Error(message);
    err.name = "ValidationException";
    return err;
}

/**
 * Checks the shape of an untrusted request (a Lambda event) before any region is called, so a
 * malformed one is answered at once instead of being sent to every region of the chain.
 */
export function parseModelRequest(raw: unknown): ModelRequest {
    if (typeof raw !== "object" || raw === null) throw invalidRequest("expected a JSON object with messages");
    const r = raw as { messages?: unknown; system?: unknown; inferenceConfig?: unknown };
    if (!Array.isArray(r.messages) || r.messages.length === 0) throw invalidRequest("expected messages: a non-empty array");
    r.messages.forEach((m: unknown, i: number) => {
        const msg = m as { role?: unknown; content?: unknown } | null;
        if (typeof msg !== "object" || msg === null) throw invalidRequest(`messages[${i}]: expected an object`);
        if (msg.role !== "user" && msg.role !== "assistant") throw invalidRequest(`messages[${i}].role: expected "user" or "assistant"`);
        if (!Array.isArray(msg.content) || msg.content.length === 0) throw invalidRequest(`messages[${i}].content: expected a non-empty array of content blocks`);
    });
    if (r.system !== undefined && !Array.isArray(r.system)) throw invalidRequest("system: expected an array of content blocks");
    if (r.inferenceConfig !== undefined && (typeof r.inferenceConfig !== "object" || r.inferenceConfig === null)) {
        throw invalidRequest("inferenceConfig: expected an object");
    }
    return raw as ModelRequest;
}

/** The text blocks of a message list, for models whose native API takes plain text. */
export function textOf(blocks: readonly unknown[] | undefined): string {
    return (blocks ?? [])
        .map((b) => (typeof b === "object" && b !== null && typeof (b as { text?: unknown }).text === "string" ? (b as { text: string }).text : ""))
        .filter((t) => t.length > 0)
        .join("\n");
}
