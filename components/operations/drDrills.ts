import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, OperationsConfig, RegionConfig } from "../../config";
import type { RegionalProviders } from "../providers";
import { bedrockFaultParameterName, NO_FAULT } from "../../functions/drills/faultFlag";
import { automationRolePolicy, bedrockFaultAutomation, DRILL_SCENARIOS, drillGuardAlarm, drillTags, fisRolePolicy, guardRegions, isoMinutes, serviceTrustPolicy, type DrillScenario } from "./drills";
import { alarmName, bedrockFaultDocumentName, regionPrefix } from "./names";

export interface DrDrillsArgs {
    readonly environment: EnvironmentConfig;
    readonly regions: readonly RegionConfig[];
    /** `drills.durationMinutes` bounds every fault. */
    readonly operations: OperationsConfig;
    readonly providers: RegionalProviders;
    /** Private (application) subnet IDs per region code, from RegionalStack: what region isolation cuts off. */
    readonly privateSubnetIds: Readonly<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
    /**
     * More alarms that stop a region's drills (at most 4 per region; alarms of that region), e.g.
     * the failover Lambda's error alarm: requests failing everywhere means the drill went too far.
     */
    readonly extraStopAlarmArns?: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
}

/** FIS allows five stop conditions per template; one is the target-health guard. */
const MAX_EXTRA_STOP_ALARMS = 4;

/**
 * AWS FIS experiment templates per region so the seeds' daily / weekly / monthly failover tests
 * can be run for real: `bedrock-outage` (the region's Bedrock path fails, via the fault flag) and
 * `region-isolation` (its private subnets lose all connectivity). Each is bounded by
 * `drills.durationMinutes` and stopped by the alarms of the region it fails over to. Nothing runs
 * until someone starts an experiment (README.md, "Running a drill").
 */
export class DrDrills extends pulumi.ComponentResource {
    /** Experiment template IDs per region code and scenario: what `aws fis start-experiment` takes. */
    readonly templateIds: Readonly<Record<string, Readonly<Record<DrillScenario, pulumi.Output<string>>>>>;
    readonly experimentRoleArn: pulumi.Output<string>;
    /** SSM parameter (same name in every region) the Bedrock functions read; see functions/drills/faultFlag.ts. */
    readonly faultParameterName: string;

