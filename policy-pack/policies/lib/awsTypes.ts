/**
 * Pulumi type tokens this pack knows, and how it classifies them for residency. Tokens are the
 * `__pulumiType` values of @pulumi/aws 7.x and @pulumi/eks 4.x (the tests check each exists), kept as
 * strings so the pack does not need @pulumi/aws installed to run.
 */

export const T = {
    rdsInstance: "aws:rds/instance:Instance",
    rdsCluster: "aws:rds/cluster:Cluster",
    rdsClusterInstance: "aws:rds/clusterInstance:ClusterInstance",
    rdsGlobalCluster: "aws:rds/globalCluster:GlobalCluster",
    rdsBackupReplication: "aws:rds/instanceAutomatedBackupsReplication:InstanceAutomatedBackupsReplication",
    rdsClusterSnapshot: "aws:rds/clusterSnapshot:ClusterSnapshot",
    rdsSnapshot: "aws:rds/snapshot:Snapshot",
    cacheReplicationGroup: "aws:elasticache/replicationGroup:ReplicationGroup",
    cacheGlobalReplicationGroup: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup",
    cacheCluster: "aws:elasticache/cluster:Cluster",
    cacheServerless: "aws:elasticache/serverlessCache:ServerlessCache",
    dynamoTable: "aws:dynamodb/table:Table",
    dynamoTableReplica: "aws:dynamodb/tableReplica:TableReplica",
    dynamoKinesisDestination: "aws:dynamodb/kinesisStreamingDestination:KinesisStreamingDestination",
    s3Bucket: "aws:s3/bucket:Bucket",
    s3BucketV2: "aws:s3/bucketV2:BucketV2",
    s3BucketObject: "aws:s3/bucketObjectv2:BucketObjectv2",
    s3Encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    s3EncryptionV2: "aws:s3/bucketServerSideEncryptionConfigurationV2:BucketServerSideEncryptionConfigurationV2",
    s3Replication: "aws:s3/bucketReplicationConfig:BucketReplicationConfig",
    s3PublicAccessBlock: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    s3BucketAcl: "aws:s3/bucketAcl:BucketAcl",
    s3BucketAclV2: "aws:s3/bucketAclV2:BucketAclV2",
    ebsVolume: "aws:ebs/volume:Volume",
    ebsSnapshot: "aws:ebs/snapshot:Snapshot",
    ec2Instance: "aws:ec2/instance:Instance",
    ec2FlowLog: "aws:ec2/flowLog:FlowLog",
    eksCluster: "aws:eks/cluster:Cluster",
    eksNodeGroup: "aws:eks/nodeGroup:NodeGroup",
    eksComponentCluster: "eks:index:Cluster",
    snsTopic: "aws:sns/topic:Topic",
    sqsQueue: "aws:sqs/queue:Queue",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    logSubscriptionFilter: "aws:cloudwatch/logSubscriptionFilter:LogSubscriptionFilter",
    cloudfrontDistribution: "aws:cloudfront/distribution:Distribution",
    lbListener: "aws:lb/listener:Listener",
    albListener: "aws:alb/listener:Listener",
    lbLoadBalancer: "aws:lb/loadBalancer:LoadBalancer",
    albLoadBalancer: "aws:alb/loadBalancer:LoadBalancer",
    iamPolicy: "aws:iam/policy:Policy",
    iamRole: "aws:iam/role:Role",
    iamRolePolicy: "aws:iam/rolePolicy:RolePolicy",
    iamUserPolicy: "aws:iam/userPolicy:UserPolicy",
    iamGroupPolicy: "aws:iam/groupPolicy:GroupPolicy",
    iamRolePolicyAttachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    iamRolePolicyAttachmentsExclusive: "aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive",
    iamUserPolicyAttachment: "aws:iam/userPolicyAttachment:UserPolicyAttachment",
    iamGroupPolicyAttachment: "aws:iam/groupPolicyAttachment:GroupPolicyAttachment",
    iamPolicyAttachment: "aws:iam/policyAttachment:PolicyAttachment",
    lambdaFunction: "aws:lambda/function:Function",
    wafWebAcl: "aws:wafv2/webAcl:WebAcl",
    wafIpSet: "aws:wafv2/ipSet:IpSet",
    wafRuleGroup: "aws:wafv2/ruleGroup:RuleGroup",
    wafRegexPatternSet: "aws:wafv2/regexPatternSet:RegexPatternSet",
    wafLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    kmsKey: "aws:kms/key:Key",
    kmsReplicaKey: "aws:kms/replicaKey:ReplicaKey",
    secret: "aws:secretsmanager/secret:Secret",
    acmCertificate: "aws:acm/certificate:Certificate",
    backupPlan: "aws:backup/plan:Plan",
    backupVault: "aws:backup/vault:Vault",
    kinesisStream: "aws:kinesis/stream:Stream",
    firehoseStream: "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream",
    efsFileSystem: "aws:efs/fileSystem:FileSystem",
    opensearchDomain: "aws:opensearch/domain:Domain",
} as const;

