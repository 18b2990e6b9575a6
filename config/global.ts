import { z } from "zod";
import type { ConfigIssue } from "./errors";
import type { RegionMapInput } from "./regions";

/**
 * Settings of the global layer (Global Accelerator, CloudFront, WAF, DynamoDB Global Tables,
 * Route 53). Owned by the GlobalLayer; every field has a safe default so a stack can omit it.
 */
export const globalSchema = z.strictObject({}).default({});

export type GlobalConfig = z.infer<typeof globalSchema>;

export function globalIssues(_global: GlobalConfig, _regions: RegionMapInput): ConfigIssue[] {
    return [];
}
