import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type ConfigIssue, type PlatformConfig } from "../config";
import { bedrockFaultParameterName } from "../functions/drills/faultFlag";
import { BedrockFailover } from "./bedrock/bedrockFailover";
import { buildInClusterLayers, type InClusterLayer } from "./cluster";
import { GlobalLayer, stackHostedZoneId } from "./global/globalLayer";
import { route53AlarmRegionIssues } from "./global/dns";
import { ingressCertificateNames, regionName } from "./global/names";
import { AlertTopics, buildOperations, operationsOutputs, replicatedTablesOf, type Operations, type OperationsOutputs } from "./operations";
import { PermissionsBoundary } from "./operations/permissionsBoundary";
import { RegionalProviders, type AwsStackSettings } from "./providers";
import { RegionalStack } from "./regional/regionalStack";
import { regionalStackIssues } from "./regional/validation";

/**
 * The whole platform for one stack, in the order the architecture reads: one RegionalStack per
 * configured region; the global layer over their ingress endpoints; alert topics; Bedrock
 * failover in every region; then operations (dashboard, alarms, budgets, deployment access,
 * drills). Takes a validated config and checks what only the components know (sizes, subnet
 * layout) for every region before declaring anything.
 */
export interface Platform {
    readonly providers: RegionalProviders;
    readonly regions: Readonly<Record<string, RegionalStack>>;
    readonly global: GlobalLayer;
    readonly alertTopics: AlertTopics;
    readonly bedrock: Readonly<Record<string, BedrockFailover>>;
    readonly operations: Operations;
    /** Per region: load balancer controller, device plugin, edge service (components/cluster). */
    readonly clusters: Readonly<Record<string, InClusterLayer>>;
}

/** Everything the components would reject in this config, for every region: empty when it builds. */
export function platformIssues(config: PlatformConfig): ConfigIssue[] {
    return [...config.regions.flatMap(regionalStackIssues), ...route53AlarmRegionIssues(config.regions, config.global.domain !== undefined)];
}

export function buildPlatform(config: PlatformConfig, awsSettings: AwsStackSettings, stack: string = pulumi.getStack()): Platform {
    const issues = platformIssues(config);
    if (issues.length > 0) throw new ConfigError(issues);

    const { environment, bedrock } = config;
    const providers = new RegionalProviders(environment, awsSettings);
    // First: every role declared after this carries the program's IAM path and boundary.
    new PermissionsBoundary("iam-boundary", { environment, providers, regions: config.regions }).install(environment);

    // The hosted zone first: each region's ingress certificate is validated through it.
    const domain = config.global.domain;
    const hostedZoneId = stackHostedZoneId(config.global, environment, providers);
    const regions: Record<string, RegionalStack> = {};
    for (const region of config.regions) {
        const ingressTls = domain && hostedZoneId ? { names: ingressCertificateNames(domain, region.code, region.residency), hostedZoneId, dnsProvider: providers.forGlobalServices() } : undefined;
        regions[region.code] = new RegionalStack(region.code, { region, environment, provider: providers.forRegion(region), ingressTls });
    }
    const each = <T>(pick: (r: RegionalStack) => T): Record<string, T> =>
        Object.fromEntries(Object.entries(regions).map(([code, r]) => [code, pick(r)]));

    const global = new GlobalLayer("global", {
        environment,
        regions: config.regions,
        global: config.global,
        ingress: each((r) => ({ loadBalancerArn: r.ingressLoadBalancerArn, dnsName: r.ingressDnsName, zoneId: r.ingressZoneId })),
        kmsKeyArns: each((r) => r.kmsKeyArn),
        providers,
        hostedZoneId,
    });

    const alertTopics = new AlertTopics("alerts", { environment, regions: config.regions, providers });

    // Every region serves model calls through its own zone's chain and watches its zone's regions;
    // each checker may drain any region of its zone, so a dead primary is drained by a survivor.
    // Probes use `<region>.<zoneName>`, which the region's certificate covers (never the ELB host).
    const ingressDnsNames = domain ? Object.fromEntries(config.regions.map((r) => [r.code, regionName(domain, r.code)])) : each((r) => r.ingressDnsName);
    const faultFlagParameterName = config.operations.drills.enabled ? bedrockFaultParameterName(environment.name) : undefined;
    const bedrockByRegion: Record<string, BedrockFailover> = {};
    for (const region of config.regions) {
        bedrockByRegion[region.code] = new BedrockFailover(`bedrock-${region.code}`, {
            region,
            regions: config.regions,
            bedrock,
            environment,
            provider: providers.forRegion(region),
            kmsKeyArn: regions[region.code].kmsKeyArn,
            ingressDnsNames,
            alarmTopicArn: alertTopics.topicArnFor(region.code),
            route53: drainTarget(global, region.code),
            faultFlagParameterName,
        });
    }

    const operations = buildOperations({
        config,
        providers,
        alertTopics,
        stack,
        privateSubnetIds: each((r) => r.privateSubnetIds),
        replicatedTables: replicatedTablesOf(global),
        extraStopAlarmArns: Object.fromEntries(Object.entries(bedrockByRegion).map(([code, b]) => [code, [b.errorAlarmArn]])),
    });

    const clusters = buildInClusterLayers({
        config,
        providers,
        regions,
        bedrock: bedrockByRegion,
        // CloudFront adds it to every origin request; the edge service refuses requests without it.
        originVerifySecret: global.originVerifySecret,
        deploymentRoleArn: operations.deploymentAccess?.roleArn,
    });

    return { providers, regions, global, alertTopics, bedrock: bedrockByRegion, operations, clusters };
}

