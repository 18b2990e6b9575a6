import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, GlobalConfig, RegionConfig } from "../../config";
import { GLOBAL_LAYER_TAGS } from "./globalTags";
import { EDGE_LOG_PREFIX } from "./logBucket";
import type { TrafficShare } from "./traffic";

/** The only port the platform serves: HTTPS, passed through to each region's NLB as TCP. */
export const INGRESS_PORT = 443;

/** A region's ingress load balancer, as the global layer needs it. */
export interface RegionalIngress {
    /** ARN of the internet-facing NLB (TCP 443 listener): the accelerator's endpoint. */
    readonly loadBalancerArn: pulumi.Input<string>;
    /** The NLB's DNS name: Route 53 health checks probe it and regional records alias it. */
    readonly dnsName: pulumi.Input<string>;
    /** The NLB's canonical hosted zone ID, for alias records. */
    readonly zoneId: pulumi.Input<string>;
}

/** Endpoint group settings for one region, everything except the listener and endpoint. */
export interface EndpointGroupSettings {
    readonly endpointGroupRegion: string;
    readonly trafficDialPercentage: number;
    readonly healthCheckProtocol: "HTTPS";
    readonly healthCheckPort: number;
    readonly healthCheckPath: string;
    readonly healthCheckIntervalSeconds: 10 | 30;
    readonly thresholdCount: number;
}

/**
 * One region's endpoint group settings from its config and traffic share. For NLB endpoints
 * Global Accelerator relies on the load balancer's own target health checks and ignores these
 * health settings; they are still set from the same config so that the intent is recorded in
 * one place and holds if an endpoint ever becomes an EC2 instance or Elastic IP. The NLB's target
 * group derives its health check from the same config (components/regional/ingress.ts).
 */
export function endpointGroupSettings(region: RegionConfig, share: TrafficShare): EndpointGroupSettings {
    if (share.region !== region.code) throw new Error(`traffic share for ${share.region} given for region ${region.code}`);
    return {
        endpointGroupRegion: region.code,
        trafficDialPercentage: share.acceleratorDial,
        healthCheckProtocol: "HTTPS",
        healthCheckPort: INGRESS_PORT,
        healthCheckPath: region.healthCheck.path,
        healthCheckIntervalSeconds: region.healthCheck.intervalSeconds,
        thresholdCount: region.healthCheck.failureThreshold,
    };
}

export interface GlobalAcceleratorArgs {
    readonly environment: EnvironmentConfig;
    /** The residency zone this accelerator serves: it holds endpoint groups of that zone's regions only. */
    readonly zone: string;
    readonly accelerator: GlobalConfig["accelerator"];
    readonly regions: readonly RegionConfig[];
    readonly traffic: readonly TrafficShare[];
    readonly ingress: Readonly<Record<string, RegionalIngress>>;
    /** Bucket for flow logs; required when flow logs are on. */
    readonly flowLogBucket?: pulumi.Input<string>;
}

export interface GlobalAccelerator {
    readonly accelerator: aws.globalaccelerator.Accelerator;
    readonly listener: aws.globalaccelerator.Listener;
    readonly endpointGroups: Readonly<Record<string, aws.globalaccelerator.EndpointGroup>>;
}

/**
 * One zone's accelerator, one TCP/443 listener, and one endpoint group per region of that zone.
 * Drained regions keep their group at dial 0, so undraining is a dial change, not a new resource.
 * `opts` carries the global-services provider: Global Accelerator is a global service (the AWS
 * provider sends its calls to the us-west-2 API whatever its region).
 *
 * Why one accelerator per zone: AWS documents that when an endpoint group has no healthy
 * endpoint, the accelerator sends its traffic to the next closest group, and when no endpoint
 * at all is healthy it fails open and routes to all endpoints ("How Global Accelerator works",
 * health checks and failover). Both spill only within the accelerator's own groups, so an
 * accelerator holding one zone's groups keeps even its fail-open inside that zone: with the
 * whole zone down, its users reach an unhealthy in-zone endpoint (an error), never another zone.
 *
 * Client IP preservation stays off: Global Accelerator does not support it for a Network Load
 * Balancer with a TLS listener ("Requirements for endpoints with client IP address preservation"),
 * so the NLB sees connections from the accelerator's edge addresses (see regional/ingress.ts).
 */
export function createGlobalAccelerator(name: string, args: GlobalAcceleratorArgs, opts: pulumi.CustomResourceOptions): GlobalAccelerator {
    const flowLogs = args.accelerator.flowLogs;
    if (flowLogs && args.flowLogBucket === undefined) throw new Error("accelerator flow logs are on but no log bucket was given");
    const outside = args.regions.filter((r) => r.residency !== args.zone).map((r) => r.code);
    if (outside.length > 0) throw new Error(`accelerator of zone ${args.zone}: regions ${outside.join(", ")} are in another zone`);
    const accelerator = new aws.globalaccelerator.Accelerator(name, {
        name: `${args.environment.name}-ai-platform-${args.zone}`,
        ipAddressType: "IPV4",
        enabled: true,
        attributes: flowLogs
            ? { flowLogsEnabled: true, flowLogsS3Bucket: args.flowLogBucket, flowLogsS3Prefix: `${EDGE_LOG_PREFIX.accelerator}/${args.zone}` }
            : { flowLogsEnabled: false },
        tags: { ...GLOBAL_LAYER_TAGS, ServedZone: args.zone },
    }, opts);

    const listener = new aws.globalaccelerator.Listener(`${name}-https`, {
        acceleratorArn: accelerator.arn,
        protocol: "TCP",
        portRanges: [{ fromPort: INGRESS_PORT, toPort: INGRESS_PORT }],
        clientAffinity: args.accelerator.clientAffinity,
    }, { ...opts, parent: accelerator });

    const endpointGroups: Record<string, aws.globalaccelerator.EndpointGroup> = {};
    for (const region of args.regions) {
        const share = args.traffic.find((t) => t.region === region.code);
        const ingress = args.ingress[region.code];
        if (!share || !ingress) throw new Error(`region ${region.code}: missing traffic share or ingress`);
        endpointGroups[region.code] = new aws.globalaccelerator.EndpointGroup(`${name}-${region.code}`, {
            listenerArn: listener.arn,
            ...endpointGroupSettings(region, share),
            endpointConfigurations: [{ endpointId: ingress.loadBalancerArn, weight: 100, clientIpPreservationEnabled: false }],
        }, { ...opts, parent: listener });
    }
    return { accelerator, listener, endpointGroups };
}
