import { z } from "zod";
import type { ConfigIssue } from "./errors";
import { nonEmptyString, positiveInt } from "./primitives";
import type { RegionMapInput } from "./regions";
import { INFERENCE_PROFILE_ZONES, profileGeography } from "../functions/failover/residency";

export { INFERENCE_PROFILE_ZONES };

const modelSchema = z.strictObject({
    /** Short name for logs and the plan, e.g. claude-sonnet. */
    name: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, { error: "expected a short lowercase name like claude-sonnet" }),
    /** Converse for chat models; InvokeModel for models whose body format Converse does not cover. */
    api: z.enum(["converse", "invoke"], { error: "expected converse or invoke" }),
    /** Model or inference-profile ID to use for each residency zone. */
    modelIds: z.record(z.string(), nonEmptyString("a Bedrock model ID or inference profile ID")),
});

export const bedrockSchema = z.strictObject({
    /** Ordered best-first: the failover chain tries every region with the first model before degrading. */
    models: z.array(modelSchema).min(1, { error: "expected at least one model" }),
    /** Which per-region timeout applies to a model call. */
    timeoutClass: z.enum(["emergency", "critical"], { error: "expected emergency or critical" }).default("emergency"),
    /** Start the next region after this long instead of waiting out the whole timeout. */
    hedgeDelayMs: positiveInt("a positive integer (milliseconds)"),
    /** Everything together, all attempts, must finish within this (streaming: until the first token). */
    overallDeadlineMs: positiveInt("a positive integer (milliseconds)"),
    /**
     * Streaming: an attempt with no text after this long has failed. The seeds quote 200-500 ms
     * to first token, so 3 s means a region in trouble, not a busy one.
     */
    firstTokenTimeoutMs: positiveInt("a positive integer (milliseconds)").default(3000),
    /**
     * Streaming: start the next step when no text came after this long: just above the time to
     * first token's p99 (the seeds' 200-500 ms, plus margin), so healthy streams are not hedged.
     */
    firstTokenHedgeMs: positiveInt("a positive integer (milliseconds)").default(700),
    /** Streaming: a gap between chunks longer than this, after the first token, is a stall. */
    stallTimeoutMs: positiveInt("a positive integer (milliseconds)").default(3000),
    /**
     * Buffered calls: per requested output token, added to each step's timeout, the hedge delay
     * and the overall deadline (30 ms = ~33 tokens/s, the slow end of a large model's output rate).
     */
    msPerOutputToken: z.number({ error: "expected a non-negative integer (milliseconds)" }).int({ error: "expected a non-negative integer (milliseconds)" }).min(0, { error: "expected a non-negative integer (milliseconds)" }).default(30),
    /** Largest maxTokens a request may ask for; an absent maxTokens is scaled as this. */
    maxOutputTokens: positiveInt("a positive integer (tokens)").default(4096),
    /**
     * Reserved concurrency for the health-check Lambda (1 = never two runs at once). Off by
     * default: a new account's concurrency quota is 10 and Lambda keeps at least 100 unreserved
     * (PutFunctionConcurrency), so any reservation fails there. Without it, no retries and a
     * timeout below the schedule period keep runs from overlapping; turn it on once the
     * account's quota is raised (the plan's preflight lists it).
     */
    healthCheckReservedConcurrency: positiveInt("a positive integer (concurrent executions)").optional(),
});

/** Lambda's longest timeout (https://docs.aws.amazon.com/lambda/latest/dg/configuration-timeout.html): 900 s. */
export const LAMBDA_MAX_TIMEOUT_SECONDS = 900;

/**
 * The failover Lambda's timeout: the overall deadline plus the longest answer the settings allow
 * (streamed or buffered), plus 5 s for the handler to report. The handler keeps its own deadlines;
 * this is the backstop.
 */
export function failoverLambdaTimeoutSeconds(bedrock: Pick<BedrockConfig, "overallDeadlineMs" | "maxOutputTokens" | "msPerOutputToken">): number {
    return Math.ceil((bedrock.overallDeadlineMs + bedrock.maxOutputTokens * bedrock.msPerOutputToken) / 1000) + 5;
}

export type BedrockConfig = z.infer<typeof bedrockSchema>;
export type BedrockModelConfig = z.infer<typeof modelSchema>;


export function bedrockIssues(bedrock: BedrockConfig, regions: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (bedrock.hedgeDelayMs >= bedrock.overallDeadlineMs) {
        issues.push({ key: "bedrock.hedgeDelayMs", message: `expected less than overallDeadlineMs (${bedrock.overallDeadlineMs}), got ${bedrock.hedgeDelayMs}` });
    }
    if (bedrock.firstTokenHedgeMs >= bedrock.firstTokenTimeoutMs) {
        issues.push({ key: "bedrock.firstTokenHedgeMs", message: `expected less than firstTokenTimeoutMs (${bedrock.firstTokenTimeoutMs}), got ${bedrock.firstTokenHedgeMs}` });
    }
    if (bedrock.firstTokenTimeoutMs >= bedrock.overallDeadlineMs) {
        issues.push({ key: "bedrock.firstTokenTimeoutMs", message: `expected less than overallDeadlineMs (${bedrock.overallDeadlineMs}), got ${bedrock.firstTokenTimeoutMs}` });
    }
    const timeout = failoverLambdaTimeoutSeconds(bedrock);
    if (timeout > LAMBDA_MAX_TIMEOUT_SECONDS) {
        issues.push({ key: "bedrock.maxOutputTokens", message: `overallDeadlineMs + maxOutputTokens x msPerOutputToken needs a ${timeout} s Lambda timeout, above Lambda's ${LAMBDA_MAX_TIMEOUT_SECONDS} s; expected fewer tokens or fewer ms per token` });
    }
    const zones = new Set(Object.values(regions).map((r) => r.residency));
    const personalZones = new Set(Object.values(regions).filter((r) => r.personalData).map((r) => r.residency));
    bedrock.models.forEach((model, i) => {
        for (const [zone, modelId] of Object.entries(model.modelIds)) {
            const k = `bedrock.models[${i}].modelIds.${zone}`;
            if (!zones.has(zone)) {
                issues.push({ key: k, message: `no region in this stack has residency "${zone}" (zones: ${[...zones].join(", ")})` });
                continue;
            }
            const prefix = profileGeography(modelId);
            if (prefix === "global" && personalZones.has(zone)) {
                issues.push({ key: k, message: `"${modelId}" is a global inference profile, which may process data outside zone "${zone}"; expected a "${zone}." profile or a regional model ID` });
            } else if (prefix !== undefined && prefix !== "global" && INFERENCE_PROFILE_ZONES[prefix] !== zone) {
                issues.push({ key: k, message: `"${modelId}" routes inference through the "${prefix}" geography, outside zone "${zone}"` });
            }
        }
    });
    for (const zone of zones) {
        if (!bedrock.models.some((m) => m.modelIds[zone] !== undefined)) {
            issues.push({ key: "bedrock.models", message: `no model has a modelIds.${zone} entry, so regions in zone "${zone}" would have no model to call` });
        }
    }
    return issues;
}
