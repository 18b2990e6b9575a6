import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegionConfig } from "../../config";
import { TAG } from "../tags";
import type { NlbAccessLogs } from "./accessLogs";
import type { RegionalScope } from "./scope";

export const HTTPS_PORT = 443;
/** The port the edge service's pods serve TLS on; the NLB re-encrypts to it (contract "Names"). */
export const EDGE_SERVICE_PORT = 8443;
/** NLB TLS listener policy: TLS 1.3 and 1.2 only ("Security policies for your Network Load Balancer"). */
export const LISTENER_TLS_POLICY = "ELBSecurityPolicy-TLS13-1-2-2021-06";
/**
 * Seconds a deregistering pod keeps receiving in-flight connections. The default 300 s would hold
 * a failover or a rollout for five minutes; 30 s covers an LLM streaming response's tail.
 */
export const DEREGISTRATION_DELAY_SECONDS = 30;

/** Limits of Network Load Balancer target group health checks. */
const NLB_LIMITS = { interval: [5, 300], threshold: [2, 10], timeout: [2, 120] } as const;

const clamp = (v: number, [lo, hi]: readonly [number, number]) => Math.min(hi, Math.max(lo, v));

export interface TargetGroupHealthCheck {
    readonly enabled: true;
    readonly protocol: "HTTPS";
    readonly port: "traffic-port";
    readonly path: string;
    readonly interval: number;
    readonly timeout: number;
    readonly healthyThreshold: number;
    readonly unhealthyThreshold: number;
    readonly matcher: string;
}

/**
 * The NLB's view of the region's health, from the same settings the global layer's health checks
 * use, so the region and the global layer agree on what "down" means. NLB thresholds are 2..10
 * (config allows 1), and the timeout must be below the interval: half of it, at most 10 s.
 */
export function targetGroupHealthCheck(hc: RegionConfig["healthCheck"]): TargetGroupHealthCheck {
    const interval = clamp(hc.intervalSeconds, NLB_LIMITS.interval);
    return {
        enabled: true,
        protocol: "HTTPS",
        port: "traffic-port",
        path: hc.path,
        interval,
        timeout: clamp(Math.min(10, Math.floor(interval / 2)), NLB_LIMITS.timeout),
        healthyThreshold: clamp(hc.recoveryThreshold, NLB_LIMITS.threshold),
        unhealthyThreshold: clamp(hc.failureThreshold, NLB_LIMITS.threshold),
        matcher: "200-399",
    };
}

export interface Ingress {
    readonly loadBalancer: aws.lb.LoadBalancer;
    readonly targetGroup: aws.lb.TargetGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
    /** The validated certificate's ARN; absent without a domain. */
    readonly certificateArn?: pulumi.Output<string>;
}

/** The names the region's certificate covers (names.ingressCertificateNames) and the zone validating them. */
export interface IngressTls {
    readonly names: readonly string[];
    readonly hostedZoneId: pulumi.Input<string>;
    /** Provider for the validation records: the global-services one (Route 53 is global and holds no zone's data). */
    readonly dnsProvider: aws.Provider;
}

/**
 * Who may open 443 on the NLB. Not narrowed to prefix lists, for documented reasons:
 * - Global Accelerator, the zone's entry, reaches an NLB that has a TLS listener only by network
 *   address translation from its edge addresses: client IP preservation is not supported for
 *   NLBs with TLS listeners ("Requirements for endpoints with client IP address preservation").
 *   Those edge ranges (ip-ranges.json, service GLOBALACCELERATOR) have no AWS-managed prefix list;
 *   the managed lists are CloudFront's origin-facing list (weight 55) and Route 53's health
 *   checkers' (`com.amazonaws.<region>.route53-healthchecks`, weight 25) ("AWS-managed prefix lists").
 * - The health-check Lambda probes `<region>.<zoneName>/healthz` from Lambda's public addresses.
 * So the bypass is closed one layer up: CloudFront sends the secret `x-origin-verify` header on
 * every origin request, and the edge service answers 403 to anything without it except /healthz
 * (contract "Bypass"). A direct connection to an NLB or an accelerator reaches no model and no data.
 */
export const INGRESS_SOURCE = { cidrIpv4: "0.0.0.0/0", description: "HTTPS via the zone's accelerator (NAT from its edge addresses), CloudFront, Route 53 health checkers and the health Lambda; requests without the x-origin-verify secret get 403" } as const;

/**
 * The region's public entry point, which the zone's accelerator and Route 53 records target: an
 * internet-facing NLB with a TLS listener on 443 (ACM certificate in the region, DNS-validated,
 * covering `<region>.<zoneName>` and the zone's names) re-encrypting to the edge service's pods on
 * 8443 (a TLS target group; the NLB does not validate target certificates). The in-cluster AWS
 * Load Balancer Controller registers the pods through a TargetGroupBinding. Without a domain no
 * certificate can exist (none can name an ELB host), so the listener passes TCP through instead.
 * With `accessLogs` the NLB logs its TLS connections there (NLBs log TLS listeners only).
 */
