import * as aws from "@pulumi/aws";
import * as awsx from "@pulumi/awsx";
import * as pulumi from "@pulumi/pulumi";
import { formatIpv4, isCidr, parseCidr } from "../../config/cidr";
import { flowLogDeliveryPolicy, flowLogTrustPolicy } from "./policies";
import type { RegionalScope } from "./scope";

/** Subnets span three AZs: a regional outage of one AZ leaves two for EKS, RDS Multi-AZ and Redis. */
export const AVAILABILITY_ZONES = 3;

/** AWS does not allow subnets smaller than /28. */
const SMALLEST_SUBNET_PREFIX = 28;

export type SubnetTier = "private" | "public" | "isolated";

export interface SubnetTierSpec {
    readonly tier: SubnetTier;
    readonly type: "Private" | "Public" | "Isolated";
    /** Prefix length of each of this tier's subnets (one per AZ). */
    readonly cidrMask: number;
    /** Tags on the subnets, e.g. the ones the AWS Load Balancer Controller discovers subnets by. */
    readonly tags: Readonly<Record<string, string>>;
}

export interface SubnetLayout {
    readonly vpcCidr: string;
    readonly azCount: number;
    /** Each AZ gets one aligned block of this prefix length; its tiers are carved out of it. */
    readonly availabilityZoneCidrMask: number;
    /** In allocation order inside each AZ block. */
    readonly tiers: readonly SubnetTierSpec[];
}

/**
 * The three subnet tiers, sized from the VPC CIDR so any VPC from /16 to /20 gets the same shape.
 * Per AZ block: private half of it (EKS nodes *and pods*: the VPC CNI gives every pod a VPC
 * address, so this tier needs the room), public an eighth (load balancers and NAT gateways only),
 * isolated an eighth (RDS and ElastiCache: no route to the internet at all). The last quarter stays
 * free for a later tier without renumbering. Private comes first so the big block is aligned.
 */
export function subnetLayout(vpcCidr: string, azCount: number = AVAILABILITY_ZONES): SubnetLayout {
    const vpc = parseCidr(vpcCidr);
    if (!isCidr(vpc)) throw new Error(`VPC CIDR: ${vpc.error}`);
    if (!Number.isInteger(azCount) || azCount < 1) throw new Error(`expected at least one availability zone, got ${azCount}`);
    const availabilityZoneCidrMask = vpc.prefixLength + Math.ceil(Math.log2(azCount));
    const tiers: SubnetTierSpec[] = [
        { tier: "private", type: "Private", cidrMask: availabilityZoneCidrMask + 1, tags: { "kubernetes.io/role/internal-elb": "1", Tier: "private" } },
        { tier: "public", type: "Public", cidrMask: availabilityZoneCidrMask + 3, tags: { "kubernetes.io/role/elb": "1", Tier: "public" } },
        { tier: "isolated", type: "Isolated", cidrMask: availabilityZoneCidrMask + 3, tags: { Tier: "isolated" } },
    ];
    const tooSmall = tiers.find((t) => t.cidrMask > SMALLEST_SUBNET_PREFIX);
    if (tooSmall) {
        throw new Error(`VPC ${vpcCidr} is too small for ${azCount} AZs: ${tooSmall.tier} subnets would be /${tooSmall.cidrMask}, AWS allows at most /${SMALLEST_SUBNET_PREFIX}`);
    }
    return { vpcCidr, azCount, availabilityZoneCidrMask, tiers };
}

export interface PlannedSubnet {
    readonly az: number;
    readonly tier: SubnetTier;
    readonly cidr: string;
}

/**
 * The concrete subnet CIDRs awsx will create for a layout (its "Auto" strategy: per AZ block,
 * tiers in order, each aligned to its own size after the previous one). Used to prove a layout
 * fits: awsx only finds out at deploy time.
 */
