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
    /** Everything together, all attempts, must finish within this. */
    overallDeadlineMs: positiveInt("a positive integer (milliseconds)"),
    /**
     * Reserved concurrency for the health-check Lambda (1 = never two runs at once). Off by
     * default: a new account's concurrency quota is 10 and Lambda keeps at least 100 unreserved
     * (PutFunctionConcurrency), so any reservation fails there. Without it, no retries and a
     * timeout below the schedule period keep runs from overlapping; turn it on once the
     * account's quota is raised (the plan's preflight lists it).
     */
    healthCheckReservedConcurrency: positiveInt("a positive integer (concurrent executions)").optional(),
});

export type BedrockConfig = z.infer<typeof bedrockSchema>;
export type BedrockModelConfig = z.infer<typeof modelSchema>;


export function bedrockIssues(bedrock: BedrockConfig, regions: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    if (bedrock.hedgeDelayMs >= bedrock.overallDeadlineMs) {
        issues.push({ key: "bedrock.hedgeDelayMs", message: `expected less than overallDeadlineMs (${bedrock.overallDeadlineMs}), got ${bedrock.hedgeDelayMs}` });
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
