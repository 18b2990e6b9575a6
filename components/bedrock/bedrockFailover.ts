import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { BedrockConfig, EnvironmentConfig, RegionConfig } from "../../config";
import { FAILOVER_SETTINGS_ENV, HEALTH_SETTINGS_ENV, type HealthCheckSettings } from "../../functions/contract";
import { bedrockResourceArns, failoverSettings, healthSettings, HEALTH_RUN_FOR_MS, HEALTH_SCHEDULE, probeModelId } from "./chain";
import { failoverCallbackFactory, healthCheckCallback } from "./handlers";
import { failoverLambdaTimeoutSeconds } from "../../config/bedrock";
import { failoverPolicy, healthCheckPolicy, lambdaAssumeRolePolicy } from "./iam";
import { BEDROCK_FAULT_FLAG_ENV } from "../../functions/drills/faultFlag";
import { CALLBACK_HANDLER, callbackArchive, lambdaExcludedPackages, projectDependencies, type CallbackSource } from "./packaging";

/** CloudWatch namespaces the Lambdas publish to (dashboards and Route 53 health checks read them). */
export const HEALTH_METRIC_NAMESPACE = "AiPlatform/Health";
export const FAILOVER_METRIC_NAMESPACE = "AiPlatform/Failover";

/** The two inline callbacks: the failover handler is made at load time inside Lambda (see handlers.ts). */
const FAILOVER_CALLBACK: CallbackSource = { make: failoverCallbackFactory, shape: "factory" };
const HEALTH_CALLBACK: CallbackSource = { make: healthCheckCallback, shape: "handler" };

/** A current Lambda Node.js runtime; it ships AWS SDK v3, which the zip therefore leaves out. */
export const LAMBDA_RUNTIME = aws.lambda.Runtime.NodeJS24dX;

/** A scheduled health run older than this is dropped: the next minute's run replaces it (60 s is the minimum both APIs accept). */
export const HEALTH_MAX_EVENT_AGE_SECONDS = 60;
/** The health Lambda's timeout: the run (HEALTH_RUN_FOR_MS) plus a backstop, below the 60 s schedule period. */
export const HEALTH_TIMEOUT_SECONDS = Math.min(59, Math.ceil(HEALTH_RUN_FOR_MS / 1000) + 4);

export interface BedrockFailoverArgs {
    /** The region this component is deployed in (its Lambdas run there). */
    readonly region: RegionConfig;
    /** Every region of the stack; the chain and the probes use those of this region's zone. */
    readonly regions: readonly RegionConfig[];
    readonly bedrock: BedrockConfig;
    readonly environment: EnvironmentConfig;
    readonly provider: aws.Provider;
    /** The region's KMS key: encrypts the Lambdas' logs and environment. */
    readonly kmsKeyArn: pulumi.Input<string>;
    /** Ingress DNS name per region code (the health probes call https://<name><healthCheck.path>). */
    readonly ingressDnsNames: Readonly<Record<string, pulumi.Input<string>>>;
    /** Where alarms go (the region's alert topic). */
    readonly alarmTopicArn: pulumi.Input<string>;
    /** Planned-drain target; absent when the stack has no domain. */
    readonly route53?: {
        readonly hostedZoneId: pulumi.Input<string>;
        readonly recordName: string;
        readonly recordType: "A" | "AAAA" | "CNAME";
    };
    /**
     * The drills' Bedrock fault flag (an SSM parameter name, same in every region), when drills
     * are on: both Lambdas read it and treat Bedrock in their own region as down while it is raised.
     */
    readonly faultFlagParameterName?: string;
}

/**
 * Bedrock failover for one region: a failover Lambda that serves model calls through the
 * region's in-zone chain (function URL, IAM auth), and a scheduled health-check Lambda that
 * probes the zone's regions and publishes their health. Least-privilege roles, KMS-encrypted
 * logs, alarms to the region's topic.
 */
