import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { ConfigError, type EnvironmentConfig, type RegionConfig } from "../../config";
import { createNlbAccessLogBucket } from "./accessLogs";
import { createCache } from "./cache";
import { createCluster } from "./cluster";
import { createDatabase } from "./database";
import { createRegionalKey } from "./encryption";
import { createIngress, type IngressTls } from "./ingress";
import { physicalNames } from "./names";
import { createNetwork } from "./network";
import { protectionsFor } from "./protection";
import { RegionalScope } from "./scope";
import { regionalStackIssues } from "./validation";

export const REGIONAL_STACK_TYPE = "ai-platform:regional:RegionalStack";

export interface RegionalStackArgs {
    readonly region: RegionConfig;
    readonly environment: EnvironmentConfig;
    /** The region's provider (RegionalProviders.forRegion): every child is created through it. */
    readonly provider: aws.Provider;
    /** The ingress certificate's names and their hosted zone; absent without a domain (TCP passthrough). */
    readonly ingressTls?: IngressTls;
}

/**
 * One region of the platform: KMS key, VPC (public / private / isolated over three AZs) with flow
 * logs, EKS with general, GPU and memory node groups, PostgreSQL, Redis, and the NLB the global
 * layer points at (in production with its access-log bucket). Sizes come from the region's
 * config; production protections from `environment.production`. Each concern lives in its own module; this class only wires them.
 */
export class RegionalStack extends pulumi.ComponentResource {
    /** The AWS region code this stack is created in. */
    readonly region: string;
    readonly vpcId: pulumi.Output<string>;
    readonly publicSubnetIds: pulumi.Output<string[]>;
    readonly privateSubnetIds: pulumi.Output<string[]>;
    readonly isolatedSubnetIds: pulumi.Output<string[]>;
    readonly kmsKeyArn: pulumi.Output<string>;
    readonly clusterName: pulumi.Output<string>;
    readonly clusterEndpoint: pulumi.Output<string>;
    /** The EKS cluster security group: carried by the control plane, every managed node and pod. */
    readonly clusterSecurityGroupId: pulumi.Output<string>;
    readonly nodeSecurityGroupId: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;
    readonly clusterArn: pulumi.Output<string>;
    /** Kubeconfig (JSON) for the in-cluster layer's Kubernetes provider; authenticates with `aws eks get-token`. */
    readonly kubeconfig: pulumi.Output<string>;
    readonly databaseAddress: pulumi.Output<string>;
    readonly databasePort: pulumi.Output<number>;
    /** Secrets Manager secret holding the RDS-managed master credentials. */
    readonly databaseSecretArn: pulumi.Output<string>;
    /** Primary endpoint of the Redis replication group (TLS, AUTH token required). */
    readonly cacheEndpoint: pulumi.Output<string>;
    /** Secrets Manager secret holding the Redis AUTH token. */
    readonly cacheAuthSecretArn: pulumi.Output<string>;
    readonly ingressLoadBalancerArn: pulumi.Output<string>;
    readonly ingressDnsName: pulumi.Output<string>;
    /** Canonical hosted zone of the NLB, for Route 53 alias records. */
    readonly ingressZoneId: pulumi.Output<string>;
    /** Where the in-cluster load balancer controller registers ingress pods (TargetGroupBinding). */
    readonly ingressTargetGroupArn: pulumi.Output<string>;
    readonly flowLogGroupName: pulumi.Output<string>;

    constructor(name: string, args: RegionalStackArgs, opts: pulumi.ComponentResourceOptions = {}) {
        const issues = regionalStackIssues(args.region);
        if (issues.length > 0) throw new ConfigError(issues);
        super(REGIONAL_STACK_TYPE, name, {}, pulumi.mergeOptions(opts, { providers: { aws: args.provider } }));

        const { region, environment, provider } = args;
        const scope = new RegionalScope(name, region, environment, provider, this, protectionsFor(environment), physicalNames(environment, region));

        // NLBs write access logs for TLS listeners only, so without a certificate there is nothing to keep.
        const nlbAccessLogs = scope.protections.nlbAccessLogs && args.ingressTls !== undefined;
        const key = createRegionalKey(scope, { logDelivery: nlbAccessLogs });
        const { vpc, flowLogGroup } = createNetwork(scope, key);
        const { cluster } = createCluster(scope, { vpc }, key);
        const clusterSg = cluster.clusterSecurityGroupId;
        const subnets = { vpcId: vpc.vpcId, isolatedSubnetIds: vpc.isolatedSubnetIds, publicSubnetIds: vpc.publicSubnetIds };
        const database = createDatabase(scope, subnets, clusterSg, key);
        const cache = createCache(scope, subnets, clusterSg, key);
        const accessLogs = nlbAccessLogs ? createNlbAccessLogBucket(scope, key) : undefined;
        const ingress = createIngress(scope, subnets, clusterSg, args.ingressTls, accessLogs);

        this.region = region.code;
        this.vpcId = vpc.vpcId;
        this.publicSubnetIds = vpc.publicSubnetIds;
        this.privateSubnetIds = vpc.privateSubnetIds;
        this.isolatedSubnetIds = vpc.isolatedSubnetIds;
        this.kmsKeyArn = key.arn;
        this.clusterName = cluster.eksCluster.apply((c) => c.name);
        this.clusterEndpoint = cluster.eksCluster.apply((c) => c.endpoint);
        this.clusterSecurityGroupId = cluster.clusterSecurityGroupId;
        this.nodeSecurityGroupId = cluster.nodeSecurityGroupId;
        this.oidcProviderArn = cluster.oidcProviderArn;
        this.clusterArn = cluster.eksCluster.apply((c) => c.arn);
        this.kubeconfig = pulumi.secret(cluster.kubeconfigJson);
        this.databaseAddress = database.instance.address;
        this.databasePort = database.instance.port;
        this.databaseSecretArn = database.instance.masterUserSecrets.apply((s) => s?.[0]?.secretArn ?? "");
        this.cacheEndpoint = cache.replicationGroup.primaryEndpointAddress;
        this.cacheAuthSecretArn = cache.authSecret.arn;
        this.ingressLoadBalancerArn = ingress.loadBalancer.arn;
        this.ingressDnsName = ingress.loadBalancer.dnsName;
        this.ingressZoneId = ingress.loadBalancer.zoneId;
        this.ingressTargetGroupArn = ingress.targetGroup.arn;
        this.flowLogGroupName = flowLogGroup.name;

        this.registerOutputs({
            region: this.region,
            vpcId: this.vpcId,
            publicSubnetIds: this.publicSubnetIds,
            privateSubnetIds: this.privateSubnetIds,
            isolatedSubnetIds: this.isolatedSubnetIds,
            kmsKeyArn: this.kmsKeyArn,
            clusterName: this.clusterName,
            clusterEndpoint: this.clusterEndpoint,
            clusterSecurityGroupId: this.clusterSecurityGroupId,
            nodeSecurityGroupId: this.nodeSecurityGroupId,
            oidcProviderArn: this.oidcProviderArn,
            databaseAddress: this.databaseAddress,
            databasePort: this.databasePort,
            databaseSecretArn: this.databaseSecretArn,
            cacheEndpoint: this.cacheEndpoint,
            cacheAuthSecretArn: this.cacheAuthSecretArn,
            ingressLoadBalancerArn: this.ingressLoadBalancerArn,
            ingressDnsName: this.ingressDnsName,
            ingressZoneId: this.ingressZoneId,
            ingressTargetGroupArn: this.ingressTargetGroupArn,
            flowLogGroupName: this.flowLogGroupName,
        });
    }
}