/** The record set a region's health Lambda drains: its zone's weighted set. */
function drainTarget(global: GlobalLayer, code: string) {
    const target = global.drainTarget(code);
    return global.hostedZoneId && target ? { hostedZoneId: global.hostedZoneId, ...target } : undefined;
}

/** Per-region stack outputs: what an operator or another stack needs to reach each region. */
export function regionOutputs(platform: Platform): Record<string, Record<string, pulumi.Output<unknown>>> {
    return Object.fromEntries(
        Object.entries(platform.regions).map(([code, r]) => {
            const bedrock = platform.bedrock[code];
            return [
                code,
                {
                    vpcId: r.vpcId,
                    clusterName: r.clusterName,
                    clusterEndpoint: r.clusterEndpoint,
                    databaseAddress: r.databaseAddress,
                    databaseSecretArn: r.databaseSecretArn,
                    cacheEndpoint: r.cacheEndpoint,
                    ingressDnsName: r.ingressDnsName,
                    kmsKeyArn: r.kmsKeyArn,
                    bedrockFailoverUrl: bedrock.failoverUrl,
                    bedrockFailoverFunctionArn: bedrock.failoverFunctionArn,
                    healthCheckFunctionArn: bedrock.healthFunctionArn,
                },
            ];
        }),
    );
}

/** The global entry points, tables and DNS facts (stack output `global`). */
export function globalOutputs(platform: Platform): Record<string, unknown> {
    const g = platform.global;
    return {
        entryUrl: g.entryUrl,
        zones: Object.fromEntries(Object.entries(g.zones).map(([z, e]) => [z, { acceleratorDnsName: e.acceleratorDnsName, entryName: e.entryName, weightedRecordName: e.weightedRecordName }])),
        originVerifySecret: g.originVerifySecret,
        residencyKeySecret: g.residencyKeySecret,
        distributionDomainName: g.distributionDomainName,
        distributionId: g.distributionId,
        webAclArn: g.webAclArn,
        hostedZoneId: g.hostedZoneId,
        healthCheckIds: g.healthCheckIds,
        tables: Object.fromEntries(Object.entries(g.tables).map(([name, t]) => [name, { name: t.name, arn: t.arn }])),
        notes: g.notes,
    };
}

export function platformOperationsOutputs(platform: Platform): pulumi.Output<OperationsOutputs> {
    return operationsOutputs(platform.operations);
}