export class BedrockFailover extends pulumi.ComponentResource {
    readonly failoverFunctionArn: pulumi.Output<string>;
    readonly failoverFunctionName: pulumi.Output<string>;
    readonly failoverUrl: pulumi.Output<string>;
    readonly healthFunctionArn: pulumi.Output<string>;
    /** Fires when every region of the chain failed for some request: a drill in this region stops on it. */
    readonly errorAlarmArn: pulumi.Output<string>;
    /** The (region, model) steps the failover Lambda walks, in order (plain data, for the plan). */
    readonly chain: ReturnType<typeof failoverSettings>["chain"];

    constructor(name: string, args: BedrockFailoverArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("ai-platform:bedrock:BedrockFailover", name, {}, { ...opts, providers: { aws: args.provider } });
        const { region, regions, bedrock } = args;
        const parent = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, parent).accountId;
        const zoneRegions = regions.filter((r) => r.residency === region.residency);
        const excluded = lambdaExcludedPackages(projectDependencies());
        const faultFlag = args.faultFlagParameterName;
        const faultFlagArn = faultFlag === undefined
            ? pulumi.output(undefined)
            : accountId.apply((id) => `arn:aws:ssm:${region.code}:${id}:parameter${faultFlag}`);
        const faultFlagEnv: Record<string, string> = faultFlag === undefined ? {} : { [BEDROCK_FAULT_FLAG_ENV]: faultFlag };

        // ---- failover Lambda -------------------------------------------------------------
        const settings = failoverSettings(region, regions, bedrock);
        this.chain = settings.chain;
        const failoverLogs = new aws.cloudwatch.LogGroup(`${name}-failover-logs`, {
            name: `/ai-platform/${args.environment.name}/${region.code}/bedrock-failover`,
            retentionInDays: args.environment.logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
        }, parent);
        const failoverRole = new aws.iam.Role(`${name}-failover-role`, {
            description: `Bedrock failover Lambda in ${region.code}: invoke the chain's models, write own logs and metrics`,
            assumeRolePolicy: accountId.apply((id) => JSON.stringify(lambdaAssumeRolePolicy(id))),
        }, parent);
        // Tracing is on, so the role must be able to write segments before CreateFunction runs.
        const failoverTracing = true;
        const failoverPolicyResource = new aws.iam.RolePolicy(`${name}-failover-policy`, {
            role: failoverRole.name,
            policy: pulumi.all([accountId, failoverLogs.arn, faultFlagArn]).apply(([id, logGroupArn, faultFlagParameterArn]) =>
                JSON.stringify(failoverPolicy({
                    bedrockArns: bedrockResourceArns(settings.chain, region.residency, id),
                    logGroupArn,
                    faultFlagParameterArn,
                    tracing: failoverTracing,
                })),
            ),
        }, parent);
        const failoverFn = new aws.lambda.Function(`${name}-failover`, {
            description: `Bedrock calls with in-zone failover (${region.residency}) from ${region.code}`,
            // The serialized factory runs at load time inside Lambda, where awslambda.streamifyResponse exists.
            code: callbackArchive(FAILOVER_CALLBACK, excluded),
            handler: CALLBACK_HANDLER,
            role: failoverRole.arn,
            runtime: LAMBDA_RUNTIME,
            architectures: ["arm64"],
            memorySize: 512,
            // The handler enforces its deadlines itself; this backstop also covers the longest answer.
            timeout: failoverLambdaTimeoutSeconds(bedrock),
            kmsKeyArn: args.kmsKeyArn,
            environment: { variables: { [FAILOVER_SETTINGS_ENV]: JSON.stringify(settings), ...faultFlagEnv } },
            loggingConfig: { logFormat: "JSON", logGroup: failoverLogs.name },
            tracingConfig: { mode: failoverTracing ? "Active" : "PassThrough" },
        }, { ...parent, dependsOn: [failoverPolicyResource] });
        const failoverUrl = new aws.lambda.FunctionUrl(`${name}-failover-url`, {
            functionName: failoverFn.name,
            authorizationType: "AWS_IAM",
            // Streams server-sent events to the edge service (CONTRACTS.md); JSON answers go through it too.
            invokeMode: "RESPONSE_STREAM",
        }, parent);

