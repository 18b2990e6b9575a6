import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, EnvironmentConfig, RegionConfig } from "../../config";
import type { GlobalDomainConfig } from "../../config/global";
import { INGRESS_PORT, type RegionalIngress } from "./accelerator";
import { GLOBAL_LAYER_TAGS } from "./globalTags";
import type { TrafficShare } from "./traffic";

/**
 * Route 53: the hosted zone, per region a calculated health check (ingress AND Bedrock), per zone
 * a weighted record set of that zone's regions and an alias to that zone's accelerator, per
 * region an alias `<region>.<zoneName>` to its NLB, and the users' entry aliasing CloudFront.
 * Route 53 is a global service with its control plane in us-east-1 (the global-services provider).
 */

/** `label.zone`, or the zone itself for "@". */
export function fqdn(label: string, zoneName: string): string {
    return label === "@" ? zoneName : `${label}.${zoneName}`;
}

/** The stack-wide names the domain config produces (per-zone and per-region names: names.ts). */
export interface DomainNames {
    readonly zone: string;
    /** Users' entry: alias to CloudFront. */
    readonly entry: string;
}

export function domainNames(domain: GlobalDomainConfig): DomainNames {
    return { zone: domain.zoneName, entry: fqdn(domain.recordName, domain.zoneName) };
}

/**
 * The hosted zone's ID: the configured one, else a zone created here (protected in production:
 * deleting a public zone breaks the domain's delegation), else a lookup of the public zone.
 */
export function hostedZoneId(name: string, domain: GlobalDomainConfig, environment: EnvironmentConfig, opts: pulumi.CustomResourceOptions): pulumi.Output<string> {
    if (domain.hostedZoneId !== undefined) return pulumi.output(domain.hostedZoneId);
    if (domain.createHostedZone) {
        const zone = new aws.route53.Zone(name, {
            name: domain.zoneName,
            comment: `${environment.name} AI platform (managed by Pulumi)`,
            tags: { ...GLOBAL_LAYER_TAGS },
        }, { ...opts, protect: environment.production });
        return zone.zoneId;
    }
    return aws.route53.getZoneOutput({ name: domain.zoneName, privateZone: false }, { parent: opts.parent, provider: opts.provider }).zoneId;
}

/** Route 53 HTTPS health check of one region's ingress, by its own name (its certificate covers it). */
export function regionalHealthCheckArgs(region: RegionConfig, fqdnName: string): aws.route53.HealthCheckArgs {
    return {
        type: "HTTPS",
        fqdn: fqdnName,
        port: INGRESS_PORT,
        resourcePath: region.healthCheck.path,
        failureThreshold: region.healthCheck.failureThreshold,
        // 10 s is Route 53's "fast" interval, 30 s the standard one; config allows only these.
        requestInterval: region.healthCheck.intervalSeconds,
        enableSni: true,
        tags: { ...GLOBAL_LAYER_TAGS, Name: `${region.code}-ingress` },
    };
}

/**
 * What Route 53 assumes while the Bedrock alarm has too little data (the health Lambda not yet
 * publishing, or its region unreachable): the last known status. "Healthy" would route to a
 * region whose Bedrock was last seen down; "Unhealthy" would take a region out because its
 * checker is silent, and with every checker of a zone silent (a metrics outage) take the whole
 * zone out, which Route 53 then fails open anyway. The ingress half of the calculated check still
 * catches a dead region. ("Health checks that monitor CloudWatch alarms", Route 53 Developer Guide.)
 */
export const INSUFFICIENT_DATA_STATUS = "LastKnownStatus";

/**
 * Regions whose CloudWatch alarms Route 53 health checks can read (Route 53 API reference,
 * AlarmIdentifier.Region, commercial partition; tests/components/global/dns.test.ts holds this
 * list equal to the CloudWatchRegion enum of the Route 53 API model in @aws-sdk/client-route-53).
 */
export const ROUTE53_ALARM_REGIONS: readonly string[] = [
    "af-south-1", "ap-east-1", "ap-east-2", "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-south-2",
    "ap-southeast-1", "ap-southeast-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5", "ap-southeast-6", "ap-southeast-7",
    "ca-central-1", "ca-west-1", "eu-central-1", "eu-central-2", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1",
    "eu-west-2", "eu-west-3", "il-central-1", "me-central-1", "me-south-1", "mx-central-1", "sa-east-1", "us-east-1",
    "us-east-2", "us-west-1", "us-west-2",
];

/** Config problems this design has with Route 53 before anything is declared (platformIssues). */
export function route53AlarmRegionIssues(regions: readonly RegionConfig[], hasDomain: boolean): ConfigIssue[] {
    if (!hasDomain) return [];
    return regions
        .filter((r) => !ROUTE53_ALARM_REGIONS.includes(r.code))
        .map((r) => ({
            key: `regions.${r.code}`,
            message: `Route 53 health checks cannot read CloudWatch alarms in ${r.code}, so its Bedrock health cannot join its routing health check; use a region in ${ROUTE53_ALARM_REGIONS.join(", ")}`,
        }));
}

/**
 * The alarm a region's CLOUDWATCH_METRIC health check watches: the health Lambda's `RegionHealthy`
 * (namespace AiPlatform/Health, dimension Region; functions/health/metrics.ts) for the region,
 * published in the region by its own health Lambda, so the alarm lives in the region itself. Route
 * 53 reads alarms only in ROUTE53_ALARM_REGIONS, with a plain statistic (Minimum here, no extended
 * statistic) over a standard-resolution metric (AlarmIdentifier, Route 53 API reference).
 */
