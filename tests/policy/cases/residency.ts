import { T } from "../../../policy-pack/policies/lib/awsTypes";
import { linkedReplicasInZone } from "../../../policy-pack/policies/linkedReplicas";
import { replicasInZone } from "../../../policy-pack/policies/replicas";
import { globalServicesHoldNoPersonalData, regionAllowed } from "../../../policy-pack/policies/residency";
import { PROVIDERS as P, res } from "../fixtures";
import type { PolicyCases } from "./types";

const db = (inputs: Record<string, unknown> = {}, opts: Parameters<typeof res>[2] = {}) => res(T.rdsInstance, { instanceClass: "db.r6g.large", ...inputs }, opts);
const arn = (service: string, region: string, resource: string) => `arn:aws:${service}:${region}:123456789012:${resource}`;

export const REGION_ALLOWED: PolicyCases = {
    policy: regionAllowed,
    cases: [
        { name: "EU database in Frankfurt through the EU provider", resources: db(), expect: [] },
        { name: "per-resource region (aws v7) in the zone overrides a US provider", resources: db({ region: "eu-west-1", tags: { DataResidency: "eu" } }, { provider: P.usEast }), expect: [] },
        { name: "EU-tagged database through the us-east-1 provider", resources: db({ tags: { DataResidency: "eu" } }, { provider: P.usEast }), expect: ['in us-east-1 (its provider\'s region): us-east-1 is not allowed for zone "eu"'] },
        { name: "EU data in London (eu-west-2 is not an EU member state)", resources: db({}, { provider: P.london }), expect: ['eu-west-2 is not allowed for zone "eu"'] },
        { name: "EU data in Zurich through a per-resource region", resources: db({ region: "eu-central-2" }), expect: ["in eu-central-2 (its region input): eu-central-2 is not allowed"] },
        { name: "explicit provider without a region", resources: db({}, { provider: P.noRegion }), expect: ["cannot determine its region"] },
        { name: "default provider and no aws:region", resources: db({ tags: { DataResidency: "eu" } }, { provider: null, region: "global" }), expect: ["cannot determine its region"] },
        {
            name: "default provider takes the stack's aws:region",
            resources: db({ tags: { DataResidency: "eu" } }, { provider: null, region: "global" }),
            stack: { awsConfig: { region: "eu-west-1" } },
            expect: [],
        },
        { name: "data store that no tag or setting puts in a zone", resources: db({}, { provider: P.untaggedEu }), expect: ["belongs to no residency zone"] },
        { name: "stack setting regionZones places an untagged data store", resources: db({}, { provider: P.untaggedEu }), stack: { regionZones: { "eu-central-1": "eu" } }, expect: [] },
        { name: "stack setting defaultZone places an untagged data store", resources: db({}, { provider: P.untaggedEu }), config: { defaultZone: "eu" }, expect: [] },
        { name: "public (non-personal) data may live outside its zone", resources: res(T.s3Bucket, { tags: { DataResidency: "eu", DataClassification: "public" } }, { provider: P.usEast }), expect: [] },
        { name: "unknown zone", resources: db({ tags: { DataResidency: "mars" } }), expect: ['zone "mars" has no allowed regions'] },
        { name: "personal data store tagged DataResidency=global", resources: db({ tags: { DataResidency: "global" } }), expect: ['DataResidency="global" binds it to no zone'] },
        { name: "non-data regional resource with no zone", resources: res("aws:ec2/subnet:Subnet", { cidrBlock: "10.0.0.0/24" }, { provider: P.untaggedEu }), expect: [] },
        { name: "CloudFront is a global service (exempt)", resources: res(T.cloudfrontDistribution, { enabled: true }, { provider: P.euCentral }), expect: [] },
        { name: "CLOUDFRONT-scope WAF in us-east-1 is exempt", resources: res(T.wafWebAcl, { scope: "CLOUDFRONT", tags: { DataResidency: "eu" } }, { provider: P.global }), expect: [] },
        { name: "ACM certificate in us-east-1 (CloudFront's) is exempt", resources: res(T.acmCertificate, { domainName: "x.example.com", tags: { DataResidency: "eu" } }, { provider: P.global }), expect: [] },
        { name: "ACM certificate elsewhere is regional", resources: res(T.acmCertificate, { domainName: "x.example.com", tags: { DataResidency: "eu" } }, { provider: P.usWest }), expect: ['us-west-2 is not allowed for zone "eu"'] },
        { name: "components are checked through their children", resources: res(T.eksComponentCluster, {}, { provider: null, custom: false, region: "us-east-1" }), expect: [] },
        { name: "configured zones narrow the EU default", resources: db({}, { provider: P.euWest }), config: { zones: { eu: ["eu-central-1"] } }, expect: ['eu-west-1 is not allowed for zone "eu" (allowed: eu-central-1)'] },
        { name: "Route 53 Resolver endpoints are regional although Route 53 is global", resources: res("aws:route53/resolverEndpoint:ResolverEndpoint", { tags: { DataResidency: "eu" } }, { provider: P.usEast }), expect: ["us-east-1 is not allowed"] },
    ],
};

