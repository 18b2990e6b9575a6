import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { EnvironmentConfig, GlobalConfig, RegionConfig } from "../../config";
import type { RegionalProviders } from "../providers";
import { createGlobalAccelerator, type RegionalIngress } from "./accelerator";
import { createEdgeCertificate, createEdgeDistribution, createEdgeFunction, VIEWER_TLS_POLICY, type ViewerDomain, type ZoneOrigins } from "./cdn";
import { bedrockAlarmArgs, createAliasRecords, createRegionalHealth, createZoneRecords, domainNames, hostedZoneId } from "./dns";
import { edgeRoutingTable } from "./edgeFunction";
import { createEdgeLogBucket, type EdgeLogBucket } from "./logBucket";
import { regionName, zoneEntryName, zoneWeightedName } from "./names";
import { placeTables, type TablePlacement } from "./replicas";
import { createGlobalTable } from "./tables";
import { trafficPlan, type TrafficShare } from "./traffic";
import { createEdgeWebAcl } from "./waf";

export type { RegionalIngress } from "./accelerator";
export type { TrafficShare } from "./traffic";
export type { TablePlacement } from "./replicas";

export const GLOBAL_LAYER_TYPE = "ai-platform:global:GlobalLayer";

/** Said by the plan when a stack has no domain. */
export const NO_DOMAIN_NOTE = "no domain configured: Route 53 and ACM left out";

/** The metric the health Lambda publishes per region (functions/health/metrics.ts, components/operations/metrics.ts). */
export const ROUTING_HEALTH_METRIC = { namespace: "AiPlatform/Health", metricName: "RegionHealthy" } as const;

/**
 * The stack's public hosted zone ID, resolved before any region is declared: each region's
 * ingress certificate is validated through it. Undefined without a domain. (Created here when
 * `createHostedZone`, protected in production; else the configured ID, else looked up by name.)
 */
export function stackHostedZoneId(global: GlobalConfig, environment: EnvironmentConfig, providers: RegionalProviders): pulumi.Output<string> | undefined {
    if (!global.domain) return undefined;
    return hostedZoneId("global-zone", global.domain, environment, { provider: providers.forGlobalServices() });
}

/** Residency zones of the stack, in stack order (the primary's zone first). */
export function stackZones(regions: readonly RegionConfig[]): string[] {
    return [...new Set(regions.map((r) => r.residency))];
}

export interface GlobalLayerArgs {
    readonly environment: EnvironmentConfig;
    /** Validated regions in stack order (primary first). */
    readonly regions: readonly RegionConfig[];
    readonly global: GlobalConfig;
    /** Each region's ingress NLB, by region code; every configured region must have one. */
    readonly ingress: Readonly<Record<string, RegionalIngress>>;
    /**
     * Each region's customer managed KMS key (the RegionalStack's), by region code: it encrypts
     * that region's table replicas. Needed for every region that holds a table or replica.
     */
    readonly kmsKeyArns: Readonly<Record<string, pulumi.Input<string>>>;
    readonly providers: RegionalProviders;
    /** The hosted zone (stackHostedZoneId); absent: resolved here. Only used with a domain. */
    readonly hostedZoneId?: pulumi.Input<string>;
}

/** Table outputs by data set name (the config's `tables[].name`). */
export interface GlobalTableOutputs {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
}

/** One residency zone's entry: its accelerator and names. */
export interface ZoneEntry {
    readonly zone: string;
    readonly regions: readonly string[];
    readonly acceleratorArn: pulumi.Output<string>;
    readonly acceleratorDnsName: pulumi.Output<string>;
    /** `<zone>.<zoneName>` (alias to the accelerator); with a domain only. */
    readonly entryName?: string;
    /** `<zone>.regional.<zoneName>`: the zone's weighted record set; with a domain only. */
    readonly weightedRecordName?: string;
}

/**
 * The stack's global entry and global data, zone-pinned: per residency zone an accelerator with
 * that zone's endpoint groups only, per zone a weighted record set of that zone's regions only,
 * per region a calculated health check (ingress AND Bedrock); CloudFront with WAF in front,
 * selecting the zone's origins by the user's residency; DynamoDB global tables kept inside their
 * zones. Decisions live in traffic.ts, replicas.ts, names.ts, edgeFunction.ts; this class wires.
 */
