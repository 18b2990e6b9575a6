/**
 * The settings each Lambda receives through its environment, as JSON. They are the contract
 * between the Pulumi components (which write them), the handlers in functions/ (which read them)
 * and the policy pack (which checks them for residency before anything is deployed).
 * Plain data only: no Pulumi import, so this file serializes into the Lambda untouched.
 */

/** Environment variable holding a JSON `FailoverSettings`. */
export const FAILOVER_SETTINGS_ENV = "BEDROCK_FAILOVER_SETTINGS";
/** Environment variable holding a JSON `HealthCheckSettings`. */
export const HEALTH_SETTINGS_ENV = "HEALTH_CHECK_SETTINGS";

export type ResidencyZone = string;
export type BedrockApi = "converse" | "invoke";

/** One step of the failover chain: a model served from a region. */
export interface ChainStep {
    readonly region: string;
    /** Bedrock model ID or inference-profile ID (e.g. `eu.anthropic.claude-...`). */
    readonly modelId: string;
    readonly api: BedrockApi;
    /** Hard deadline for one attempt at this step. */
    readonly timeoutMs: number;
    /** Consecutive failures that open this region's circuit breaker. */
    readonly breakerThreshold: number;
    /** How long an open breaker waits before letting one probe through. */
    readonly breakerCooldownMs: number;
    /**
     * Endpoint to call instead of the region's public Bedrock runtime endpoint, e.g. the DNS name
     * of a VPC interface endpoint. Absent: the SDK's regional endpoint. (Tests point it at a fake.)
     */
    readonly endpointUrl?: string;
}

export interface FailoverSettings {
    /** Residency zone of the data this function serves, e.g. "eu". */
    readonly residency: ResidencyZone;
    /** Regions allowed for that zone; the residency guard refuses any other. */
    readonly allowedRegions: readonly string[];
    readonly chain: readonly ChainStep[];
    /** Start the next step this long after the previous one, unless it already answered. */
    readonly hedgeDelayMs: number;
    /** Nothing may take longer than this, all attempts together. */
    readonly overallDeadlineMs: number;
    /**
     * Whether `global.` cross-region inference profiles may be called. They process data in any
     * commercial region, so the residency guard refuses them unless the zone holds no personal
     * data and the component says so here. Absent: refused.
     */
    readonly allowGlobalInferenceProfiles?: boolean;
    /**
     * Streaming: an attempt that has sent no text within this long has failed (timeout) and
     * counts against its region; the next step may already be running (firstTokenHedgeMs).
     */
    readonly firstTokenTimeoutMs: number;
    /** Streaming: start the next step when the current one has sent no text after this long. */
    readonly firstTokenHedgeMs: number;
    /**
     * Streaming: after the first token, a gap longer than this between chunks is a stall: the
     * stream ends with `event: error` and the stall counts against the region.
     */
    readonly stallTimeoutMs: number;
    /**
     * Buffered calls: per requested output token, this much is added to each step's timeout, to
     * the hedge delay and to the overall deadline, so a long answer is not mistaken for a slow region. 0 turns the scaling off.
     */
    readonly msPerOutputToken: number;
    /** Largest `inferenceConfig.maxTokens` accepted; also what an absent maxTokens is scaled as. */
    readonly maxOutputTokens: number;
    /**
     * Test-only: lets steps point `endpointUrl` at 127.0.0.1 / localhost (fake regions). No
     * component sets it; without it the guard refuses any endpoint outside the step's region.
     */
    readonly loopbackEndpointsForTests?: boolean;
}

export interface HealthTarget {
    readonly region: string;
    /** HTTPS URL of the region's ingress health endpoint. */
    readonly endpointUrl: string;
    /** Bedrock model probed in this region (cheap, e.g. a small model). */
    readonly probeModelId: string;
    readonly probeTimeoutMs: number;
    /** Expected probe latency; above 150% of it the region counts as degraded. */
    readonly baselineLatencyMs: number;
    /** Route 53 weight for the region when healthy (from the config map). */
    readonly weight: number;
    /** Route 53 record set identifier of the region's weighted record, when a zone exists. */
    readonly setIdentifier?: string;
    /** Per-region override of `HealthCheckSettings.failureThreshold` (the config map sets it per region). */
    readonly failureThreshold?: number;
    /** Per-region override of `HealthCheckSettings.recoveryThreshold`. */
    readonly recoveryThreshold?: number;
    /** Bedrock runtime endpoint override for the probe (VPC interface endpoint; a fake in tests). */
    readonly bedrockEndpointUrl?: string;
}

export interface HealthCheckSettings {
    readonly targets: readonly HealthTarget[];
    /** Consecutive failed probes before a region is marked down. */
    readonly failureThreshold: number;
    /** Consecutive good probes before a down region is marked up again. */
    readonly recoveryThreshold: number;
    /** CloudWatch namespace the per-region health metrics go to. */
    readonly metricNamespace: string;
    /**
     * Time between probe rounds. One scheduled invocation probes in a loop at this interval
     * (EventBridge schedules cannot fire more often than once a minute); seed value 10000,
     * Route 53's fast health-check interval.
     */
    readonly probeIntervalMs: number;
    /**
     * How long one invocation keeps probing: a little less than the schedule period (e.g. 55000
     * for rate(1 minute)), so invocations do not overlap. The Lambda timeout must exceed it.
     */
    readonly runForMs: number;
    /** Hosted zone and record for planned drains through the Route 53 API; absent without a domain. */
    readonly route53?: {
        readonly hostedZoneId: string;
        readonly recordName: string;
        readonly recordType: "A" | "AAAA" | "CNAME";
    };
}
