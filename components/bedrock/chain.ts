import type { BedrockConfig, RegionConfig } from "../../config";
import { AWS_REGION_CODES, awsRegion } from "../../config/awsRegions";
import { profileGeography } from "../../functions/failover/residency";
import { failoverPath } from "../../config/regions";
import type { ChainStep, FailoverSettings, HealthCheckSettings, HealthTarget } from "../../functions/contract";

/**
 * Decisions of the Bedrock failover, as pure functions of the validated config: which (region,
 * model) steps a region's failover Lambda tries, in which order, with which deadlines; and which
 * regions a zone's data may ever be sent to.
 */

/** Every AWS region of a residency zone's jurisdiction: where its data may lawfully be processed. */
export function jurisdictionRegions(zone: string): string[] {
    return AWS_REGION_CODES.filter((code) => awsRegion(code)?.jurisdiction === zone);
}

/**
 * The chain a region's failover Lambda walks: the best model in the region itself, then the same
 * model along the region's failover path, and only then the next model. Degrading the model is a
 * bigger loss to users than a few tens of ms of cross-region latency inside the zone.
 */
export function failoverChain(start: RegionConfig, regions: readonly RegionConfig[], bedrock: BedrockConfig): ChainStep[] {
    const byCode = Object.fromEntries(regions.map((r) => [r.code, r]));
    const path = failoverPath(byCode, start.code)
        .map((code) => byCode[code])
        .filter((r) => r.residency === start.residency);
    const steps: ChainStep[] = [];
    for (const model of bedrock.models) {
        const modelId = model.modelIds[start.residency];
        if (modelId === undefined) continue;
        for (const r of path) {
            steps.push({
                region: r.code,
                modelId,
                api: model.api,
                timeoutMs: bedrock.timeoutClass === "emergency" ? r.timeouts.emergencyMs : r.timeouts.criticalMs,
                breakerThreshold: r.circuitBreaker.threshold,
                breakerCooldownMs: r.circuitBreaker.cooldownMs,
            });
        }
    }
    return steps;
}

export function failoverSettings(start: RegionConfig, regions: readonly RegionConfig[], bedrock: BedrockConfig): FailoverSettings {
    return {
        residency: start.residency,
        // Only the stack's own regions of the zone: the guard refuses anything else the chain names.
        allowedRegions: regions.filter((r) => r.residency === start.residency).map((r) => r.code),
        chain: failoverChain(start, regions, bedrock),
        hedgeDelayMs: bedrock.hedgeDelayMs,
        overallDeadlineMs: bedrock.overallDeadlineMs,
        firstTokenTimeoutMs: bedrock.firstTokenTimeoutMs,
        firstTokenHedgeMs: bedrock.firstTokenHedgeMs,
        stallTimeoutMs: bedrock.stallTimeoutMs,
        msPerOutputToken: bedrock.msPerOutputToken,
        maxOutputTokens: bedrock.maxOutputTokens,
    };
}

/** The cheapest model of the region's zone (the last in the chain order), used by health probes. */
export function probeModelId(region: RegionConfig, bedrock: BedrockConfig): string {
    const ids = bedrock.models.map((m) => m.modelIds[region.residency]).filter((id): id is string => id !== undefined);
    return ids[ids.length - 1];
}

/** The health Lambda runs once a minute (EventBridge's floor) and probes for 55 s of it. */
export const HEALTH_SCHEDULE = "rate(1 minute)";
export const HEALTH_RUN_FOR_MS = 55_000;

export interface HealthTargetEndpoint {
    readonly region: string;
    /** Base URL of the region's ingress (e.g. https://<nlb dns name>). */
    readonly endpointBaseUrl: string;
}

/**
 * What a region's health-check Lambda probes: every region of its zone (so a surviving region
 * can see a dead one), each against its own ingress endpoint and its zone's probe model.
 */
export function healthSettings(
    observer: RegionConfig,
    regions: readonly RegionConfig[],
    bedrock: BedrockConfig,
    endpoints: readonly HealthTargetEndpoint[],
    metricNamespace: string,
    route53?: HealthCheckSettings["route53"],
): HealthCheckSettings {
    const zoneRegions = regions.filter((r) => r.residency === observer.residency);
    const targets: HealthTarget[] = zoneRegions.map((r) => {
        const endpoint = endpoints.find((e) => e.region === r.code);
        if (!endpoint) throw new Error(`no ingress endpoint given for region ${r.code}`);
        return {
            region: r.code,
            endpointUrl: `${endpoint.endpointBaseUrl.replace(/\/$/, "")}${r.healthCheck.path}`,
            probeModelId: probeModelId(r, bedrock),
            probeTimeoutMs: r.timeouts.emergencyMs,
            baselineLatencyMs: r.healthCheck.latencyBaselineMs,
            weight: r.weight,
            setIdentifier: route53 ? r.code : undefined,
            failureThreshold: r.healthCheck.failureThreshold,
            recoveryThreshold: r.healthCheck.recoveryThreshold,
        };
    });
    return {
        targets,
        failureThreshold: observer.healthCheck.failureThreshold,
        recoveryThreshold: observer.healthCheck.recoveryThreshold,
        metricNamespace,
        probeIntervalMs: observer.healthCheck.intervalSeconds * 1000,
        runForMs: HEALTH_RUN_FOR_MS,
        route53,
    };
}

/**
 * The Bedrock resource ARNs a chain may invoke. A cross-region inference profile is invoked in the
 * step's region but may run the model in any region of its geography, and IAM checks the
 * foundation-model ARN in the region that serves it: so profile steps grant the profile ARN plus
 * the base model in every region of the zone's jurisdiction, and nothing outside it.
 */
export function bedrockResourceArns(chain: readonly Pick<ChainStep, "region" | "modelId">[], zone: string, accountId: string): string[] {
    const arns = new Set<string>();
    for (const step of chain) {
        const prefix = profileGeography(step.modelId);
        if (prefix === undefined) {
            arns.add(`arn:aws:bedrock:${step.region}::foundation-model/${step.modelId}`);
            continue;
        }
        arns.add(`arn:aws:bedrock:${step.region}:${accountId}:inference-profile/${step.modelId}`);
        const baseModel = step.modelId.slice(prefix.length + 1);
        for (const region of jurisdictionRegions(zone)) arns.add(`arn:aws:bedrock:${region}::foundation-model/${baseModel}`);
    }
    return [...arns].sort();
}