export class GlobalLayer extends pulumi.ComponentResource {
    readonly zones: Readonly<Record<string, ZoneEntry>>;
    readonly distributionId: pulumi.Output<string>;
    readonly distributionDomainName: pulumi.Output<string>;
    readonly webAclArn: pulumi.Output<string>;
    /** Where users enter: https://<entry name>, or the distribution's *.cloudfront.net name without a domain. */
    readonly entryUrl: pulumi.Output<string>;
    readonly tables: Readonly<Record<string, GlobalTableOutputs>>;
    /** Route 53 calculated health check IDs by region; empty without a domain. */
    readonly healthCheckIds: Readonly<Record<string, pulumi.Output<string>>>;
    readonly hostedZoneId?: pulumi.Output<string>;
    readonly certificateArn?: pulumi.Output<string>;
    /** Value of the `x-origin-verify` header CloudFront sends to every origin (contract "Bypass"). */
    readonly originVerifySecret: pulumi.Output<string>;
    /** HMAC key of the residency claim cookie (the application signs claims with it). */
    readonly residencyKeySecret: pulumi.Output<string>;

    /** Per region: config weight, accelerator dial, Route 53 weight (known before deployment). */
    readonly trafficPlan: readonly TrafficShare[];
    /** Per table: residency zone, home region, replica regions. */
    readonly tablePlan: readonly TablePlacement[];
    readonly dnsEnabled: boolean;
    /** Region holding the edge logs (CloudFront access logs, accelerator flow logs, WAF logs), if any. */
    readonly edgeLogRegion?: string;
    /** Human-readable facts about what was (not) built, for the plan summary. */
    readonly notes: readonly string[];

