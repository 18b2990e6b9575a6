import { invokeFamily, INVOKE_FAMILIES } from "../functions/failover/invokeBodies";
import type { BedrockConfig } from "./bedrock";
import type { EnvironmentConfig } from "./environment";
import type { ConfigIssue } from "./errors";
import type { RegionMapInput } from "./regions";
import { tagCountIssues, tagIssues } from "./tags";

/**
 * AWS service limits a config value can exceed, checked before anything is declared so a stack
 * fails at the plan (exit 2) instead of halfway through `pulumi up`. Each cites its source.
 */
export const AWS_LIMITS = {
    /** Lambda quotas: function timeout 900 seconds (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html). */
    lambdaTimeoutSeconds: 900,
    /** ElastiCache (Redis OSS/Valkey): a shard has 1 primary and up to 5 replicas (https://docs.aws.amazon.com/AmazonElastiCache/latest/dg/Replication.html). */
    cacheNodesPerShard: 6,
    /** Route 53 CreateHealthCheck HealthCheckConfig.ResourcePath: at most 255 characters (https://docs.aws.amazon.com/Route53/latest/APIReference/API_HealthCheckConfig.html). */
    healthCheckPathLength: 255,
} as const;

/** Seconds the failover Lambda's timeout adds over the handler's own deadline (components/bedrock). */
export const LAMBDA_TIMEOUT_MARGIN_SECONDS = 5;

/**
 * Bedrock model identifiers: a model ID (`provider.model[:version]`), an inference profile
 * (`<geo>.provider.model...`), or an ARN of a foundation model, (application) inference profile,
 * provisioned or custom model (Bedrock API reference, InvokeModel/Converse `modelId`).
 */
const MODEL_ID = /^(?:arn:aws[a-z-]*:bedrock:[a-z0-9-]*:\d{0,12}:(?:foundation-model|inference-profile|application-inference-profile|provisioned-model|custom-model)\/[A-Za-z0-9][A-Za-z0-9.:/_-]*|[a-z0-9-]+(?:\.[a-z0-9-]+)+(?:[A-Za-z0-9.:_-]*))$/;

export function limitIssues(c: { environment: EnvironmentConfig; regions: RegionMapInput; bedrock: BedrockConfig }): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const maxDeadlineMs = (AWS_LIMITS.lambdaTimeoutSeconds - LAMBDA_TIMEOUT_MARGIN_SECONDS) * 1000;
    if (c.bedrock.overallDeadlineMs > maxDeadlineMs) {
        issues.push({ key: "bedrock.overallDeadlineMs", message: `expected at most ${maxDeadlineMs} (the failover Lambda's timeout is this plus ${LAMBDA_TIMEOUT_MARGIN_SECONDS} s, and Lambda allows ${AWS_LIMITS.lambdaTimeoutSeconds} s)` });
    }
    for (const [code, r] of Object.entries(c.regions)) {
        if (r.sizing.cache.nodes > AWS_LIMITS.cacheNodesPerShard) {
            issues.push({ key: `regions.${code}.sizing.cache.nodes`, message: `expected at most ${AWS_LIMITS.cacheNodesPerShard} (ElastiCache: one primary and up to 5 replicas per shard), got ${r.sizing.cache.nodes}` });
        }
        if (r.healthCheck.path.length > AWS_LIMITS.healthCheckPathLength) {
            issues.push({ key: `regions.${code}.healthCheck.path`, message: `expected at most ${AWS_LIMITS.healthCheckPathLength} characters (Route 53 ResourcePath), got ${r.healthCheck.path.length}` });
        }
    }
    c.bedrock.models.forEach((model, i) => {
        for (const [zone, modelId] of Object.entries(model.modelIds)) {
            const k = `bedrock.models[${i}].modelIds.${zone}`;
            if (/[*?]/.test(modelId)) {
                issues.push({ key: k, message: `"${modelId}" is a wildcard; expected one exact model ID, inference profile ID or ARN` });
            } else if (!MODEL_ID.test(modelId)) {
                issues.push({ key: k, message: `"${modelId}" is not a Bedrock model ID (provider.model), inference profile ID (geo.provider.model) or Bedrock ARN` });
            } else if (model.api === "invoke" && invokeFamily(modelId) === undefined) {
                issues.push({ key: k, message: `api: invoke has no request body adapter for "${modelId}" (adapters: ${INVOKE_FAMILIES.join(", ")}); use api: converse or a model of those families` });
            }
        }
    });
    issues.push(...tagIssues(c.environment.tags, "environment.tags"));
    issues.push(...tagCountIssues([{ where: "environment.tags", tags: c.environment.tags }]));
    return issues;
}