        // ---- health-check Lambda ---------------------------------------------------------
        const healthLogs = new aws.cloudwatch.LogGroup(`${name}-health-logs`, {
            name: `/ai-platform/${args.environment.name}/${region.code}/health-check`,
            retentionInDays: args.environment.logRetentionDays,
            kmsKeyId: args.kmsKeyArn,
        }, parent);
        const healthRole = new aws.iam.Role(`${name}-health-role`, {
            description: `Health-check Lambda in ${region.code}: probe the zone's regions, publish health, planned drains`,
            assumeRolePolicy: accountId.apply((id) => JSON.stringify(lambdaAssumeRolePolicy(id))),
        }, parent);
        const zoneArn = args.route53 ? pulumi.output(args.route53.hostedZoneId).apply((id) => `arn:aws:route53:::hostedzone/${id}`) : pulumi.output(undefined);
        const healthPolicyResource = new aws.iam.RolePolicy(`${name}-health-policy`, {
            role: healthRole.name,
            policy: pulumi.all([accountId, healthLogs.arn, zoneArn, faultFlagArn]).apply(([id, logGroupArn, hostedZoneArn, faultFlagParameterArn]) => {
                const probes = zoneRegions.map((r) => ({ region: r.code, modelId: probeModelId(r, bedrock) }));
                return JSON.stringify(healthCheckPolicy({
                    bedrockArns: bedrockResourceArns(probes, region.residency, id),
                    logGroupArn,
                    metricNamespace: HEALTH_METRIC_NAMESPACE,
                    hostedZoneArn,
                    faultFlagParameterArn,
                }));
            }),
        }, parent);
        const endpointNames = zoneRegions.map((r) => {
            const dns = args.ingressDnsNames[r.code];
            if (dns === undefined) throw new Error(`BedrockFailover ${name}: no ingress DNS name for region ${r.code}`);
            return pulumi.output(dns).apply((d) => ({ region: r.code, endpointBaseUrl: `https://${d}` }));
        });
        const route53 = args.route53;
        const healthSettingsJson: pulumi.Output<string> = pulumi
            .all([pulumi.all(endpointNames), route53 ? pulumi.output(route53.hostedZoneId) : pulumi.output(undefined)])
            .apply(([endpoints, hostedZoneId]) => {
                const drain: HealthCheckSettings["route53"] = route53 && hostedZoneId
                    ? { hostedZoneId, recordName: route53.recordName, recordType: route53.recordType }
                    : undefined;
                return JSON.stringify(healthSettings(region, regions, bedrock, endpoints, HEALTH_METRIC_NAMESPACE, drain));
            });
        const healthFn = new aws.lambda.Function(`${name}-health`, {
            description: `Probes the ${region.residency} zone's regions from ${region.code} and publishes their health`,
            code: callbackArchive(HEALTH_CALLBACK, excluded),
            handler: CALLBACK_HANDLER,
            role: healthRole.arn,
            runtime: LAMBDA_RUNTIME,
            architectures: ["arm64"],
            memorySize: 256,
            // Below the 1-minute schedule period, so a run that hangs is stopped before the next starts.
            timeout: HEALTH_TIMEOUT_SECONDS,
            // Overlapping runs would double-count probes. Reserving concurrency fails in new
            // accounts (config/bedrock.ts), so it is opt-in; the default guard is no retries (below)
            // and a timeout that ends each run before the next scheduled one starts.
            reservedConcurrentExecutions: bedrock.healthCheckReservedConcurrency,
            kmsKeyArn: args.kmsKeyArn,
            environment: { variables: { [HEALTH_SETTINGS_ENV]: healthSettingsJson, ...faultFlagEnv } },
            loggingConfig: { logFormat: "JSON", logGroup: healthLogs.name },
        }, { ...parent, dependsOn: [healthPolicyResource] });
        // Lambda retries a failed asynchronous (scheduled) invocation twice by default; a retry
        // would overlap the next scheduled run. The next minute's run is the retry.
        new aws.lambda.FunctionEventInvokeConfig(`${name}-health-invoke-config`, {
            functionName: healthFn.name,
            maximumRetryAttempts: 0,
            maximumEventAgeInSeconds: HEALTH_MAX_EVENT_AGE_SECONDS,
        }, parent);
        const schedule = new aws.cloudwatch.EventRule(`${name}-health-schedule`, {
            description: `Runs the ${region.code} health-check Lambda every minute`,
            scheduleExpression: HEALTH_SCHEDULE,
        }, parent);
        new aws.cloudwatch.EventTarget(`${name}-health-target`, {
            rule: schedule.name,
            arn: healthFn.arn,
            retryPolicy: { maximumRetryAttempts: 0, maximumEventAgeInSeconds: HEALTH_MAX_EVENT_AGE_SECONDS },
        }, parent);
        new aws.lambda.Permission(`${name}-health-invoke`, {
            action: "lambda:InvokeFunction",
            function: healthFn.name,
            principal: "events.amazonaws.com",
            sourceArn: schedule.arn,
        }, parent);