    constructor(name: string, args: DrDrillsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("ai-platform:operations:DrDrills", name, {}, opts);
        const { environment, regions } = args;
        const minutes = args.operations.drills.durationMinutes;
        const parameterName = bedrockFaultParameterName(environment.name);
        const documentName = bedrockFaultDocumentName(environment);
        this.faultParameterName = parameterName;

        for (const region of regions) {
            if (args.privateSubnetIds[region.code] === undefined) {
                throw new Error(`DrDrills: no private subnet IDs for region "${region.code}"; pass privateSubnetIds for every region`);
            }
            if ((args.extraStopAlarmArns?.[region.code]?.length ?? 0) > MAX_EXTRA_STOP_ALARMS) {
                throw new Error(`DrDrills: at most ${MAX_EXTRA_STOP_ALARMS} extra stop alarms per region (FIS allows 5 stop conditions), got more for "${region.code}"`);
            }
        }

        const globalOpts = { parent: this, provider: args.providers.forGlobalServices() };
        const accountId = aws.getCallerIdentityOutput({}, globalOpts).accountId;
        const partition = aws.getPartitionOutput({}, globalOpts).partition;
        const regionCodes = regions.map((r) => r.code);

        // ---- roles (IAM is global) -----------------------------------------------------
        const automationRole = new aws.iam.Role(`${name}-automation-role`, {
            description: `SSM Automation of the ${environment.name} Bedrock drill: writes the fault flag`,
            assumeRolePolicy: accountId.apply((id) => JSON.stringify(serviceTrustPolicy("ssm.amazonaws.com", id))),
        }, globalOpts);
        new aws.iam.RolePolicy(`${name}-automation-policy`, {
            role: automationRole.name,
            policy: pulumi.all([accountId, partition]).apply(([id, p]) => JSON.stringify(automationRolePolicy({ accountId: id, partition: p, regions: regionCodes, parameterName }))),
        }, globalOpts);

        const subnetArns = pulumi
            .all([accountId, partition, pulumi.all(regions.map((r) => pulumi.output(args.privateSubnetIds[r.code])))])
            .apply(([id, p, idsPerRegion]) => regions.flatMap((r, i) => idsPerRegion[i].map((subnetId) => `arn:${p}:ec2:${r.code}:${id}:subnet/${subnetId}`)));
        const experimentRole = new aws.iam.Role(`${name}-fis-role`, {
            description: `AWS FIS experiments of the ${environment.name} DR drills`,
            assumeRolePolicy: accountId.apply((id) => JSON.stringify(serviceTrustPolicy("fis.amazonaws.com", id))),
        }, globalOpts);
        new aws.iam.RolePolicy(`${name}-fis-policy`, {
            role: experimentRole.name,
            policy: pulumi.all([accountId, partition, subnetArns, automationRole.arn]).apply(([id, p, arns, automationRoleArn]) =>
                JSON.stringify(fisRolePolicy({ accountId: id, partition: p, regions: regionCodes, subnetArns: arns, documentName, automationRoleArn })),
            ),
        }, globalOpts);
        this.experimentRoleArn = experimentRole.arn;

        // ---- per region ------------------------------------------------------------------
        const templateIds: Record<string, Record<DrillScenario, pulumi.Output<string>>> = {};
        for (const region of regions) {
            const opts = { parent: this, provider: args.providers.forRegion(region) };
            const prefix = regionPrefix(environment, region.code);
            const guardArns = guardRegions(region).map((target) => {
                const spec = drillGuardAlarm(region.code, target);
                const { key, description, ...metric } = spec;
                return new aws.cloudwatch.MetricAlarm(`${name}-${region.code}-${key}`, {
                    name: alarmName(environment, region.code, key),
                    alarmDescription: description,
                    ...metric,
                    // Read by FIS, not by people: no notifications.
                    actionsEnabled: false,
                    tags: { Severity: "drill-guard" },
                }, opts).arn;
            });
            const stopConditions = [...guardArns, ...(args.extraStopAlarmArns?.[region.code] ?? [])]
                .map((value) => ({ source: "aws:cloudwatch:alarm", value }));
            const common = {
                roleArn: experimentRole.arn,
                stopConditions: stopConditions.length > 0 ? stopConditions : [{ source: "none" }],
                // A template whose targets resolve to nothing must fail, not "succeed" without a fault.
                experimentOptions: { accountTargeting: "single-account", emptyTargetResolutionMode: "fail" },
            };

            new aws.ssm.Parameter(`${name}-${region.code}-fault-flag`, {
                name: parameterName,
                description: "Bedrock drill fault flag; raised only by the drill's Automation (functions/drills/faultFlag.ts)",
                type: "String",
                // Not a secret: plain in state and in previews.
                insecureValue: JSON.stringify(NO_FAULT),
            }, {
                ...opts,
                // The Automation writes the value during a drill; a deploy must not count that as drift.
                ignoreChanges: ["insecureValue"],
            });
            const document = new aws.ssm.Document(`${name}-${region.code}-bedrock-fault`, {
                name: documentName,
                documentType: "Automation",
                documentFormat: "JSON",
                content: JSON.stringify(bedrockFaultAutomation(parameterName)),
            }, opts);

            const bedrockOutage = new aws.fis.ExperimentTemplate(`${name}-${region.code}-bedrock-outage`, {
                description: `${DRILL_SCENARIOS["bedrock-outage"].seedTest}: ${DRILL_SCENARIOS["bedrock-outage"].what} (${region.code}, ${minutes} min)`,
                ...common,
                actions: [{
                    name: "raise-bedrock-fault",
                    actionId: "aws:ssm:start-automation-execution",
                    description: `Raise ${parameterName} in ${region.code} for ${minutes} minutes`,
                    parameters: [
                        { key: "documentArn", value: document.arn },
                        { key: "documentParameters", value: automationRole.arn.apply((arn) => JSON.stringify({ AutomationAssumeRole: arn, FaultMinutes: String(minutes) })) },
                        // Room for the Automation to lower the flag after holding it.
                        { key: "maxDuration", value: isoMinutes(minutes + 5) },
                    ],
                }],
                tags: { Name: `${prefix}-bedrock-outage`, ...drillTags("bedrock-outage", region, minutes) },
            }, opts);

            const regionIsolation = new aws.fis.ExperimentTemplate(`${name}-${region.code}-region-isolation`, {
                description: `${DRILL_SCENARIOS["region-isolation"].seedTest}: ${DRILL_SCENARIOS["region-isolation"].what} (${region.code}, ${minutes} min)`,
                ...common,
                targets: [{
                    name: "private-subnets",
                    resourceType: "aws:ec2:subnet",
                    resourceArns: subnetArns.apply((arns) => arns.filter((a) => a.includes(`:ec2:${region.code}:`))),
                    selectionMode: "ALL",
                }],
                actions: [{
                    name: "isolate-private-subnets",
                    actionId: "aws:network:disrupt-connectivity",
                    description: `Deny all traffic in and out of the private subnets of ${region.code} for ${minutes} minutes`,
                    target: { key: "Subnets", value: "private-subnets" },
                    parameters: [
                        { key: "scope", value: "all" },
                        { key: "duration", value: isoMinutes(minutes) },
                    ],
                }],
                tags: { Name: `${prefix}-region-isolation`, ...drillTags("region-isolation", region, minutes) },
            }, opts);

            templateIds[region.code] = { "bedrock-outage": bedrockOutage.id, "region-isolation": regionIsolation.id };
        }
        this.templateIds = templateIds;
        this.registerOutputs({ templateIds: this.templateIds, experimentRoleArn: this.experimentRoleArn, faultParameterName: this.faultParameterName });
    }
}
