/**
 * The residency guard: a floor, not a setting. Whatever the chain says, a step is only called
 * when its region, the region inside a model ARN, the geography of its inference profile and the
 * host of its endpoint all belong to the data's zone per RESIDENCY_ZONE_REGIONS (a table in code).
 * `allowedRegions` can only narrow that floor. Names are compared case-insensitively (`US.` is the
 * `us` geography); wildcards are refused. Runs before every request, so a bad deployment cannot
 * leak data even if config validation and the policy pack were bypassed.
 */
import type { ChainStep, FailoverSettings } from "../contract";
import { zoneRegions } from "../residencyZones";

/**
 * Geography prefixes of cross-region inference profiles and the residency zone each keeps data
 * in. The one copy: config validation imports it from here (functions/ imports nothing back).
 */
export const INFERENCE_PROFILE_ZONES: Readonly<Record<string, string>> = {
    eu: "eu",
    us: "us",
    "us-gov": "us",
    apac: "apac",
    jp: "apac",
    au: "apac",
    ca: "ca",
};

export type ResidencyVerdict = { readonly allowed: true } | { readonly allowed: false; readonly reason: string };

export type ResidencySettings = Pick<FailoverSettings, "residency" | "allowedRegions" | "allowGlobalInferenceProfiles" | "loopbackEndpointsForTests">;

/** Loopback hosts a test may point a step at (only with `loopbackEndpointsForTests`). */
const LOOPBACK_HOSTS: readonly string[] = ["127.0.0.1", "localhost", "[::1]"];

export function residencyVerdict(step: Pick<ChainStep, "region" | "modelId" | "endpointUrl">, settings: ResidencySettings): ResidencyVerdict {
    const zone = settings.residency.trim().toLowerCase();
    const region = step.region.trim().toLowerCase();
    const refuse = (reason: string): ResidencyVerdict => ({ allowed: false, reason });
    for (const [what, value] of [["region", step.region], ["modelId", step.modelId], ["endpointUrl", step.endpointUrl ?? ""]] as const) {
        if (/[*?]/.test(value)) return refuse(`${what} ${JSON.stringify(value)} contains a wildcard; residency needs exact names`);
    }
    const floor = zoneRegions(zone);
    if (floor.length === 0) return refuse(`"${settings.residency}" is not a known residency zone; no region may serve it`);
    if (!floor.includes(region)) {
        return refuse(`${step.region} is outside the "${zone}" residency zone (its regions: ${floor.join(", ")})`);
    }
    const narrowed = settings.allowedRegions.map((r) => r.trim().toLowerCase());
    if (!narrowed.includes(region)) {
        return refuse(`${step.region} is not an allowed region for "${zone}" data (allowed: ${settings.allowedRegions.join(", ")})`);
    }
    const arnRegion = modelArnRegion(step.modelId);
    if (arnRegion !== undefined && arnRegion !== region) {
        return refuse(`${step.modelId} names region ${arnRegion || "(none)"}, not the step's region ${step.region}`);
    }
    const geography = profileGeography(step.modelId);
    if (geography === "global" && !settings.allowGlobalInferenceProfiles) {
        return refuse(`${step.modelId} is a global inference profile, which may process "${zone}" data in any region`);
    }
    if (geography !== undefined && geography !== "global" && INFERENCE_PROFILE_ZONES[geography] !== zone) {
        return refuse(`${step.modelId} routes inference through the "${geography}" geography, outside "${zone}"`);
    }
    if (step.endpointUrl !== undefined) {
        const endpoint = endpointVerdict(step.endpointUrl, region, settings.loopbackEndpointsForTests === true);
        if (endpoint !== undefined) return refuse(endpoint);
    }
    return { allowed: true };
}

/**
 * Why an endpoint URL may not carry the step's traffic, or undefined. Allowed hosts are the
 * step region's Bedrock runtime endpoints (https://docs.aws.amazon.com/bedrock/latest/userguide/endpoints.html:
 * `bedrock-runtime.{region}.amazonaws.com`, plus its FIPS twin) and that region's interface VPC
 * endpoint names (`vpce-...bedrock-runtime.{region}.vpce.amazonaws.com`, AWS PrivateLink). Loopback
 * is refused unless the settings carry the test-only flag, which no component ever sets.
 */
export function endpointVerdict(endpointUrl: string, region: string, allowLoopback: boolean): string | undefined {
    let url: URL;
    try {
        url = new URL(endpointUrl);
    } catch {
        return `endpointUrl ${JSON.stringify(endpointUrl)} is not a URL`;
    }
    const host = url.hostname.toLowerCase();
    if (LOOPBACK_HOSTS.includes(host)) {
        return allowLoopback ? undefined : `endpointUrl ${endpointUrl} is a loopback address, allowed only in tests`;
    }
    if (url.protocol !== "https:") return `endpointUrl ${endpointUrl} is not https`;
    const r = region.replace(/\./g, "\\.");
    const regional = new RegExp(`^(bedrock-runtime|bedrock-runtime-fips)\\.${r}\\.amazonaws\\.com$`);
    const vpce = new RegExp(`^vpce-[a-z0-9-]+(\\.[a-z0-9-]+)?\\.bedrock-runtime\\.${r}\\.vpce\\.amazonaws\\.com$`);
    if (regional.test(host) || vpce.test(host)) return undefined;
    return `endpointUrl host ${host} is not a Bedrock runtime endpoint of ${region}`;
}

/** The region inside a Bedrock ARN (lower case, "" when the ARN has none); undefined for a plain ID. */
export function modelArnRegion(modelId: string): string | undefined {
    if (!/^arn:/i.test(modelId)) return undefined;
    const parts = modelId.split(":");
    return (parts[3] ?? "").toLowerCase();
}

/** "eu" for `eu.anthropic.claude-...` or `EU.` (or its ARN), "global" for `global.`, undefined for a plain model ID. */
export function profileGeography(modelId: string): string | undefined {
    const id = modelId.slice(modelId.lastIndexOf("/") + 1);
    const first = id.split(".")[0].toLowerCase();
    return first === "global" || Object.prototype.hasOwnProperty.call(INFERENCE_PROFILE_ZONES, first) ? first : undefined;
}