export function bedrockAlarmArgs(region: RegionConfig, environmentName: string, namespace: string, metricName: string): aws.cloudwatch.MetricAlarmArgs {
    if (!ROUTE53_ALARM_REGIONS.includes(region.code)) {
        throw new Error(`region ${region.code}: Route 53 cannot read CloudWatch alarms there, so its Bedrock health cannot join its routing health check`);
    }
    return {
        name: `ai-platform-${environmentName}-${region.code}-routing-health`,
        alarmDescription: `Routing health of ${region.code} (endpoint and Bedrock, from its health Lambda): Route 53 takes the region out of its zone's records while this alarm is in ALARM`,
        namespace,
        metricName,
        dimensions: { Region: region.code },
        statistic: "Minimum",
        period: 60,
        evaluationPeriods: 1,
        threshold: 1,
        comparisonOperator: "LessThanThreshold",
        treatMissingData: "missing",
    };
}

export interface RegionalHealth {
    /** The CALCULATED check the region's weighted record carries (ingress AND Bedrock). */
    readonly combined: aws.route53.HealthCheck;
    readonly ingress: aws.route53.HealthCheck;
    readonly bedrock: aws.route53.HealthCheck;
}

/**
 * Per region: an HTTPS check of `<region>.<zoneName>`, a CLOUDWATCH_METRIC check of the Bedrock
 * alarm, and a CALCULATED check healthy only when both are (childHealthThreshold = 2). A region
 * whose Bedrock is down thus leaves its zone's weighted set, and (through the accelerator's own
 * NLB health, which follows the edge service's /healthz) the accelerator's dials.
 */
export function createRegionalHealth(
    name: string,
    args: { readonly region: RegionConfig; readonly fqdn: string; readonly alarmName: pulumi.Input<string>; readonly alarmRegion: string },
    opts: pulumi.CustomResourceOptions,
): RegionalHealth {
    const { region } = args;
    const ingress = new aws.route53.HealthCheck(`${name}-ingress`, regionalHealthCheckArgs(region, args.fqdn), opts);
    const bedrock = new aws.route53.HealthCheck(`${name}-bedrock`, {
        type: "CLOUDWATCH_METRIC",
        cloudwatchAlarmName: args.alarmName,
        cloudwatchAlarmRegion: args.alarmRegion,
        insufficientDataHealthStatus: INSUFFICIENT_DATA_STATUS,
        tags: { ...GLOBAL_LAYER_TAGS, Name: `${region.code}-bedrock` },
    }, opts);
    const combined = new aws.route53.HealthCheck(`${name}-combined`, {
        type: "CALCULATED",
        childHealthchecks: [ingress.id, bedrock.id],
        childHealthThreshold: 2,
        tags: { ...GLOBAL_LAYER_TAGS, Name: `${region.code}-routing` },
    }, opts);
    return { combined, ingress, bedrock };
}

export interface ZoneRecordsArgs {
    readonly zoneId: pulumi.Input<string>;
    /** The zone's weighted set name (names.zoneWeightedName). */
    readonly recordName: string;
    /** The zone's regions only. */
    readonly regions: readonly RegionConfig[];
    readonly traffic: readonly TrafficShare[];
    readonly ingress: Readonly<Record<string, RegionalIngress>>;
    /** The CALCULATED health check ID per region. */
    readonly healthCheckIds: Readonly<Record<string, pulumi.Input<string>>>;
}

/**
 * One zone's weighted record set: one alias record per region of that zone, weighted from config,
 * carrying the region's calculated health check. Route 53 documents that when every record of a
 * weighted set is unhealthy it answers as if all were healthy ("How Amazon Route 53 chooses
 * records when health checking is configured"): a set holding one zone's regions only keeps that
 * fail-open inside the zone. Alias records take the NLB's own TTL (60 s), so no TTL is set here.
 */
export function createZoneRecords(name: string, args: ZoneRecordsArgs, opts: pulumi.CustomResourceOptions): Record<string, aws.route53.Record> {
    const records: Record<string, aws.route53.Record> = {};
    for (const region of args.regions) {
        const share = args.traffic.find((t) => t.region === region.code);
        const ingress = args.ingress[region.code];
        const check = args.healthCheckIds[region.code];
        if (!share || !ingress || check === undefined) throw new Error(`region ${region.code}: missing traffic share, ingress or health check`);
        records[region.code] = new aws.route53.Record(`${name}-${region.code}`, {
            zoneId: args.zoneId,
            name: args.recordName,
            type: "A",
            setIdentifier: region.code,
            weightedRoutingPolicies: [{ weight: share.route53Weight }],
            healthCheckId: check,
            aliases: [{ name: ingress.dnsName, zoneId: ingress.zoneId, evaluateTargetHealth: true }],
        }, opts);
    }
    return records;
}

export interface AliasTarget {
    readonly dnsName: pulumi.Input<string>;
    readonly hostedZoneId: pulumi.Input<string>;
}

/** Simple alias records (one per type) from `recordName` to a target that has no health of its own to evaluate. */
export function createAliasRecords(
    name: string,
    args: { readonly zoneId: pulumi.Input<string>; readonly recordName: string; readonly target: AliasTarget; readonly types: readonly ("A" | "AAAA")[] },
    opts: pulumi.CustomResourceOptions,
): aws.route53.Record[] {
    return args.types.map((type) => new aws.route53.Record(`${name}-${type.toLowerCase()}`, {
        zoneId: args.zoneId,
        name: args.recordName,
        type,
        aliases: [{ name: args.target.dnsName, zoneId: args.target.hostedZoneId, evaluateTargetHealth: false }],
    }, opts));
}
