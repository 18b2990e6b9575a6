import { MAX_DRILL_MINUTES } from "../../config/operations";
import type { RegionConfig, RegionRole } from "../../config";
import { policyDocument, type PolicyDocument } from "../iamDocument";
import { METRICS } from "./metrics";

/**
 * The DR drills as data: which faults, how often (the seeds' daily / weekly / monthly failover
 * tests), what the experiment role may do, and the Automation that fails the Bedrock path.
 *
 * FIS can break a region's network (aws:network:disrupt-connectivity on its private subnets) but
 * not Bedrock: its aws:fis:inject-api-* actions accept only the ec2 and kinesis namespaces. So the
 * Bedrock drill runs an SSM Automation (aws:ssm:start-automation-execution) that raises the
 * region's fault flag (see functions/drills/faultFlag.ts) for the drill's duration; the failover and health
 * functions of that region honour it.
 */

export type DrillScenario = "bedrock-outage" | "region-isolation";
export type DrillCadence = "daily" | "weekly" | "monthly";

export interface ScenarioInfo {
    /** The seed's name for the test this drill runs. */
    readonly seedTest: string;
    readonly what: string;
    /** Recovery objectives the seeds set for it; tagged on the template so results can be judged. */
    readonly expectedRtoSeconds: number;
    readonly expectedRpoSeconds: number;
}

export const DRILL_SCENARIOS: Readonly<Record<DrillScenario, ScenarioInfo>> = {
    "bedrock-outage": {
        seedTest: "Emergency Operation Failover",
        what: "Bedrock calls from the region fail; requests must fail over along the chain",
        expectedRtoSeconds: 15,
        expectedRpoSeconds: 1,
    },
    "region-isolation": {
        seedTest: "Disaster Recovery Drill",
        what: "All traffic in and out of the region's private subnets is dropped; Route 53 and Global Accelerator must move traffic away",
        expectedRtoSeconds: 30,
        expectedRpoSeconds: 5,
    },
};

/**
 * Seeds: daily "Emergency Operation Failover" (the primary's Bedrock path), weekly "Failover
 * Simulation" (the same fault elsewhere), monthly "Disaster Recovery Drill" (full region loss).
 */
export function drillCadence(scenario: DrillScenario, role: RegionRole): DrillCadence {
    if (scenario === "region-isolation") return "monthly";
    return role === "primary" ? "daily" : "weekly";
}

/** ISO-8601 duration, as FIS and SSM want it. */
export function isoMinutes(minutes: number): string {
    if (!Number.isInteger(minutes) || minutes < 1) throw new Error(`expected a positive whole number of minutes, got ${minutes}`);
    return `PT${minutes}M`;
}

/**
 * The regions that guard a drill in `region`: its failover target, where the traffic goes. If
 * that region is down too, the drill would turn into an outage, so FIS stops it.
 */
export function guardRegions(region: Pick<RegionConfig, "code" | "failoverTarget">): string[] {
    return region.failoverTarget !== region.code ? [region.failoverTarget] : [];
}

export interface GuardAlarmSpec {
    readonly key: string;
    readonly description: string;
    readonly namespace: string;
    readonly metricName: string;
    readonly dimensions: Readonly<Record<string, string>>;
    readonly statistic: "Minimum";
    readonly period: number;
    readonly evaluationPeriods: number;
    readonly threshold: number;
    readonly comparisonOperator: "LessThanThreshold";
    readonly treatMissingData: "breaching";
}

/**
 * A stop-condition alarm for drills in `drillRegion`, in that region: FIS stop conditions take
 * alarms of the experiment's own region. It watches the failover target's health as the drilled
 * region's health checker sees it (every checker publishes the health of its whole zone, in its
 * own region). Faster than the paging alarms (2 minutes) and with no notification: FIS reads it.
 * No data counts as down: a drill must not go on blind.
 */
export function drillGuardAlarm(drillRegion: string, target: string): GuardAlarmSpec {
    return {
        key: `drill-guard-${target}-health`,
        description: `Stops DR drills in ${drillRegion} when ${target}, where its traffic fails over to, is unhealthy too`,
        namespace: METRICS.health.namespace,
        metricName: METRICS.health.healthy,
        dimensions: { [METRICS.health.dimension]: target },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 2,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "breaching",
    };
}

export function drillTags(scenario: DrillScenario, region: Pick<RegionConfig, "code" | "role">, minutes: number): Record<string, string> {
    const info = DRILL_SCENARIOS[scenario];
    return {
        DrillScenario: scenario,
        DrillCadence: drillCadence(scenario, region.role),
        DrillSeedTest: info.seedTest,
        DrillTargetRegion: region.code,
        DrillDurationMinutes: String(minutes),
        DrillExpectedRtoSeconds: String(info.expectedRtoSeconds),
        DrillExpectedRpoSeconds: String(info.expectedRpoSeconds),
    };
}

/** Allowed values of the Automation's minutes parameter: 1..MAX_DRILL_MINUTES, nothing else. */
export function minutesPattern(max = MAX_DRILL_MINUTES): string {
    return `^(${Array.from({ length: max }, (_, i) => String(i + 1)).join("|")})$`;
}

export interface AutomationDocument {
    readonly schemaVersion: "0.3";
    readonly description: string;
    readonly assumeRole: string;
    readonly parameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
    readonly mainSteps: readonly Readonly<Record<string, unknown>>[];
}

