import { z } from "zod";
import type { ConfigIssue } from "./errors";
import type { RegionMapInput } from "./regions";

/** Settings for operations: deployments, drills, dashboards, alarms and budgets. */
export const operationsSchema = z.strictObject({}).default({});

export type OperationsConfig = z.infer<typeof operationsSchema>;

export function operationsIssues(_operations: OperationsConfig, _regions: RegionMapInput): ConfigIssue[] {
    return [];
}