    constructor(name: string, args: GlobalLayerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(GLOBAL_LAYER_TYPE, name, {}, opts);
        checkRegionalInputs(args);
        const { environment, regions, global, providers } = args;
        const globalOpts: pulumi.CustomResourceOptions = { parent: this, provider: providers.forGlobalServices() };
        const regionOpts = (code: string): pulumi.CustomResourceOptions => ({ parent: this, provider: providers.forRegion(regionByCode(regions, code)) });
        const notes: string[] = [];
        const zoneCodes = stackZones(regions);

        this.trafficPlan = trafficPlan(regions);
        this.tablePlan = placeTables(global.tables, regions);

        // Data: one global table per data set, created in its zone's primary-most region.
        const tables: Record<string, GlobalTableOutputs> = {};
        global.tables.forEach((table, i) => {
            const placement = this.tablePlan[i];
            const created = createGlobalTable(`${name}-table-${table.name}`, { environment, table, placement, kmsKeyArns: args.kmsKeyArns }, regionOpts(placement.homeRegion));
            tables[table.name] = { name: created.name, arn: created.arn };
        });
        this.tables = tables;

        // Edge logs carry viewer IPs, so they stay in a stack region of the personal data's zone
        // (config: cloudfront.logging.bucketRegion, EU for any stack holding EU data).
        const logging = global.cloudfront.logging;
        const logRegion = logging.bucketRegion ?? regions[0].code;
        let logBucket: EdgeLogBucket | undefined;
        if (logging.enabled || global.accelerator.flowLogs) {
            this.edgeLogRegion = logRegion;
            logBucket = createEdgeLogBucket(`${name}-edge-logs`, {
                environment,
                retentionDays: logging.retentionDays ?? environment.logRetentionDays,
                acceleratorFlowLogs: global.accelerator.flowLogs,
            }, regionOpts(logRegion));
            notes.push(`edge logs (CloudFront access logs${global.accelerator.flowLogs ? ", accelerator flow logs" : ""}) kept in ${logRegion}`);
        }
        let wafLogBucket: EdgeLogBucket | undefined;
        if (global.waf.logging) {
            this.edgeLogRegion = logRegion;
            wafLogBucket = createEdgeLogBucket(`${name}-waf-logs`, {
                environment,
                retentionDays: logging.retentionDays ?? environment.logRetentionDays,
                acceleratorFlowLogs: false,
                rootLogDelivery: true,
                bucketPrefix: `aws-waf-logs-${environment.name}-`,
                description: `${environment.name}: WAF logs of the CloudFront web ACL`,
            }, regionOpts(logRegion));
            notes.push(`WAF logs (blocked requests only, credentials redacted) kept in ${logRegion}`);
        }

        const waf = createEdgeWebAcl(`${name}-waf`, { environment, waf: global.waf, logBucketArn: wafLogBucket?.bucket.arn }, globalOpts);

        // One accelerator per zone, holding that zone's endpoint groups only.
        const zones: Record<string, ZoneEntry> = {};
        const acceleratorZoneIds: Record<string, pulumi.Output<string>> = {};
        const domain = global.domain;
        for (const zone of zoneCodes) {
            const zoneRegions = regions.filter((r) => r.residency === zone);
            const accelerator = createGlobalAccelerator(`${name}-accelerator-${zone}`, {
                environment,
                zone,
                accelerator: global.accelerator,
                regions: zoneRegions,
                traffic: this.trafficPlan,
                ingress: args.ingress,
                flowLogBucket: global.accelerator.flowLogs ? logBucket?.name : undefined,
            }, globalOpts);
            acceleratorZoneIds[zone] = accelerator.accelerator.hostedZoneId;
            zones[zone] = {
                zone,
                regions: zoneRegions.map((r) => r.code),
                acceleratorArn: accelerator.accelerator.arn,
                acceleratorDnsName: accelerator.accelerator.dnsName,
                entryName: domain ? zoneEntryName(domain, zone) : undefined,
                weightedRecordName: domain ? zoneWeightedName(domain, zone) : undefined,
            };
        }
        this.zones = zones;

        const names = domain ? domainNames(domain) : undefined;
        let zoneId: pulumi.Output<string> | undefined;
        let viewer: ViewerDomain | undefined;
        const healthCheckIds: Record<string, pulumi.Output<string>> = {};
        if (domain && names) {
            zoneId = pulumi.output(args.hostedZoneId ?? hostedZoneId(`${name}-zone`, domain, environment, globalOpts));
            const certificate = createEdgeCertificate(`${name}-certificate`, { fqdn: names.entry, zoneId }, globalOpts);
            viewer = { aliases: [names.entry], certificateArn: certificate.validatedArn };
            this.certificateArn = certificate.validatedArn;
            for (const region of regions) {
                const ingress = args.ingress[region.code];
                // `<region>.<zoneName>`: what the health checks and the health Lambda probe.
                createAliasRecords(`${name}-region-${region.code}`, {
                    zoneId,
                    recordName: regionName(domain, region.code),
                    target: { dnsName: ingress.dnsName, hostedZoneId: ingress.zoneId },
                    types: ["A"],
                }, globalOpts);
                const alarm = new aws.cloudwatch.MetricAlarm(`${name}-routing-health-${region.code}`,
                    bedrockAlarmArgs(region, environment.name, ROUTING_HEALTH_METRIC.namespace, ROUTING_HEALTH_METRIC.metricName), regionOpts(region.code));
                const health = createRegionalHealth(`${name}-health-${region.code}`, {
                    region,
                    fqdn: regionName(domain, region.code),
                    alarmName: alarm.name,
                    alarmRegion: region.code,
                }, globalOpts);
                healthCheckIds[region.code] = health.combined.id;
            }
            for (const zone of zoneCodes) {
                const entry = zones[zone];
                createAliasRecords(`${name}-zone-${zone}`, {
                    zoneId,
                    recordName: zoneEntryName(domain, zone),
                    target: { dnsName: entry.acceleratorDnsName, hostedZoneId: acceleratorZoneIds[zone] },
                    types: ["A"],
                }, globalOpts);
                createZoneRecords(`${name}-weighted-${zone}`, {
                    zoneId,
                    recordName: zoneWeightedName(domain, zone),
                    regions: regions.filter((r) => r.residency === zone),
                    traffic: this.trafficPlan,
                    ingress: args.ingress,
                    healthCheckIds,
                }, globalOpts);
            }
        } else {
            notes.push(
                `${NO_DOMAIN_NOTE}; CloudFront serves on its *.cloudfront.net name with the default certificate, whose TLS policy AWS fixes `
                + `(no ${VIEWER_TLS_POLICY} minimum), and reaches each zone's accelerator by its AWS name, for which the ingress can hold no `
                + "publicly trusted certificate: configure a domain before deploying",
            );
        }

        // Secrets: the origin header (contract "Bypass") and the residency claim's HMAC key.
        const originVerify = new random.RandomPassword(`${name}-origin-verify`, { length: 48, special: false }, { parent: this });
        const residencyKey = new random.RandomPassword(`${name}-residency-key`, { length: 64, special: false }, { parent: this });
        const edgeFunction = createEdgeFunction(`${name}-residency`, {
            environment,
            table: edgeRoutingTable(zoneCodes, domain !== undefined),
            residencyKey: residencyKey.result,
        }, globalOpts);

        const zoneOrigins: ZoneOrigins[] = zoneCodes.map((zone) => ({
            zone,
            acceleratorDomainName: zones[zone].entryName ?? zones[zone].acceleratorDnsName,
            weightedDomainName: zones[zone].weightedRecordName,
        }));
        const distribution = createEdgeDistribution(`${name}-cdn`, {
            environment,
            cloudfront: global.cloudfront,
            zones: zoneOrigins,
            webAclArn: waf.webAcl.arn,
            functionArn: edgeFunction.function.arn,
            originVerifySecret: originVerify.result,
            domain: viewer,
            logBucketDomainName: logging.enabled ? logBucket?.domainName : undefined,
        }, { ...globalOpts, dependsOn: logging.enabled && logBucket ? logBucket.ready : [] });

        if (names && zoneId) {
            createAliasRecords(`${name}-entry`, {
                zoneId,
                recordName: names.entry,
                target: { dnsName: distribution.domainName, hostedZoneId: distribution.hostedZoneId },
                types: ["A", "AAAA"],
            }, globalOpts);
        }

        this.distributionId = distribution.id;
        this.distributionDomainName = distribution.domainName;
        this.webAclArn = waf.webAcl.arn;
        this.entryUrl = names ? pulumi.output(`https://${names.entry}`) : pulumi.interpolate`https://${distribution.domainName}`;
        this.healthCheckIds = healthCheckIds;
        this.hostedZoneId = zoneId;
        this.dnsEnabled = domain !== undefined;
        this.originVerifySecret = pulumi.secret(originVerify.result);
        this.residencyKeySecret = pulumi.secret(residencyKey.result);
        this.notes = notes;

        this.registerOutputs({
            zones: Object.fromEntries(Object.entries(zones).map(([z, e]) => [z, { acceleratorArn: e.acceleratorArn, acceleratorDnsName: e.acceleratorDnsName, entryName: e.entryName }])),
            distributionId: this.distributionId,
            distributionDomainName: this.distributionDomainName,
            webAclArn: this.webAclArn,
            entryUrl: this.entryUrl,
            tables: this.tables,
            healthCheckIds: this.healthCheckIds,
            hostedZoneId: this.hostedZoneId,
            certificateArn: this.certificateArn,
        });
    }

