import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { RegionConfig } from "../../config";
import type { RegionalScope } from "./scope";

export const HTTPS_PORT = 443;
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
}

/**
 * The region's public entry point, which the global layer (Global Accelerator, Route 53) targets:
 * an internet-facing NLB passing TLS through on 443 to pod IPs. TLS terminates in the cluster's
 * ingress; the in-cluster AWS Load Balancer Controller registers the pods in the target group
 * through a TargetGroupBinding. NLB access logs exist only for TLS listeners, so a TCP passthrough
 * listener has none; the VPC flow logs record these connections instead.
 */
export function createIngress(
    scope: RegionalScope,
    net: { vpcId: pulumi.Input<string>; publicSubnetIds: pulumi.Input<string[]> },
    clusterSecurityGroupId: pulumi.Input<string>,
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
            cidrIpv4: "0.0.0.0/0",
            ipProtocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            description: "HTTPS from clients, Global Accelerator and Route 53 health checks",
            tags: scope.tags("ingress-https-in"),
        },
        scope.options(),
    );
    // The NLB forwards (and health-checks) only to the cluster, only on 443, both ways scoped.
    new aws.vpc.SecurityGroupEgressRule(
        scope.child("ingress-to-cluster"),
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: clusterSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            description: "TLS passthrough to ingress pods",
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
            fromPort: HTTPS_PORT,
            toPort: HTTPS_PORT,
            description: "TLS passthrough from the regional NLB",
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
            tags: scope.tags("nlb"),
        },
        scope.options(),
    );
    const targetGroup = new aws.lb.TargetGroup(
        scope.child("tg"),
        {
            vpcId: net.vpcId,
            targetType: "ip",
            protocol: "TCP",
            port: HTTPS_PORT,
            deregistrationDelay: DEREGISTRATION_DELAY_SECONDS,
            healthCheck: { ...targetGroupHealthCheck(scope.region.healthCheck) },
            tags: scope.tags("tg"),
        },
        scope.options(),
    );
    new aws.lb.Listener(
        scope.child("https"),
        {
            loadBalancerArn: loadBalancer.arn,
            port: HTTPS_PORT,
            protocol: "TCP",
            defaultActions: [{ type: "forward", targetGroupArn: targetGroup.arn }],
            tags: scope.tags("https"),
        },
        scope.options(),
    );
    return { loadBalancer, targetGroup, securityGroup };
}
