/**
 * The residency guard: whatever the chain says, a step is only called when both the region it
 * runs in and the geography its inference profile routes through belong to the data's zone.
 * Runs before every request, so a bad deployment cannot leak data even if the policy pack was
 * bypassed.
 */
import type { ChainStep, FailoverSettings } from "../contract";

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

export function residencyVerdict(step: ChainStep, settings: Pick<FailoverSettings, "residency" | "allowedRegions" | "allowGlobalInferenceProfiles">): ResidencyVerdict {
    if (!settings.allowedRegions.includes(step.region)) {
        return { allowed: false, reason: `${step.region} is not an allowed region for "${settings.residency}" data (allowed: ${settings.allowedRegions.join(", ")})` };
    }
    const geography = profileGeography(step.modelId);
    if (geography === "global" && !settings.allowGlobalInferenceProfiles) {
        return { allowed: false, reason: `${step.modelId} is a global inference profile, which may process "${settings.residency}" data in any region` };
    }
    if (geography !== undefined && geography !== "global" && INFERENCE_PROFILE_ZONES[geography] !== settings.residency) {
        return { allowed: false, reason: `${step.modelId} routes inference through the "${geography}" geography, outside "${settings.residency}"` };
    }
    return { allowed: true };
}

/** "eu" for `eu.anthropic.claude-...` (or its ARN), "global" for `global.`, undefined for a plain model ID. */
export function profileGeography(modelId: string): string | undefined {
    const id = modelId.slice(modelId.lastIndexOf("/") + 1);
    const first = id.split(".")[0];
    return first === "global" || Object.prototype.hasOwnProperty.call(INFERENCE_PROFILE_ZONES, first) ? first : undefined;
}