export const GLOBAL_SERVICES: PolicyCases = {
    policy: globalServicesHoldNoPersonalData,
    cases: [
        { name: "CloudFront through the global provider (no residency tags)", resources: res(T.cloudfrontDistribution, {}, { provider: P.global }), expect: [] },
        { name: "CloudFront through an EU provider inherits personal-data tags", resources: res(T.cloudfrontDistribution, {}, { provider: P.euCentral }), expect: ['provider default tag DataResidency="eu", DataClassification="personal"'] },
        { name: "CloudFront tagged with a zone but public data", resources: res(T.cloudfrontDistribution, { tags: { DataResidency: "eu", DataClassification: "public" } }, { provider: P.global }), expect: [] },
        { name: "IAM role through an EU provider: default tags do not count for IAM", resources: res(T.iamRole, { assumeRolePolicy: "{}" }, { provider: P.euCentral }), expect: [] },
        { name: "IAM role tagged personal itself", resources: res(T.iamRole, { tags: { DataClassification: "personal" } }, { provider: P.euCentral }), expect: ['DataClassification="personal"'] },
        { name: "ACM certificate in us-east-1 with a zone tag and no classification", resources: res(T.acmCertificate, { tags: { DataResidency: "eu" } }, { provider: P.global }), expect: ["unclassified counts as personal"] },
        { name: "CLOUDFRONT WAF through the US regional provider", resources: res(T.wafWebAcl, { scope: "CLOUDFRONT" }, { provider: P.usEast }), expect: ["CLOUDFRONT-scope WAF"] },
        { name: "Route 53 record carries no tags", resources: res("aws:route53/record:Record", { name: "api" }, { provider: P.global }), expect: [] },
        { name: "a regional resource is not this policy's concern", resources: db({}, { provider: P.usEast }), expect: [] },
    ],
};

export const REPLICAS: PolicyCases = {
    policy: replicasInZone,
    cases: [
        { name: "DynamoDB replica in another EU region", resources: res(T.dynamoTable, { replicas: [{ regionName: "eu-west-1" }] }), expect: [] },
        {
            name: "EU DynamoDB table with a replica in us-east-1",
            resources: res(T.dynamoTable, { replicas: [{ regionName: "eu-west-1" }, { regionName: "us-east-1" }] }),
            expect: ['copies zone "eu" data (provider default tag DataResidency) to us-east-1 via replicas[1].regionName'],
        },
        { name: "global table witness in London", resources: res(T.dynamoTable, { replicas: [{ regionName: "eu-west-1" }], globalTableWitness: { regionName: "eu-west-2" } }), expect: ["via globalTableWitness.regionName"] },
        {
            name: "TableReplica in us-east-1 of an EU table, even through the US provider",
            resources: res(T.dynamoTableReplica, { globalTableArn: arn("dynamodb", "eu-central-1", "table/sessions") }, { provider: P.usEast }),
            expect: ["its source globalTableArn is in eu-central-1) to us-east-1 via its own region"],
        },
        { name: "TableReplica in eu-west-1 of a Frankfurt table", resources: res(T.dynamoTableReplica, { globalTableArn: arn("dynamodb", "eu-central-1", "table/sessions") }, { provider: P.euWest }), expect: [] },
        { name: "TableReplica whose source is not an ARN", resources: res(T.dynamoTableReplica, { globalTableArn: "sessions" }, { provider: P.euWest }), expect: ["cannot determine the region of its source globalTableArn"] },
        { name: "cross-region RDS read replica of an EU database in us-east-1", resources: db({ replicateSourceDb: arn("rds", "eu-central-1", "db:main") }, { provider: P.usEast }), expect: ["its source replicateSourceDb is in eu-central-1"] },
        { name: "same-region read replica named by identifier", resources: db({ replicateSourceDb: "main" }), expect: [] },
        { name: "Aurora cross-region replica cluster in us-west-2", resources: res(T.rdsCluster, { engine: "aurora-postgresql", replicationSourceIdentifier: arn("rds", "eu-central-1", "cluster:main") }, { provider: P.usWest }), expect: ["to us-west-2"] },
        { name: "GlobalCluster made from an EU cluster, homed in us-east-1", resources: res(T.rdsGlobalCluster, { globalClusterIdentifier: "g", sourceDbClusterIdentifier: arn("rds", "eu-central-1", "cluster:main"), region: "us-east-1" }), expect: ["to us-east-1"] },
        { name: "automated backups replicated to us-east-1", resources: res(T.rdsBackupReplication, { sourceDbInstanceArn: arn("rds", "eu-central-1", "db:main"), region: "us-east-1" }), expect: ['copies zone "eu" data (provider default tag DataResidency) to us-east-1'] },
        { name: "automated backups replicated to eu-west-1", resources: res(T.rdsBackupReplication, { sourceDbInstanceArn: arn("rds", "eu-central-1", "db:main") }, { provider: P.euWest }), expect: [] },
        { name: "KMS replica key of an EU key in us-east-1", resources: res(T.kmsReplicaKey, { primaryKeyArn: arn("kms", "eu-central-1", "key/mrk-1"), region: "us-east-1" }), expect: ["to us-east-1 via its own region"] },
        { name: "Secrets Manager replica in us-east-1", resources: res(T.secret, { replicas: [{ region: "us-east-1" }] }), expect: ["via replicas[0].region"] },
        { name: "Secrets Manager replica in eu-west-1", resources: res(T.secret, { replicas: [{ region: "eu-west-1" }] }), expect: [] },
        { name: "log subscription to a Kinesis stream in us-east-1", resources: res(T.logSubscriptionFilter, { logGroup: "app", filterPattern: "", destinationArn: arn("kinesis", "us-east-1", "stream/logs") }), expect: ["via destinationArn"] },
        { name: "log subscription to an EU Firehose", resources: res(T.logSubscriptionFilter, { logGroup: "app", filterPattern: "", destinationArn: arn("firehose", "eu-central-1", "deliverystream/logs") }), expect: [] },
        { name: "log subscription destination that names no region", resources: res(T.logSubscriptionFilter, { logGroup: "app", filterPattern: "", destinationArn: "logs" }), expect: ["cannot determine the region destinationArn copies to"] },
        { name: "flow logs to a log group in us-east-1", resources: res(T.ec2FlowLog, { logDestination: arn("logs", "us-east-1", "log-group:flows"), logDestinationType: "cloud-watch-logs" }), expect: ["via logDestination"] },
        { name: "AWS Backup copy action to a US vault", resources: res(T.backupPlan, { rules: [{ copyActions: [{ destinationVaultArn: arn("backup", "us-east-2", "backup-vault:dr") }] }] }), expect: ["rules[0].copyActions[0].destinationVaultArn"] },
        { name: "internal (non-personal) table may replicate anywhere", resources: res(T.dynamoTable, { replicas: [{ regionName: "us-east-1" }], tags: { DataClassification: "internal" } }), expect: [] },
    ],
};