export function createIngress(
    scope: RegionalScope,
    net: { vpcId: pulumi.Input<string>; publicSubnetIds: pulumi.Input<string[]> },
    clusterSecurityGroupId: pulumi.Input<string>,
    tls?: IngressTls,
    accessLogs?: NlbAccessLogs,
): Ingress {
    const { names } = scope;
    const securityGroup = new aws.ec2.SecurityGroup(
        scope.child("ingress-sg"),
        { vpcId: net.vpcId, description: `Public HTTPS entry of ${names.prefix}`, tags: scope.tags("ingress-sg") },
        scope.options(),
    );
    new aws.vpc.SecurityGroupIngressRule(
        scope.child("ingress-https-in"),
        {
            securityGroupId: securityGroup.id,
            cidrIpv4: INGRESS_SOURCE.cidrIpv4,
            ipProtocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            description: INGRESS_SOURCE.description,
            tags: scope.tags("ingress-https-in"),
        },
        scope.options(),
    );
    // The NLB forwards (and health-checks) only to the cluster, only on the edge service's port.
    new aws.vpc.SecurityGroupEgressRule(
        scope.child("ingress-to-cluster"),
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: clusterSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: EDGE_SERVICE_PORT,
            toPort: EDGE_SERVICE_PORT,
            description: "TLS to the edge service pods",
            tags: scope.tags("ingress-to-cluster"),
        },
        scope.options(),
    );
    new aws.vpc.SecurityGroupIngressRule(
        scope.child("cluster-from-ingress"),
        {
            securityGroupId: clusterSecurityGroupId,
            referencedSecurityGroupId: securityGroup.id,
            ipProtocol: "tcp",
            fromPort: EDGE_SERVICE_PORT,
            toPort: EDGE_SERVICE_PORT,
            description: "TLS from the regional NLB to the edge service",
            tags: scope.tags("cluster-from-ingress"),
        },
        scope.options(),
    );

    const loadBalancer = new aws.lb.LoadBalancer(
        scope.child("nlb"),
        {
            loadBalancerType: "network",
            internal: false,
            ipAddressType: "ipv4",
            subnets: net.publicSubnetIds,
            securityGroups: [securityGroup.id],
            enableCrossZoneLoadBalancing: true,
            enableDeletionProtection: scope.protections.deletionProtection,
            accessLogs: accessLogs ? { enabled: true, bucket: accessLogs.bucket, prefix: accessLogs.prefix } : undefined,
            tags: scope.tags("nlb"),
        },
        // ELB checks it may write to the bucket when the attribute is set: the policy must be in place.
        scope.options(accessLogs ? { dependsOn: [accessLogs.policy] } : {}),
    );
    const targetGroup = new aws.lb.TargetGroup(
        scope.child("tg"),
        {
            vpcId: net.vpcId,
            targetType: "ip",
            protocol: tls ? "TLS" : "TCP",
            port: EDGE_SERVICE_PORT,
            deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
            healthCheck: { ...targetGroupHealthCheck(scope.region.healthCheck) },
            tags: scope.tags("tg"),
        },
        scope.options(),
    );
    const certificateArn = tls ? createIngressCertificate(scope, tls) : undefined;
    new aws.lb.Listener(
        scope.child("https"),
        {
            loadBalancerArn: loadBalancer.arn,
            port: HTTPS_PORT,
            protocol: tls ? "TLS" : "TCP",
            certificateArn,
            sslPolicy: tls ? LISTENER_TLS_POLICY : undefined,
            defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            tags: scope.tags("https"),
        },
        scope.options(),
    );
    return { loadBalancer, targetGroup, securityGroup, certificateArn };
}

/** An ACM certificate in the region for the given names, DNS-validated; resolves once validated. */
function createIngressCertificate(scope: RegionalScope, tls: IngressTls): pulumi.Output<string> {
    const [domainName, ...alternatives] = tls.names;
    if (domainName === undefined) throw new Error(`ingress of ${scope.region.code}: a certificate needs at least one name`);
    const certificate = new aws.acm.Certificate(
        scope.child("ingress-cert"),
        { domainName, subjectAlternativeNames: alternatives, validationMethod: "DNS", keyAlgorithm: "RSA_2048", tags: scope.tags("ingress-cert", { [TAG.classification]: "internal" }) },
        scope.options(),
    );
    const records = tls.names.map((name, i) => {
        const option = certificate.domainValidationOptions.apply((options) => options.find((o) => o.domainName === name) ?? options[i]);
        return new aws.route53.Record(
            scope.child(`ingress-cert-validation-${i}`),
            {
                zoneId: tls.hostedZoneId,
                name: option.apply((o) => o?.resourceRecordName ?? ""),
                type: option.apply((o) => o?.resourceRecordType ?? "CNAME"),
                records: [option.apply((o) => o?.resourceRecordValue ?? "")],
                ttl: 60,
                // Two regions of a zone both validate the zone's names: same record, shared.
                allowOverwrite: true,
            },
            scope.options({ provider: tls.dnsProvider }),
        );
    });
    const validation = new aws.acm.CertificateValidation(
        scope.child("ingress-cert-validation"),
        { certificateArn: certificate.arn, validationRecordFqdns: records.map((r) => r.fqdn) },
        scope.options(),
    );
    return validation.certificateArn;
}