    /** The weighted record set a region's planned drains change (its zone's), with a domain only. */
    drainTarget(regionCode: string): { readonly recordName: string; readonly recordType: "A" } | undefined {
        const entry = Object.values(this.zones).find((z) => z.regions.includes(regionCode));
        return entry?.weightedRecordName ? { recordName: entry.weightedRecordName, recordType: "A" } : undefined;
    }
}

function regionByCode(regions: readonly RegionConfig[], code: string): RegionConfig {
    const region = regions.find((r) => r.code === code);
    if (!region) throw new Error(`GlobalLayer: region ${code} is not one of the stack's regions (${regions.map((r) => r.code).join(", ")})`);
    return region;
}

/** Fails early, naming what is missing, when the regional inputs do not cover the config. */
function checkRegionalInputs(args: GlobalLayerArgs): void {
    const problems: string[] = [];
    if (args.regions.length === 0) problems.push("no regions");
    for (const region of args.regions) {
        if (!args.ingress[region.code]) problems.push(`no ingress for region ${region.code}`);
    }
    const tableRegions = new Set(placeTables(args.global.tables, args.regions).flatMap((p) => [p.homeRegion, ...p.replicaRegions]));
    for (const code of tableRegions) {
        if (args.kmsKeyArns[code] === undefined) problems.push(`no KMS key for region ${code} (it holds a table replica)`);
    }
    if (problems.length > 0) throw new Error(`GlobalLayer: ${problems.join("; ")}`);
}
