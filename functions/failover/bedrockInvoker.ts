/**
 * One attempt at one chain step against the real Bedrock runtime: Converse or InvokeModel,
 * through one BedrockRuntimeClient per region with SDK retries off, bounded by an AbortSignal.
 */
import {
    BedrockRuntimeClient,
    ConverseCommand,
    InvokeModelCommand,
    type BedrockRuntimeClientConfig,
    type ContentBlock,
    type Message,
    type SystemContentBlock,
} from "@aws-sdk/client-bedrock-runtime";
import type { ChainStep } from "../contract";
import { malformedResponse } from "./errors";
import { invokeBody, invokeFamily, readInvokeAnswer, type InvokeFamily } from "./invokeBodies";
import { invalidRequest, textOf, type ModelAnswer, type ModelRequest } from "./modelRequest";

/** Calls one step; must stop when `signal` aborts. The engine's only dependency on Bedrock. */
export type ModelInvoker = (step: ChainStep, request: ModelRequest, signal: AbortSignal) => Promise<ModelAnswer>;

/** Client settings the caller may add: static credentials or a request handler in tests, nothing in Lambda. */
export type ClientExtras = Pick<BedrockRuntimeClientConfig, "credentials" | "requestHandler">;

/** The client for a region (and optional endpoint override). */
export type ClientFor = (region: string, endpointUrl?: string) => BedrockRuntimeClient;

/**
 * Clients created once per region (and endpoint) and reused for the life of the container.
 * `maxAttempts: 1`: the failover chain is the retry policy; SDK retries inside one attempt
 * would multiply its deadline. The default request handler (HTTP/2, one isolated session per
 * request) stays: a stuck session cannot poison later calls, and the abort signal bounds each.
 */
export function bedrockClients(extras: ClientExtras = {}): ClientFor {
    const clients = new Map<string, BedrockRuntimeClient>();
    return (region, endpointUrl) => {
        const key = `${region} ${endpointUrl ?? ""}`;
        let client = clients.get(key);
        if (!client) {
            client = new BedrockRuntimeClient({ region, endpoint: endpointUrl, maxAttempts: 1, ...extras });
            clients.set(key, client);
        }
        return client;
    };
}

/** The Converse / ConverseStream input for a step: the same fields either way. */
export function converseInput(step: ChainStep, request: ModelRequest): { modelId: string; messages: Message[]; system?: SystemContentBlock[]; inferenceConfig?: ModelRequest["inferenceConfig"] } {
    return {
        modelId: step.modelId,
        messages: request.messages as Message[],
        system: request.system as SystemContentBlock[] | undefined,
        inferenceConfig: request.inferenceConfig,
    };
}

/**
 * The InvokeModel / InvokeModelWithResponseStream input for a step, with the model family whose
 * body format it uses; a model with no known body format is an invalid request.
 */
export function invokeInput(step: ChainStep, request: ModelRequest): { family: InvokeFamily; input: { modelId: string; contentType: string; accept: string; body: Uint8Array } } {
    const family = invokeFamily(step.modelId);
    if (!family) throw invalidRequest(`no InvokeModel body format known for ${step.modelId}`);
    return {
        family,
        input: { modelId: step.modelId, contentType: "application/json", accept: "application/json", body: new TextEncoder().encode(JSON.stringify(invokeBody(family, request))) },
    };
}

export function bedrockInvoker(clientFor: ClientFor): ModelInvoker {
    return async (step, request, signal) => {
        const client = clientFor(step.region, step.endpointUrl);
        if (step.api === "converse") {
            const out = await client.send(new ConverseCommand(converseInput(step, request)), { abortSignal: signal });
            const content: ContentBlock[] | undefined = out.output?.message?.content;
            if (!content) throw malformedResponse("Converse answer without output.message.content");
            return { text: textOf(content), stopReason: out.stopReason, usage: { inputTokens: out.usage?.inputTokens, outputTokens: out.usage?.outputTokens } };
        }
        const { family, input } = invokeInput(step, request);
        const out = await client.send(new InvokeModelCommand(input), { abortSignal: signal });
        let body: unknown;
        try {
            body = JSON.parse(new TextDecoder().decode(out.body));
        } catch {
            throw malformedResponse(`InvokeModel answer from ${step.modelId} is not JSON`);
        }
        return readInvokeAnswer(family, body);
    };
}
