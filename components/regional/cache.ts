import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import * as random from "@pulumi/random";
import type { RegionConfig } from "../../config";
import type { Protections } from "./protection";
import type { RegionalScope } from "./scope";

export const REDIS_PORT = 6379;

export interface CacheSettings {
    readonly engine: "redis";
    readonly engineVersion: string;
    readonly parameterGroupName: string;
    readonly nodeType: string;
    /** Primary plus replicas, one per AZ as far as they go. */
    readonly numCacheClusters: number;
    readonly automaticFailover: boolean;
    readonly multiAz: boolean;
    readonly snapshotRetentionDays: number;
    readonly applyImmediately: boolean;
    /**
     * AUTH token length. ElastiCache accepts 16..128 printable characters without @, " or /;
     * alphanumerics only keeps it safe in every client's connection string.
     */
    readonly authTokenLength: number;
}

export function cacheSettings(sizing: RegionConfig["sizing"]["cache"], protections: Protections): CacheSettings {
    // Automatic failover and Multi-AZ need a replica; the config schema already demands 2+ nodes,
    // this guards callers that build a RegionConfig by hand.
    if (sizing.nodes < 2) throw new Error(`a Redis replication group with automatic failover needs at least 2 nodes, got ${sizing.nodes}`);
    return {
        engine: "redis",
        engineVersion: "7.1",
        parameterGroupName: "default.redis7",
        nodeType: sizing.nodeType,
        numCacheClusters: sizing.nodes,
        automaticFailover: true,
        multiAz: true,
        snapshotRetentionDays: protections.cacheSnapshotRetentionDays,
        applyImmediately: protections.applyImmediately,
        authTokenLength: 64,
    };
}

export interface Cache {
    readonly replicationGroup: aws.elasticache.ReplicationGroup;
    readonly securityGroup: aws.ec2.SecurityGroup;
    readonly authSecret: aws.secretsmanager.Secret;
}

/**
 * Redis replication group in the isolated tier, reachable only from the cluster's security group.
 * The AUTH token comes from @pulumi/random (a secret in state) and is also put in Secrets Manager,
 * encrypted with the regional key, so workloads read it through IRSA rather than from config.
 */
export function createCache(
    scope: RegionalScope,
    net: { vpcId: pulumi.Input<string>; isolatedSubnetIds: pulumi.Input<string[]> },
    clusterSecurityGroupId: pulumi.Input<string>,
    key: aws.kms.Key,
): Cache {
    const { names } = scope;
    const settings = cacheSettings(scope.region.sizing.cache, scope.protections);

    const securityGroup = new aws.ec2.SecurityGroup(
        scope.child("cache-sg"),
        { vpcId: net.vpcId, description: `Redis of ${names.prefix}: reachable only from the EKS cluster`, tags: scope.tags("cache-sg") },
        scope.options(),
    );
    new aws.vpc.SecurityGroupIngressRule(
        scope.child("cache-from-cluster"),
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: clusterSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: REDIS_PORT,
            toPort: REDIS_PORT,
            description: "Redis from EKS nodes and pods",
            tags: scope.tags("cache-from-cluster"),
        },
        scope.options(),
    );
    const subnetGroup = new aws.elasticache.SubnetGroup(
        scope.child("cache-subnets"),
        { subnetIds: net.isolatedSubnetIds, description: `Isolated subnets of ${names.prefix}`, tags: scope.tags("cache-subnets") },
        scope.options(),
    );

    const authToken = new random.RandomPassword(
        scope.child("cache-auth-token"),
        { length: settings.authTokenLength, special: false },
        { parent: scope.parent },
    );
    const authSecret = new aws.secretsmanager.Secret(
        scope.child("cache-auth"),
        { description: `Redis AUTH token of ${names.prefix}`, kmsKeyId: key.arn, tags: scope.tags("cache-auth") },
        scope.options(),
    );
    new aws.secretsmanager.SecretVersion(scope.child("cache-auth-value"), { secretId: authSecret.id, secretString: authToken.result }, scope.options());

    const slowLog = new aws.cloudwatch.LogGroup(
        scope.child("cache-slow-log"),
        { name: names.cacheSlowLogGroup, retentionInDays: scope.environment.logRetentionDays, kmsKeyId: key.arn, tags: scope.tags("cache-slow-log") },
        scope.options(),
    );

    const replicationGroup = new aws.elasticache.ReplicationGroup(
        scope.child("cache"),
        {
            description: `Redis for ${names.prefix}`,
            engine: settings.engine,
            engineVersion: settings.engineVersion,
            parameterGroupName: settings.parameterGroupName,
            nodeType: settings.nodeType,
            numCacheClusters: settings.numCacheClusters,
            port: REDIS_PORT,
            automaticFailoverEnabled: settings.automaticFailover,
            multiAzEnabled: settings.multiAz,
            subnetGroupName: subnetGroup.name,
            securityGroupIds: [securityGroup.id],
            atRestEncryptionEnabled: true,
            kmsKeyId: key.arn,
            transitEncryptionEnabled: true,
            authToken: authToken.result,
            snapshotRetentionLimit: settings.snapshotRetentionDays,
            autoMinorVersionUpgrade: true,
            applyImmediately: settings.applyImmediately,
            logDeliveryConfigurations: [{ destination: slowLog.name, destinationType: "cloudwatch-logs", logFormat: "json", logType: "slow-log" }],
            tags: scope.tags("cache"),
        },
        scope.options(),
    );
    return { replicationGroup, securityGroup, authSecret };
}
