import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, GlobalConfig, RegionConfig } from "../../config";
import type { RegionalProviders } from "../providers";
import { createGlobalAccelerator, type RegionalIngress } from "./accelerator";
import { createEdgeCertificate, createEdgeDistribution, VIEWER_TLS_POLICY, type ViewerDomain } from "./cdn";
import { createAliasRecords, createRegionalRecords, domainNames, hostedZoneId } from "./dns";
import { createEdgeLogBucket, type EdgeLogBucket } from "./logBucket";
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
}

/** Table outputs by data set name (the config's `tables[].name`). */
export interface GlobalTableOutputs {
    readonly name: pulumi.Output<string>;
    readonly arn: pulumi.Output<string>;
}

/**
 * The stack's global entry and global data: Global Accelerator over every region's ingress,
 * CloudFront with WAF in front of it, DynamoDB global tables kept inside their residency zones,
 * and (with a domain) Route 53 health checks and weighted records per region. Decisions live in
 * traffic.ts and replicas.ts; this class only wires resources. Besides Outputs it exposes a
 * plain summary (trafficPlan, tablePlan, dnsEnabled, notes) the plan can print without awaiting.
 */
export class GlobalLayer extends pulumi.ComponentResource {
    readonly acceleratorArn: pulumi.Output<string>;
    readonly acceleratorDnsName: pulumi.Output<string>;
    readonly distributionId: pulumi.Output<string>;
    readonly distributionDomainName: pulumi.Output<string>;
    readonly webAclArn: pulumi.Output<string>;
    /** Where users enter: https://<entry name>, or the distribution's *.cloudfront.net name without a domain. */
    readonly entryUrl: pulumi.Output<string>;
    readonly tables: Readonly<Record<string, GlobalTableOutputs>>;
    /** Route 53 health check IDs by region; empty without a domain. */
    readonly healthCheckIds: Readonly<Record<string, pulumi.Output<string>>>;
    readonly hostedZoneId?: pulumi.Output<string>;
    /** The weighted per-region records (one per region, `setIdentifier` = region code); with a domain only. */
    readonly regionalRecord?: { readonly name: string; readonly type: "A" };
    readonly certificateArn?: pulumi.Output<string>;

    /** Per region: config weight, accelerator dial, Route 53 weight (known before deployment). */
    readonly trafficPlan: readonly TrafficShare[];
    /** Per table: residency zone, home region, replica regions. */
    readonly tablePlan: readonly TablePlacement[];
    readonly dnsEnabled: boolean;
    /** Region holding the edge logs (CloudFront access logs, accelerator flow logs), if any. */
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

        // Edge logs carry viewer IPs, so they stay in a stack region (see config edgeLogRegion).
        const logging = global.cloudfront.logging;
        let logBucket: EdgeLogBucket | undefined;
        if (logging.enabled || global.accelerator.flowLogs) {
            const logRegion = logging.bucketRegion ?? regions[0].code;
            this.edgeLogRegion = logRegion;
            logBucket = createEdgeLogBucket(`${name}-edge-logs`, {
                environment,
                retentionDays: logging.retentionDays ?? environment.logRetentionDays,
                acceleratorFlowLogs: global.accelerator.flowLogs,
            }, regionOpts(logRegion));
            notes.push(`edge logs (CloudFront access logs${global.accelerator.flowLogs ? ", accelerator flow logs" : ""}) kept in ${logRegion}`);
        }

        const accelerator = createGlobalAccelerator(`${name}-accelerator`, {
            environment,
            accelerator: global.accelerator,
            regions,
            traffic: this.trafficPlan,
            ingress: args.ingress,
            flowLogBucket: global.accelerator.flowLogs ? logBucket?.name : undefined,
        }, globalOpts);

        const waf = createEdgeWebAcl(`${name}-waf`, { environment, waf: global.waf }, globalOpts);
        if (waf.logGroup) notes.push("WAF logs (blocked requests only, credentials redacted) kept in us-east-1, where AWS requires them for CloudFront");

        // DNS and certificate only with a domain; without one, CloudFront talks to the
        // accelerator by its own name and serves viewers on *.cloudfront.net.
        const domain = global.domain;
        const names = domain ? domainNames(domain) : undefined;
        let zoneId: pulumi.Output<string> | undefined;
        let viewer: ViewerDomain | undefined;
        if (domain && names) {
            zoneId = hostedZoneId(`${name}-zone`, domain, environment, globalOpts);
            const certificate = createEdgeCertificate(`${name}-certificate`, { fqdn: names.entry, zoneId }, globalOpts);
            viewer = { aliases: [names.entry], certificateArn: certificate.validatedArn };
            this.certificateArn = certificate.validatedArn;
            createAliasRecords(`${name}-origin`, {
                zoneId,
                recordName: names.origin,
                target: { dnsName: accelerator.accelerator.dnsName, hostedZoneId: accelerator.accelerator.hostedZoneId },
                types: ["A"],
            }, globalOpts);
        } else {
            notes.push(
                `${NO_DOMAIN_NOTE}; CloudFront serves on its *.cloudfront.net name with the default certificate, whose TLS policy AWS fixes `
                + `(no ${VIEWER_TLS_POLICY} minimum), and reaches the accelerator by its AWS name, for which the ingress can hold no `
                + "publicly trusted certificate: use the accelerator's name directly until a domain is configured",
            );
        }

        const distribution = createEdgeDistribution(`${name}-cdn`, {
            environment,
            cloudfront: global.cloudfront,
            originDomainName: names ? names.origin : accelerator.accelerator.dnsName,
            webAclArn: waf.webAcl.arn,
            domain: viewer,
            logBucketDomainName: logging.enabled ? logBucket?.domainName : undefined,
        }, { ...globalOpts, dependsOn: logging.enabled && logBucket ? logBucket.ready : [] });

        const healthCheckIds: Record<string, pulumi.Output<string>> = {};
        if (names && zoneId) {
            createAliasRecords(`${name}-entry`, {
                zoneId,
                recordName: names.entry,
                target: { dnsName: distribution.domainName, hostedZoneId: distribution.hostedZoneId },
                types: ["A", "AAAA"],
            }, globalOpts);
            const regional = createRegionalRecords(`${name}-dns`, {
                zoneId,
                recordName: names.regional,
                regions,
                traffic: this.trafficPlan,
                ingress: args.ingress,
            }, globalOpts);
            for (const [code, check] of Object.entries(regional.healthChecks)) healthCheckIds[code] = check.id;
            this.regionalRecord = { name: names.regional, type: "A" };
        }

        this.acceleratorArn = accelerator.accelerator.arn;
        this.acceleratorDnsName = accelerator.accelerator.dnsName;
        this.distributionId = distribution.id;
        this.distributionDomainName = distribution.domainName;
        this.webAclArn = waf.webAcl.arn;
        this.entryUrl = names ? pulumi.output(`https://${names.entry}`) : pulumi.interpolate`https://${distribution.domainName}`;
        this.healthCheckIds = healthCheckIds;
        this.hostedZoneId = zoneId;
        this.dnsEnabled = domain !== undefined;
        this.notes = notes;

        this.registerOutputs({
            acceleratorArn: this.acceleratorArn,
            acceleratorDnsName: this.acceleratorDnsName,
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
