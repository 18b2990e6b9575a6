import type { OperationsConfig, RegionConfig } from "../../config";

/**
 * Per-region AWS Budgets as data. The configured amount is the region's expected monthly cost,
 * so the notifications read as the seeds' levels: 80% actual and 100% forecast are early
 * warnings, 200% actual is the seeds' "Cost Spike: > 200% of baseline".
 */

export interface BudgetNotificationSpec {
    readonly notificationType: "ACTUAL" | "FORECASTED";
    readonly comparisonOperator: "GREATER_THAN";
    readonly threshold: number;
    readonly thresholdType: "PERCENTAGE";
}

export interface BudgetSpec {
    readonly regionCode: string;
    readonly monthlyUsd: number;
    readonly notifications: readonly BudgetNotificationSpec[];
}

export const BUDGET_NOTIFICATIONS: readonly BudgetNotificationSpec[] = [
    { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 80, thresholdType: "PERCENTAGE" },
    { notificationType: "FORECASTED", comparisonOperator: "GREATER_THAN", threshold: 100, thresholdType: "PERCENTAGE" },
    { notificationType: "ACTUAL", comparisonOperator: "GREATER_THAN", threshold: 200, thresholdType: "PERCENTAGE" },
];

/** Budgets of the stack's regions that have an amount configured, in region order. */
export function regionBudgets(regions: readonly Pick<RegionConfig, "code">[], budgets: OperationsConfig["budgets"]): BudgetSpec[] {
    return regions
        .filter((r) => budgets[r.code] !== undefined)
        .map((r) => ({ regionCode: r.code, monthlyUsd: budgets[r.code], notifications: BUDGET_NOTIFICATIONS }));
}

/** Budgets want the amount as a decimal string. */
export function budgetAmount(usd: number): string {
    return usd.toFixed(2);
}