export function plannedSubnets(layout: SubnetLayout): PlannedSubnet[] {
    const vpc = parseCidr(layout.vpcCidr);
    if (!isCidr(vpc)) throw new Error(`VPC CIDR: ${vpc.error}`);
    const azSize = 2 ** (32 - layout.availabilityZoneCidrMask);
    const subnets: PlannedSubnet[] = [];
    for (let az = 0; az < layout.azCount; az++) {
        const azStart = vpc.start + az * azSize;
        let next = azStart;
        for (const t of layout.tiers) {
            const size = 2 ** (32 - t.cidrMask);
            const start = Math.ceil(next / size) * size;
            if (start + size > azStart + azSize) {
                throw new Error(`${t.tier} subnet /${t.cidrMask} does not fit in AZ block ${az + 1} of ${layout.vpcCidr}`);
            }
            subnets.push({ az, tier: t.tier, cidr: `${formatIpv4(start)}/${t.cidrMask}` });
            next = start + size;
        }
    }
    return subnets;
}

export interface Network {
    readonly vpc: awsx.ec2.Vpc;
    readonly flowLogGroup: aws.cloudwatch.LogGroup;
}

/** VPC over three AZs with three tiers, the default SG emptied, and flow logs to an encrypted group. */
export function createNetwork(scope: RegionalScope, key: aws.kms.Key): Network {
    const layout = subnetLayout(scope.region.vpcCidr);
    const vpc = new awsx.ec2.Vpc(
        scope.child("vpc"),
        {
            cidrBlock: layout.vpcCidr,
            numberOfAvailabilityZones: layout.azCount,
            availabilityZoneCidrMask: layout.availabilityZoneCidrMask,
            subnetStrategy: awsx.ec2.SubnetAllocationStrategy.Auto,
            subnetSpecs: layout.tiers.map((t) => ({ type: t.type, name: t.tier, cidrMask: t.cidrMask, tags: { ...t.tags } })),
            natGateways: { strategy: scope.protections.natGatewayStrategy },
            // The EKS private endpoint resolves only with DNS support and hostnames on.
            enableDnsSupport: true,
            enableDnsHostnames: true,
            tags: scope.tags("vpc"),
        },
        scope.remoteOptions(),
    );

    // AWS gives every VPC a default SG that allows all traffic between its members; nothing
    // should use it, so adopt it and strip its rules.
    new aws.ec2.DefaultSecurityGroup(scope.child("default-sg"), { vpcId: vpc.vpcId, tags: scope.tags("default-sg-unused") }, scope.options());

    const flowLogGroup = new aws.cloudwatch.LogGroup(
        scope.child("flow-logs"),
        { name: scope.names.flowLogGroup, retentionInDays: scope.environment.logRetentionDays, kmsKeyId: key.arn, tags: scope.tags("flow-logs") },
        scope.options(),
    );
    const role = new aws.iam.Role(
        scope.child("flow-logs-role"),
        {
            description: `Delivers VPC flow logs of ${scope.names.prefix} to CloudWatch Logs`,
            assumeRolePolicy: scope.account.apply((a) => JSON.stringify(flowLogTrustPolicy(a))),
            tags: scope.tags("flow-logs-role"),
        },
        scope.options(),
    );
    const policy = new aws.iam.RolePolicy(
        scope.child("flow-logs-policy"),
        {
            role: role.name,
            policy: pulumi.all([flowLogGroup.arn, scope.account]).apply(([arn, a]) => JSON.stringify(flowLogDeliveryPolicy(arn, a))),
        },
        scope.options(),
    );
    new aws.ec2.FlowLog(
        scope.child("flow-log"),
        {
            vpcId: vpc.vpcId,
            trafficType: "ALL",
            logDestinationType: "cloud-watch-logs",
            logDestination: flowLogGroup.arn,
            iamRoleArn: role.arn,
            // One-minute aggregation: fast enough to investigate a failover, not only the next day.
            maxAggregationInterval: 60,
            tags: scope.tags("flow-log"),
        },
        scope.options({ dependsOn: [policy] }),
    );
    return { vpc, flowLogGroup };
}
