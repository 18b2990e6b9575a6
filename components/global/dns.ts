import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, RegionConfig } from "../../config";
import type { GlobalDomainConfig } from "../../config/global";
import { INGRESS_PORT, type RegionalIngress } from "./accelerator";
import { GLOBAL_LAYER_TAGS } from "./globalTags";
import type { TrafficShare } from "./traffic";

/**
 * Route 53: the hosted zone, a health check and a weighted record per region, and the aliases
 * for CloudFront (where users enter) and the accelerator (where CloudFront connects). Only built
 * when a domain is configured. All of it goes through the global-services provider: Route 53 is
 * a global service with its control plane in us-east-1.
 */

/** `label.zone`, or the zone itself for "@". */
export function fqdn(label: string, zoneName: string): string {
    return label === "@" ? zoneName : `${label}.${zoneName}`;
}

/** The names the domain config produces. */
export interface DomainNames {
    readonly zone: string;
    /** Users' entry: alias to CloudFront. */
    readonly entry: string;
    /** Weighted per-region records straight to the regional ingress. */
    readonly regional: string;
    /** CloudFront's origin: alias to the accelerator. */
    readonly origin: string;
}

export function domainNames(domain: GlobalDomainConfig): DomainNames {
    return {
        zone: domain.zoneName,
        entry: fqdn(domain.recordName, domain.zoneName),
        regional: fqdn(domain.regionalRecordName, domain.zoneName),
        origin: fqdn(domain.originRecordName, domain.zoneName),
    };
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

/** Route 53 health check settings for one region's ingress, from its config. */
export function regionalHealthCheckArgs(region: RegionConfig, ingressDnsName: pulumi.Input<string>): aws.route53.HealthCheckArgs {
    return {
        type: "HTTPS",
        fqdn: ingressDnsName,
        port: INGRESS_PORT,
        resourcePath: region.healthCheck.path,
        failureThreshold: region.healthCheck.failureThreshold,
        // 10 s is Route 53's "fast" interval, 30 s the standard one; config allows only these.
        requestInterval: region.healthCheck.intervalSeconds,
        enableSni: true,
        tags: { ...GLOBAL_LAYER_TAGS, Name: `${region.code}-ingress` },
    };
}

export interface RegionalRecordsArgs {
    readonly zoneId: pulumi.Input<string>;
    readonly recordName: string;
    readonly regions: readonly RegionConfig[];
    readonly traffic: readonly TrafficShare[];
    readonly ingress: Readonly<Record<string, RegionalIngress>>;
}

export interface RegionalRecords {
    readonly healthChecks: Readonly<Record<string, aws.route53.HealthCheck>>;
    readonly records: Readonly<Record<string, aws.route53.Record>>;
}

/**
 * Per region a health check on its ingress and a weighted alias record to it. The health checks
 * are the data-plane failover: Route 53 stops answering with an unhealthy region's record by
 * itself, with no API call. Alias records take the NLB's own TTL (60 s), so no TTL is set here.
 */
export function createRegionalRecords(name: string, args: RegionalRecordsArgs, opts: pulumi.CustomResourceOptions): RegionalRecords {
    const healthChecks: Record<string, aws.route53.HealthCheck> = {};
    const records: Record<string, aws.route53.Record> = {};
    for (const region of args.regions) {
        const share = args.traffic.find((t) => t.region === region.code);
        const ingress = args.ingress[region.code];
        if (!share || !ingress) throw new Error(`region ${region.code}: missing traffic share or ingress`);
        const healthCheck = new aws.route53.HealthCheck(`${name}-health-${region.code}`, regionalHealthCheckArgs(region, ingress.dnsName), opts);
        healthChecks[region.code] = healthCheck;
        records[region.code] = new aws.route53.Record(`${name}-regional-${region.code}`, {
            zoneId: args.zoneId,
            name: args.recordName,
            type: "A",
            setIdentifier: region.code,
            weightedRoutingPolicies: [{ weight: share.route53Weight }],
            healthCheckId: healthCheck.id,
            aliases: [{ name: ingress.dnsName, zoneId: ingress.zoneId, evaluateTargetHealth: true }],
        }, opts);
    }
    return { healthChecks, records };
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
