import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BedrockConfig, EnvironmentConfig, OperationsConfig, RegionConfig } from "../../config";
import type { RegionalProviders } from "../providers";
import { regionAlarms, type AlarmSpec } from "./alarms";
import type { AlertRouting } from "./alertTopics";
import { budgetAmount, regionBudgets } from "./budgets";
import { dashboardBody } from "./dashboard";
import type { ReplicatedTable } from "./metrics";
import { alarmName, budgetName, dashboardName } from "./names";

export interface ObservabilityArgs {
    readonly environment: EnvironmentConfig;
    /** The stack's regions, primary first (the dashboard lives in the primary). */
    readonly regions: readonly RegionConfig[];
    readonly bedrock: BedrockConfig;
    readonly operations: OperationsConfig;
    readonly providers: RegionalProviders;
    /** Where every alarm and budget notification of a region goes (an AlertTopics). */
    readonly alertTopics: AlertRouting;
    /** DynamoDB global tables (GlobalLayer's tablePlan + table names) whose replication lag to watch. */
    readonly replicatedTables?: readonly ReplicatedTable<pulumi.Input<string>>[];
}

/**
 * Per stack: one CloudWatch dashboard across all regions; per region: the alarms of the seeds'
 * alert levels (critical, warning, info) routed to the region's alert topic, and an AWS Budget
 * when the config gives the region an amount.
 */
export class Observability extends pulumi.ComponentResource {
    readonly dashboardName: pulumi.Output<string>;
    /** Console link to the dashboard. */
    readonly dashboardUrl: pulumi.Output<string>;
    /** Alarm ARNs per region code, by alarm name. */
    readonly alarmArns: Readonly<Record<string, Readonly<Record<string, pulumi.Output<string>>>>>;
    /** Budget names per region code (regions without an amount are absent). */
    readonly budgetNames: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: ObservabilityArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("ai-platform:operations:Observability", name, {}, opts);
        const { environment, regions } = args;
        if (regions.length === 0) throw new Error("Observability: expected at least one region");

        const alarmArns: Record<string, Record<string, pulumi.Output<string>>> = {};
        for (const region of regions) {
            const topicArn = args.alertTopics.topicArnFor(region.code);
            const specs = regionAlarms({ region, regions, bedrock: args.bedrock, alerts: args.operations.alerts, replicatedTables: args.replicatedTables });
            const arns: Record<string, pulumi.Output<string>> = {};
            for (const spec of specs) {
                const alarm = this.alarm(name, region, spec, topicArn, args);
                arns[alarm.name] = alarm.arn;
            }
            alarmArns[region.code] = arns;
        }
        this.alarmArns = alarmArns;

        const home = regions[0];
        const homeOpts = { parent: this, provider: args.providers.forRegion(home) };
        const dashboard = new aws.cloudwatch.Dashboard(`${name}-dashboard`, {
            dashboardName: dashboardName(environment),
            dashboardBody: pulumi.all((args.replicatedTables ?? []).map((t) => pulumi.output(t.name))).apply((names) =>
                JSON.stringify(dashboardBody({
                    title: `${dashboardName(environment)}: multi-region AI platform`,
                    regions,
                    bedrock: args.bedrock,
                    homeRegion: home.code,
                    replicatedTables: (args.replicatedTables ?? []).map((t, i) => ({ label: t.label, name: names[i], regions: t.regions })),
                })),
            ),
        }, homeOpts);
        this.dashboardName = dashboard.dashboardName;
        this.dashboardUrl = dashboard.dashboardName.apply((n) => `https://${home.code}.console.aws.amazon.com/cloudwatch/home?region=${home.code}#dashboards:name=${n}`);

        // AWS Budgets is a global service; the budget filters on the region's costs.
        const budgetNames: Record<string, pulumi.Output<string>> = {};
        const globalOpts = { parent: this, provider: args.providers.forGlobalServices() };
        for (const budget of regionBudgets(regions, args.operations.budgets)) {
            const topicArn = args.alertTopics.topicArnFor(budget.regionCode);
            const b = new aws.budgets.Budget(`${name}-budget-${budget.regionCode}`, {
                name: budgetName(environment, budget.regionCode),
                budgetType: "COST",
                timeUnit: "MONTHLY",
                limitAmount: budgetAmount(budget.monthlyUsd),
                limitUnit: "USD",
                costFilters: [{ name: "Region", values: [budget.regionCode] }],
                notifications: budget.notifications.map((n) => ({ ...n, subscriberSnsTopicArns: [topicArn] })),
            }, globalOpts);
            budgetNames[budget.regionCode] = b.name;
        }
        this.budgetNames = budgetNames;

        this.registerOutputs({ dashboardName: this.dashboardName, dashboardUrl: this.dashboardUrl, alarmArns: this.alarmArns, budgetNames: this.budgetNames });
    }

    private alarm(name: string, region: RegionConfig, spec: AlarmSpec, topicArn: pulumi.Output<string>, args: ObservabilityArgs): { name: string; arn: pulumi.Output<string> } {
        const physicalName = alarmName(args.environment, region.code, `${spec.severity}-${spec.key}`);
        const source: Partial<aws.cloudwatch.MetricAlarmArgs> = spec.metric
            ? {
                namespace: spec.metric.namespace,
                metricName: spec.metric.metricName,
                dimensions: spec.metric.dimensions,
                statistic: spec.metric.statistic,
                extendedStatistic: spec.metric.extendedStatistic,
                period: spec.period,
            }
            : { metricQueries: (spec.queries ?? []).map((q) => ({ ...q })) };
        const alarm = new aws.cloudwatch.MetricAlarm(`${name}-${region.code}-${spec.key}`, {
            name: physicalName,
            alarmDescription: `[${spec.severity.toUpperCase()}] ${spec.description}`,
            ...source,
            evaluationPeriods: spec.evaluationPeriods,
            threshold: spec.threshold,
            comparisonOperator: spec.comparisonOperator,
            treatMissingData: spec.treatMissingData,
            alarmActions: [topicArn],
            okActions: spec.notifyOnRecovery ? [topicArn] : [],
            tags: { Severity: spec.severity },
        }, { parent: this, provider: args.providers.forRegion(region) });
        return { name: physicalName, arn: alarm.arn };
    }
}