/** The region AWS pins its global services' control planes (and their certificates and WAF) to. */
export const GLOBAL_SERVICES_REGION = "us-east-1";

/**
 * AWS modules whose every resource type is global (no region, or a control plane AWS runs from
 * us-east-1). Matched on the token's module, `aws:<module>/...`.
 */
export const GLOBAL_SERVICE_MODULES: readonly string[] = [
    "iam",
    "cloudfront",
    "globalaccelerator",
    "route53",
    "route53domains",
    "waf", // WAF Classic global (CloudFront) ACLs; regional WAF Classic is the separate `wafregional` module
    "shield",
    "organizations",
    "budgets",
];

/** Types inside a global module that are regional nonetheless (Route 53 Resolver and Profiles live in a VPC's region). */
export const REGIONAL_TYPES_IN_GLOBAL_MODULES: readonly RegExp[] = [
    /^aws:route53\/resolver[A-Za-z]*:/,
    /^aws:route53\/profiles[A-Za-z]*:/,
];

/**
 * Regional types that hold or process data and so must belong to a residency zone: a resource of
 * one of these types that no tag or setting puts in a zone is a violation, not a pass. (Other
 * regional types, such as subnets or alarms, are still region-checked when they carry a zone.)
 */
export const DATA_HOLDING_TYPES: readonly string[] = [
    T.rdsInstance, T.rdsCluster, T.rdsClusterInstance, T.rdsGlobalCluster, T.rdsBackupReplication,
    T.rdsClusterSnapshot, T.rdsSnapshot,
    T.cacheReplicationGroup, T.cacheGlobalReplicationGroup, T.cacheCluster, T.cacheServerless,
    T.dynamoTable, T.dynamoTableReplica,
    T.s3Bucket, T.s3BucketV2, T.s3BucketObject,
    T.ebsVolume, T.ebsSnapshot, T.ec2Instance,
    T.eksCluster, T.eksNodeGroup,
    T.lambdaFunction,
    T.secret, T.snsTopic, T.sqsQueue, T.logGroup,
    T.kinesisStream, T.firehoseStream, T.efsFileSystem, T.opensearchDomain, T.backupVault,
    T.lbLoadBalancer, T.albLoadBalancer,
];

/** `aws:rds/instance:Instance` -> `rds`. */
export function awsModuleOf(type: string): string | undefined {
    const m = /^aws:([^/:]+)\//.exec(type);
    return m ? m[1] : undefined;
}

export function isAwsType(type: string): boolean {
    return type.startsWith("aws:");
}

/** An AWS type with no region of its own: everything in a global module except the listed exceptions. */
export function isGlobalServiceType(type: string): boolean {
    const mod = awsModuleOf(type);
    if (mod === undefined || !GLOBAL_SERVICE_MODULES.includes(mod)) return false;
    return !REGIONAL_TYPES_IN_GLOBAL_MODULES.some((re) => re.test(type));
}

/** WAFv2 types that take a `scope`; with scope CLOUDFRONT they are global and must sit in us-east-1. */
export const WAF_SCOPED_TYPES: readonly string[] = [T.wafWebAcl, T.wafIpSet, T.wafRuleGroup, T.wafRegexPatternSet];

/**
 * Why a regional-looking resource is part of a global service (and so exempt from the region rule),
 * or undefined. `region` is the resource's effective region.
 */
export function globalServiceReason(type: string, props: Readonly<Record<string, unknown>>, region: string | undefined): string | undefined {
    if (isGlobalServiceType(type)) return `${awsModuleOf(type)} is a global service`;
    if (WAF_SCOPED_TYPES.includes(type) && props.scope === "CLOUDFRONT") return "a CLOUDFRONT-scope WAF resource belongs to CloudFront, a global service";
    if (type === T.wafLogging && typeof props.resourceArn === "string" && props.resourceArn.includes(":global/")) {
        return "logging of a CLOUDFRONT-scope web ACL belongs to CloudFront, a global service";
    }
    if (type === T.acmCertificate && region === GLOBAL_SERVICES_REGION) {
        return "an ACM certificate in us-east-1 is where CloudFront requires its certificates";
    }
    return undefined;
}

/** Every AWS custom resource that is not global is regional: AWS is regional by default. */
export function isRegionalAwsType(type: string, props: Readonly<Record<string, unknown>>, region: string | undefined): boolean {
    return isAwsType(type) && globalServiceReason(type, props, region) === undefined;
}