        // ---- alarms ------------------------------------------------------------------------
        const alarm = (suffix: string, alarmArgs: Omit<aws.cloudwatch.MetricAlarmArgs, "alarmActions" | "okActions">) =>
            new aws.cloudwatch.MetricAlarm(`${name}-${suffix}`, { ...alarmArgs, alarmActions: [args.alarmTopicArn], okActions: [args.alarmTopicArn] }, parent);
        const errorAlarm = alarm("failover-errors", {
            alarmDescription: `Bedrock failover Lambda in ${region.code} returned errors: every region of the chain failed for some requests`,
            namespace: "AWS/Lambda", metricName: "Errors", dimensions: { FunctionName: failoverFn.name },
            statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
        });
        alarm("failover-throttles", {
            alarmDescription: `Bedrock failover Lambda in ${region.code} is being throttled`,
            namespace: "AWS/Lambda", metricName: "Throttles", dimensions: { FunctionName: failoverFn.name },
            statistic: "Sum", period: 60, evaluationPeriods: 2, threshold: 0, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
        });
        alarm("failovers", {
            alarmDescription: `Requests in ${region.code} are failing over to other regions`,
            namespace: FAILOVER_METRIC_NAMESPACE, metricName: "Failovers", dimensions: { Region: region.code },
            statistic: "Sum", period: 60, evaluationPeriods: 1, threshold: 0, comparisonOperator: "GreaterThanThreshold", treatMissingData: "notBreaching",
        });
        for (const target of zoneRegions) {
            alarm(`health-${target.code}`, {
                alarmDescription: `${target.code} is marked down by the health checks run from ${region.code}`,
                namespace: HEALTH_METRIC_NAMESPACE, metricName: "RegionHealthy", dimensions: { Region: target.code },
                statistic: "Minimum", period: 60, evaluationPeriods: 1, threshold: 1, comparisonOperator: "LessThanThreshold",
                // No data means the checker itself is down: that is an alarm too.
                treatMissingData: "breaching",
            });
        }

        this.failoverFunctionArn = failoverFn.arn;
        this.failoverFunctionName = failoverFn.name;
        this.failoverUrl = failoverUrl.functionUrl;
        this.healthFunctionArn = healthFn.arn;
        this.errorAlarmArn = errorAlarm.arn;
        this.registerOutputs({
            failoverFunctionArn: this.failoverFunctionArn,
            failoverUrl: this.failoverUrl,
            healthFunctionArn: this.healthFunctionArn,
        });
    }
}
