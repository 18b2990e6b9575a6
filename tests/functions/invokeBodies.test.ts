import * as assert from "node:assert/strict";
import { invokeBody, invokeFamily, readInvokeAnswer, readInvokeStreamChunk } from "../../functions/failover/invokeBodies";
import { parseModelRequest } from "../../functions/failover/modelRequest";

describe("InvokeModel bodies", () => {
    const request = parseModelRequest({
        system: [{ text: "Be brief." }],
        messages: [{ role: "user", content: [{ text: "hello" }] }],
        inferenceConfig: { maxTokens: 64, temperature: 0.2 },
    });

    const families: Array<[string, string | undefined]> = [
        ["anthropic.claude-3-haiku-20240307-v1:0", "anthropic"],
        ["eu.anthropic.claude-3-7-sonnet-20250219-v1:0", "anthropic"],
        ["amazon.titan-text-express-v1", "titan-text"],
        ["eu.meta.llama3-2-3b-instruct-v1:0", "llama"],
        ["arn:aws:bedrock:eu-west-1::foundation-model/meta.llama3-8b-instruct-v1:0", "llama"],
        ["amazon.nova-pro-v1:0", undefined],
        ["mistral.mistral-large-2402-v1:0", undefined],
    ];
    for (const [modelId, family] of families) {
        it(`${modelId} -> ${family ?? "unsupported"}`, () => assert.equal(invokeFamily(modelId), family));
    }

    it("builds each family's native body from the Converse-shaped request", () => {
        assert.deepEqual(invokeBody("anthropic", request), {
            anthropic_version: "bedrock-2023-05-31",
            max_tokens: 64,
            system: "Be brief.",
            messages: [{ role: "user", content: [{ type: "text", text: "hello" }] }],
            temperature: 0.2,
            top_p: undefined,
            stop_sequences: undefined,
        });
        assert.equal((invokeBody("titan-text", request) as { inputText: string }).inputText, "Be brief.\n\nUser: hello\nBot:");
        assert.match((invokeBody("llama", request) as { prompt: string }).prompt, /^<\|begin_of_text\|><\|start_header_id\|>system.*Be brief\..*user<\|end_header_id\|>\n\nhello<\|eot_id\|><\|start_header_id\|>assistant/s);
    });

    it("reads native answers, and calls anything else malformed", () => {
        assert.equal(readInvokeAnswer("anthropic", { content: [{ type: "text", text: "hi" }], stop_reason: "end_turn" }).text, "hi");
        assert.equal(readInvokeAnswer("titan-text", { results: [{ outputText: "hi" }] }).text, "hi");
        assert.equal(readInvokeAnswer("llama", { generation: "hi", generation_token_count: 1 }).usage?.outputTokens, 1);
        assert.throws(() => readInvokeAnswer("llama", { text: "hi" }), { name: "MalformedResponseError" });
    });
});

describe("InvokeModelWithResponseStream chunks (each family's native streaming shape)", () => {
    it("Anthropic: text deltas, then stop reason and output tokens, input tokens from message_start", () => {
        assert.deepEqual(readInvokeStreamChunk("anthropic", { type: "message_start", message: { usage: { input_tokens: 12 } } }), [{ type: "usage", inputTokens: 12 }]);
        assert.deepEqual(readInvokeStreamChunk("anthropic", { type: "content_block_delta", delta: { type: "text_delta", text: "Hi" } }), [{ type: "text", text: "Hi" }]);
        assert.deepEqual(readInvokeStreamChunk("anthropic", { type: "message_delta", delta: { stop_reason: "end_turn" }, usage: { output_tokens: 3 } }), [
            { type: "stop", stopReason: "end_turn" },
            { type: "usage", outputTokens: 3 },
        ]);
    });

    // Titan: outputText, completionReason, inputTextTokenCount, totalOutputTextTokenCount.
    // Llama: generation, stop_reason, prompt_token_count, generation_token_count.
    const partial: Array<["titan-text" | "llama", Record<string, unknown>, Record<string, unknown>]> = [
        ["titan-text", { outputText: "Hi", completionReason: null }, { outputText: "", completionReason: "FINISH", inputTextTokenCount: 12, totalOutputTextTokenCount: 3 }],
        ["llama", { generation: "Hi", stop_reason: null }, { generation: "", stop_reason: "stop", prompt_token_count: 12, generation_token_count: 3 }],
    ];
    for (const [family, middle, last] of partial) {
        it(`${family}: text while it comes, then stop reason and both token counts; an empty chunk is nothing`, () => {
            assert.deepEqual(readInvokeStreamChunk(family, middle), [{ type: "text", text: "Hi" }]);
            assert.deepEqual(readInvokeStreamChunk(family, last), [
                { type: "stop", stopReason: family === "llama" ? "stop" : "FINISH" },
                { type: "usage", inputTokens: 12, outputTokens: 3 },
            ]);
            assert.deepEqual(readInvokeStreamChunk(family, {}), []);
            assert.deepEqual(readInvokeStreamChunk(family, null), []);
        });
    }
});

describe("parseModelRequest", () => {
    const bad: Array<[unknown, RegExp]> = [
        [null, /expected a JSON object/],
        [{}, /messages: a non-empty array/],
        [{ messages: [] }, /messages: a non-empty array/],
        [{ messages: [{ role: "system", content: [{ text: "x" }] }] }, /messages\[0\]\.role/],
        [{ messages: [{ role: "user", content: "x" }] }, /messages\[0\]\.content/],
        [{ messages: [{ role: "user", content: [{ text: "x" }] }], system: "x" }, /system: expected an array/],
    ];
    for (const [raw, message] of bad) {
        it(`refuses ${JSON.stringify(raw)}`, () => assert.throws(() => parseModelRequest(raw), { name: "ValidationException", message }));
    }
});