const cluster = (id: string, provider: typeof P.euCentral) => res(T.rdsCluster, { engine: "aurora-postgresql", globalClusterIdentifier: id, storageEncrypted: true }, { provider });
const bucket = (name: string, provider: typeof P.euCentral) => res(T.s3Bucket, { bucket: name }, { provider, name });
const replication = (source: string, destination: string) => res(T.s3Replication, { bucket: source, role: "arn:aws:iam::123456789012:role/r", rules: [{ status: "Enabled", destination: { bucket: destination } }] });

export const LINKED_REPLICAS: PolicyCases = {
    policy: linkedReplicasInZone,
    cases: [
        { name: "Aurora global database within the EU", resources: [res(T.rdsGlobalCluster, { globalClusterIdentifier: "g1" }), cluster("g1", P.euCentral), cluster("g1", P.euWest)], expect: [] },
        {
            name: "Aurora global database with a US secondary",
            resources: [res(T.rdsGlobalCluster, { globalClusterIdentifier: "g2" }), cluster("g2", P.euCentral), cluster("g2", P.usEast)],
            expect: ['Aurora global database "g2" replicates zone "eu" data'],
        },
        {
            name: "ElastiCache global datastore with a US member",
            resources: [
                res(T.cacheGlobalReplicationGroup, { globalReplicationGroupIdSuffix: "sessions", primaryReplicationGroupId: "rg-primary" }),
                res(T.cacheReplicationGroup, { replicationGroupId: "rg-primary" }),
                res(T.cacheReplicationGroup, { globalReplicationGroupId: "ldgnf-sessions" }, { provider: P.usEast }),
            ],
            expect: ['ElastiCache global datastore "sessions" replicates zone "eu" data'],
        },
        {
            name: "ElastiCache global datastore within the EU",
            resources: [
                res(T.cacheGlobalReplicationGroup, { globalReplicationGroupIdSuffix: "sessions", primaryReplicationGroupId: "rg-primary" }),
                res(T.cacheReplicationGroup, { replicationGroupId: "rg-primary" }),
                res(T.cacheReplicationGroup, { globalReplicationGroupId: "ldgnf-sessions" }, { provider: P.euWest }),
            ],
            expect: [],
        },
        { name: "S3 replication to a bucket of this stack in us-east-1", resources: [bucket("src", P.euCentral), bucket("dst", P.usEast), replication("src", "arn:aws:s3:::dst")], expect: ["to arn:aws:s3:::dst, dst (aws:s3/bucket:Bucket) in us-east-1, via rules[0].destination.bucket"] },
        { name: "S3 replication to a bucket of this stack in eu-west-1", resources: [bucket("src", P.euCentral), bucket("dst", P.euWest), replication("src", "arn:aws:s3:::dst")], expect: [] },
        { name: "S3 replication to a bucket outside the stack", resources: [bucket("src", P.euCentral), replication("src", "arn:aws:s3:::elsewhere")], expect: ["cannot resolve rules[0].destination.bucket (arn:aws:s3:::elsewhere) to a bucket in this plan"] },
        { name: "S3 replication to a known external EU bucket", resources: [bucket("src", P.euCentral), replication("src", "arn:aws:s3:::elsewhere")], config: { knownBucketRegions: { elsewhere: "eu-north-1" } }, expect: [] },
    ],
};