/**
 * Raises the flag, holds it, lowers it. Cancelling (FIS stop condition) or a failure jumps to the
 * lowering step; if even that never runs, the flag expires by itself after its minutes. (The space
 * before the JSON's closing brace keeps it apart from the `}}` ending SSM's parameter reference.)
 */
export function bedrockFaultAutomation(parameterName: string): AutomationDocument {
    const put = (value: string) => ({ Service: "ssm", Api: "PutParameter", Name: parameterName, Type: "String", Overwrite: true, Value: value });
    return {
        schemaVersion: "0.3",
        description: `DR drill: mark this region's Bedrock path as failing for a bounded time (flag ${parameterName}).`,
        assumeRole: "{{ AutomationAssumeRole }}",
        parameters: {
            AutomationAssumeRole: { type: "String", description: "Role that may write the fault flag" },
            FaultMinutes: { type: "String", description: `How long the fault lasts (1-${MAX_DRILL_MINUTES} minutes)`, allowedPattern: minutesPattern() },
        },
        mainSteps: [
            { name: "raiseFault", action: "aws:executeAwsApi", inputs: put('{"fault":"bedrock-unavailable","minutes":{{ FaultMinutes }} }') },
            { name: "holdFault", action: "aws:sleep", inputs: { Duration: "PT{{ FaultMinutes }}M" }, onFailure: "step:clearFault", onCancel: "step:clearFault" },
            { name: "clearFault", action: "aws:executeAwsApi", inputs: put('{"fault":"none"}'), isEnd: true },
        ],
    };
}

export interface DrillRoleInput {
    readonly accountId: string;
    readonly partition: string;
    /** Regions that have drills. */
    readonly regions: readonly string[];
    /** Exact ARNs of the subnets the network drills may isolate. */
    readonly subnetArns: readonly string[];
    readonly documentName: string;
    readonly automationRoleArn: string;
}

/**
 * The FIS experiment role: exactly the permissions of its two actions
 * (AWS managed policies AWSFaultInjectionSimulatorNetworkAccess / SSMAccess, narrowed to this
 * account, these regions, these subnets and this document).
 */
export function fisRolePolicy(input: DrillRoleInput): PolicyDocument {
    const { accountId, partition } = input;
    const inRegions = (resource: string) => input.regions.map((r) => `arn:${partition}:ec2:${r}:${accountId}:${resource}`);
    const ssmArn = (resource: string) => input.regions.map((r) => `arn:${partition}:ssm:${r}:${accountId}:${resource}`);
    return policyDocument([
        {
            Sid: "CloneNetworkAclsTaggedForFis",
            Effect: "Allow",
            Action: "ec2:CreateNetworkAcl",
            Resource: [...inRegions("network-acl/*"), ...inRegions("vpc/*")],
            Condition: { StringEquals: { "aws:RequestTag/managedByFIS": "true" } },
        },
        {
            Sid: "TagTheClonesOnCreation",
            Effect: "Allow",
            Action: "ec2:CreateTags",
            Resource: inRegions("network-acl/*"),
            Condition: { StringEquals: { "ec2:CreateAction": "CreateNetworkAcl", "aws:RequestTag/managedByFIS": "true" } },
        },
        {
            Sid: "EditAndDeleteOnlyFisClones",
            Effect: "Allow",
            Action: ["ec2:CreateNetworkAclEntry", "ec2:DeleteNetworkAcl"],
            Resource: [...inRegions("network-acl/*"), ...inRegions("vpc/*")],
            Condition: { StringEquals: { "ec2:ResourceTag/managedByFIS": "true" } },
        },
        {
            Sid: "SwapAclsOnTheDrilledSubnetsOnly",
            Effect: "Allow",
            Action: "ec2:ReplaceNetworkAclAssociation",
            Resource: [...input.subnetArns, ...inRegions("network-acl/*")],
        },
        {
            Sid: "ReadNetworkLayout",
            Effect: "Allow",
            Action: ["ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs", "ec2:DescribeManagedPrefixLists", "ec2:GetManagedPrefixListEntries"],
            Resource: "*",
        },
        {
            Sid: "RunTheBedrockFaultAutomation",
            Effect: "Allow",
            Action: "ssm:StartAutomationExecution",
            Resource: ssmArn(`automation-definition/${input.documentName}:*`),
        },
        {
            Sid: "FollowAndStopThatAutomation",
            Effect: "Allow",
            Action: ["ssm:GetAutomationExecution", "ssm:StopAutomationExecution"],
            Resource: ssmArn("automation-execution/*"),
        },
        {
            Sid: "HandTheAutomationItsRole",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: input.automationRoleArn,
            Condition: { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } },
        },
    ]);
}

/** The Automation's role: write the fault flag of the drill regions, nothing else. */
export function automationRolePolicy(input: { accountId: string; partition: string; regions: readonly string[]; parameterName: string }): PolicyDocument {
    return policyDocument([
        {
            Sid: "WriteTheBedrockFaultFlag",
            Effect: "Allow",
            Action: "ssm:PutParameter",
            Resource: input.regions.map((r) => `arn:${input.partition}:ssm:${r}:${input.accountId}:parameter${input.parameterName}`),
        },
    ]);
}

/** Trust policy for a role assumed by an AWS service on behalf of this account only. */
export function serviceTrustPolicy(service: string, accountId: string): PolicyDocument {
    return policyDocument([
        {
            Effect: "Allow",
            Principal: { Service: service },
            Action: "sts:AssumeRole",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}
