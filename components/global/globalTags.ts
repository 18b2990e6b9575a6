import { TAG } from "../tags";

/**
 * Tags of the global layer's edge resources (CloudFront, WAF, Global Accelerator, Route 53, ACM).
 * They run outside any one region and hold no zone's personal data, which is what the residency
 * policies expect them to declare: DataResidency "global" (bound to no zone), classification internal.
 */
export const GLOBAL_LAYER_TAGS: Readonly<Record<string, string>> = {
    [TAG.residency]: "global",
    [TAG.classification]: "internal",
};
