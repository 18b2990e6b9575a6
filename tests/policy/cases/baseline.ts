import { cloudFrontWafAttached, wafWebAclRules } from "../../../policy-pack/policies/edge";
import { cloudFrontMinimumTls, eksSecretsEncryption, encryptionAtRest, encryptionInTransit } from "../../../policy-pack/policies/encryption";
import { eksPrivateEndpoint, noPublicDatabases, s3BlockPublicAccess } from "../../../policy-pack/policies/exposure";
import { iamNoAdminWildcards, iamNoFullAccessManagedPolicies } from "../../../policy-pack/policies/iam";
import { lambdaSupportedRuntime } from "../../../policy-pack/policies/lambda";
import { T } from "../../../policy-pack/policies/lib/awsTypes";
import { prodBackups, prodDeletionProtection, prodMultiAz } from "../../../policy-pack/policies/production";
import { logRetention, requiredTags } from "../../../policy-pack/policies/tagging";
import { PROVIDERS as P, res } from "../fixtures";
import type { PolicyCases } from "./types";

const KEY = "arn:aws:kms:eu-central-1:123456789012:key/k";
const db = (inputs: Record<string, unknown> = {}, opts: Parameters<typeof res>[2] = {}) => res(T.rdsInstance, { instanceClass: "db.r6g.large", ...inputs }, opts);
const cache = (inputs: Record<string, unknown> = {}, opts: Parameters<typeof res>[2] = {}) => res(T.cacheReplicationGroup, { description: "sessions", ...inputs }, opts);
const listener = (inputs: Record<string, unknown>) => res(T.lbListener, { loadBalancerArn: "arn:lb", defaultActions: [{ type: "forward", targetGroupArn: "arn:tg" }], ...inputs });
const distribution = (inputs: Record<string, unknown> = {}) => res(T.cloudfrontDistribution, {
    enabled: true,
    webAclId: "arn:aws:wafv2:us-east-1:123456789012:global/webacl/edge/1",
    defaultCacheBehavior: { viewerProtocolPolicy: "redirect-to-https", targetOriginId: "ga" },
    origins: [{ originId: "ga", domainName: "ga.example.com", customOriginConfig: { originProtocolPolicy: "https-only", originSslProtocols: ["TLSv1.2"], httpPort: 80, httpsPort: 443 } }],
    viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:123456789012:certificate/c", minimumProtocolVersion: "TLSv1.2_2021", sslSupportMethod: "sni-only" },
    ...inputs,
}, { provider: P.global });
const doc = (statement: Record<string, unknown>) => JSON.stringify({ Version: "2012-10-17", Statement: [statement] });
const webAcl = (rules: unknown[], inputs: Record<string, unknown> = {}) => res(T.wafWebAcl, { scope: "CLOUDFRONT", defaultAction: { allow: {} }, rules, ...inputs }, { provider: P.global });
const commonRules = { name: "common", priority: 1, overrideAction: { none: {} }, statement: { managedRuleGroupStatement: { vendorName: "AWS", name: "AWSManagedRulesCommonRuleSet" } } };
const rateRule = (limit: number, extra: Record<string, unknown> = {}, action: Record<string, unknown> = { block: {} }) =>
    ({ name: "rate", priority: 2, action, statement: { rateBasedStatement: { limit, aggregateKeyType: "IP", ...extra } } });

export const BASELINE: readonly PolicyCases[] = [
    {
        policy: encryptionAtRest,
        cases: [
            { name: "encrypted RDS instance", resources: db({ storageEncrypted: true, kmsKeyId: KEY }), expect: [] },
            { name: "unencrypted RDS instance", resources: db(), expect: ["storageEncrypted is not set; expected true"] },
            { name: "cross-region replica without kmsKeyId", resources: db({ replicateSourceDb: "arn:aws:rds:eu-central-1:123456789012:db:main" }), expect: ["kmsKeyId is not set"] },
            { name: "same-region replica inherits its source's encryption", resources: db({ replicateSourceDb: "main" }), expect: [] },
            { name: "unencrypted Aurora cluster", resources: res(T.rdsCluster, { engine: "aurora-postgresql", storageEncrypted: false }), expect: ["storageEncrypted is false"] },
            { name: "global cluster created from an encrypted cluster", resources: res(T.rdsGlobalCluster, { globalClusterIdentifier: "g", sourceDbClusterIdentifier: "arn:aws:rds:eu-central-1:1:cluster:c" }), expect: [] },
            { name: "encrypted cache", resources: cache({ atRestEncryptionEnabled: true }), expect: [] },
            { name: "cache without at-rest encryption", resources: cache(), expect: ["atRestEncryptionEnabled is not set"] },
            { name: "global-datastore secondary inherits encryption", resources: cache({ globalReplicationGroupId: "ldgnf-sessions" }), expect: [] },
            { name: "DynamoDB with KMS", resources: res(T.dynamoTable, { serverSideEncryption: { enabled: true, kmsKeyArn: KEY } }), expect: [] },
            { name: "DynamoDB on an AWS-owned key", resources: res(T.dynamoTable, {}), expect: ["serverSideEncryption.enabled is not set"] },
            { name: "customer-managed keys required by config", resources: db({ storageEncrypted: true }), config: { requireCustomerManagedKeys: true }, expect: ["kmsKeyId is not set; expected a customer-managed KMS key"] },
            { name: "S3 default encryption with KMS", resources: res(T.s3Encryption, { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: KEY } }] }), expect: [] },
            { name: "S3 default encryption with AES256", resources: res(T.s3Encryption, { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }), expect: ['sseAlgorithm is "AES256"'] },
            { name: "S3 AES256 accepted by config", resources: res(T.s3EncryptionV2, { bucket: "b", rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "AES256" } }] }), config: { allowedS3Algorithms: ["AES256", "aws:kms"] }, expect: [] },
            { name: "unencrypted EBS volume", resources: res(T.ebsVolume, { availabilityZone: "eu-central-1a", size: 10 }), expect: ["encrypted is not set"] },
            { name: "SNS topic without KMS", resources: res(T.snsTopic, {}), expect: ["kmsMasterKeyId is not set"] },
            { name: "SNS topic with KMS", resources: res(T.snsTopic, { kmsMasterKeyId: KEY }), expect: [] },
            { name: "log group without KMS", resources: res(T.logGroup, { retentionInDays: 30 }), expect: ["kmsKeyId is not set"] },
            { name: "log group KMS not required by config", resources: res(T.logGroup, { retentionInDays: 30 }), config: { requireLogGroupKms: false }, expect: [] },
            { name: "SQS with SSE turned off", resources: res(T.sqsQueue, { sqsManagedSseEnabled: false }), expect: ["sqsManagedSseEnabled is false"] },
        ],
    },
    {
        policy: encryptionInTransit,
        cases: [
            { name: "cache with transit encryption required", resources: cache({ transitEncryptionEnabled: true, transitEncryptionMode: "required" }), expect: [] },
            { name: "cache without transit encryption", resources: cache(), expect: ["transitEncryptionEnabled is not set"] },
            { name: "cache accepting plaintext clients", resources: cache({ transitEncryptionEnabled: true, transitEncryptionMode: "preferred" }), expect: ['transitEncryptionMode is "preferred"'] },
            { name: "HTTPS listener with a TLS 1.2 policy", resources: listener({ protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-TLS13-1-2-2021-06" }), expect: [] },
            { name: "HTTPS listener with an old policy", resources: listener({ protocol: "HTTPS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08" }), expect: ['sslPolicy is "ELBSecurityPolicy-2016-08"'] },
            { name: "HTTPS listener without a policy", resources: listener({ protocol: "HTTPS", port: 443 }), expect: ["sslPolicy is not set"] },
            { name: "HTTP listener that redirects to HTTPS", resources: listener({ protocol: "HTTP", port: 80, defaultActions: [{ type: "redirect", redirect: { protocol: "HTTPS", port: "443", statusCode: "HTTP_301" } }] }), expect: [] },
            { name: "HTTP listener that forwards", resources: listener({ protocol: "HTTP", port: 80 }), expect: ["protocol is HTTP on port 80"] },
            { name: "TCP listener passing TLS through on 443", resources: res(T.albListener, { protocol: "TCP", port: 443, loadBalancerArn: "arn", defaultActions: [] }), expect: [] },
            { name: "TCP listener on 80", resources: listener({ protocol: "TCP", port: 80 }), expect: ["protocol TCP on port 80 carries plaintext"] },
            { name: "CloudFront HTTPS to viewers and origins", resources: distribution(), expect: [] },
            { name: "CloudFront allowing plain HTTP viewers", resources: distribution({ defaultCacheBehavior: { viewerProtocolPolicy: "allow-all", targetOriginId: "ga" } }), expect: ['defaultCacheBehavior.viewerProtocolPolicy is "allow-all"'] },
            {
                name: "CloudFront to an HTTP origin over old TLS",
                resources: distribution({ origins: [{ originId: "ga", domainName: "x", customOriginConfig: { originProtocolPolicy: "http-only", originSslProtocols: ["TLSv1", "TLSv1.2"], httpPort: 80, httpsPort: 443 } }] }),
                expect: ['originProtocolPolicy is "http-only"', "originSslProtocols includes TLSv1"],
            },
        ],
    },
    {
        policy: cloudFrontMinimumTls,
        cases: [
            { name: "ACM certificate with TLSv1.2_2021", resources: distribution(), expect: [] },
            { name: "default CloudFront certificate", resources: distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } }), expect: ["cloudfrontDefaultCertificate is true"] },
            { name: "default certificate allowed by config (no domain)", resources: distribution({ viewerCertificate: { cloudfrontDefaultCertificate: true } }), config: { allowDefaultCertificate: true }, expect: [] },
            { name: "TLSv1 minimum", resources: distribution({ viewerCertificate: { acmCertificateArn: "arn", minimumProtocolVersion: "TLSv1" } }), expect: ['minimumProtocolVersion is "TLSv1"'] },
            { name: "TLS 1.3 minimum required by config", resources: distribution(), config: { minimumProtocolVersion: "TLSv1.3_2025" }, expect: ["expected TLSv1.3_2025 or later"] },
        ],
    },
    {
        policy: eksSecretsEncryption,
        cases: [
            { name: "aws.eks.Cluster with secrets encryption", resources: res(T.eksCluster, { roleArn: "r", vpcConfig: {}, encryptionConfig: { resources: ["secrets"], provider: { keyArn: KEY } } }), expect: [] },
            { name: "aws.eks.Cluster without encryptionConfig", resources: res(T.eksCluster, { roleArn: "r", vpcConfig: {} }), expect: ["encryptionConfig is not set"] },
            { name: "eks.Cluster component with a key", resources: res(T.eksComponentCluster, { encryptionConfigKeyArn: KEY }, { custom: false, provider: null }), expect: [] },
            { name: "eks.Cluster component without a key", resources: res(T.eksComponentCluster, {}, { custom: false, provider: null }), expect: ["encryptionConfigKeyArn is not set"] },
        ],
    },
    {
        policy: noPublicDatabases,
        cases: [
            { name: "private RDS instance", resources: db({ publiclyAccessible: false }), expect: [] },
            { name: "public RDS instance", resources: db({ publiclyAccessible: true }), expect: ["publiclyAccessible is true"] },
            { name: "public Aurora instance", resources: res(T.rdsClusterInstance, { clusterIdentifier: "c", engine: "aurora-postgresql", instanceClass: "db.r6g.large", publiclyAccessible: true }), expect: ["publiclyAccessible is true"] },
        ],
    },
    {
        policy: s3BlockPublicAccess,
        cases: [
            { name: "public access block with all flags", resources: res(T.s3PublicAccessBlock, { bucket: "b", blockPublicAcls: true, blockPublicPolicy: true, ignorePublicAcls: true, restrictPublicBuckets: true }), expect: [] },
            { name: "public access block with a flag off", resources: res(T.s3PublicAccessBlock, { bucket: "b", blockPublicAcls: true, blockPublicPolicy: false, ignorePublicAcls: true, restrictPublicBuckets: true }), expect: ["blockPublicPolicy is false"] },
            { name: "public-read bucket ACL", resources: res(T.s3BucketAclV2, { bucket: "b", acl: "public-read" }), expect: ['acl is "public-read"'] },
            { name: "private bucket", resources: res(T.s3Bucket, { acl: "private" }), expect: [] },
        ],
    },
    {
        policy: eksPrivateEndpoint,
        cases: [
            { name: "aws.eks.Cluster private only", resources: res(T.eksCluster, { roleArn: "r", vpcConfig: { subnetIds: [], endpointPrivateAccess: true, endpointPublicAccess: false } }), expect: [] },
            { name: "aws.eks.Cluster with AWS defaults", resources: res(T.eksCluster, { roleArn: "r", vpcConfig: { subnetIds: [] } }), expect: ["vpcConfig.endpointPrivateAccess is not set", "vpcConfig.endpointPublicAccess is not set (defaults to true)"] },
            { name: "eks.Cluster component with defaults (public on)", resources: res(T.eksComponentCluster, {}, { custom: false, provider: null }), expect: ["endpointPrivateAccess is not set", "endpointPublicAccess is not set (defaults to true)"] },
            { name: "eks.Cluster component private only", resources: res(T.eksComponentCluster, { endpointPrivateAccess: true, endpointPublicAccess: false }, { custom: false, provider: null }), expect: [] },
            { name: "restricted public endpoint allowed by config", resources: res(T.eksComponentCluster, { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.0/24"] }, { custom: false, provider: null }), config: { allowPublicEndpointWithCidrs: true }, expect: [] },
            { name: "public endpoint open to the internet despite config", resources: res(T.eksComponentCluster, { endpointPrivateAccess: true, endpointPublicAccess: true, publicAccessCidrs: ["0.0.0.0/0"] }, { custom: false, provider: null }), config: { allowPublicEndpointWithCidrs: true }, expect: ["endpointPublicAccess is true; expected false or publicAccessCidrs without 0.0.0.0/0"] },
        ],
    },
    {
        policy: prodBackups,
        cases: [
            { name: "prod RDS with 35-day backups", resources: db({ backupRetentionPeriod: 35 }), expect: [] },
            { name: "prod RDS with 7-day backups", resources: db({ backupRetentionPeriod: 7 }), expect: ["in production (Environment=prod), backupRetentionPeriod is 7; expected at least 35 days"] },
            { name: "prod RDS skipping its final snapshot", resources: db({ backupRetentionPeriod: 35, skipFinalSnapshot: true }), expect: ["skipFinalSnapshot is true"] },
            { name: "dev RDS with 1-day backups", resources: db({ backupRetentionPeriod: 1 }, { provider: P.devEu }), expect: [] },
            { name: "stack setting production=true overrides a dev tag", resources: db({ backupRetentionPeriod: 1 }, { provider: P.devEu }), stack: { production: true }, expect: ["policy config production=true"] },
            { name: "threshold from config", resources: db({ backupRetentionPeriod: 7 }), config: { minimumRetentionDays: 7 }, expect: [] },
            { name: "read replica takes its source's backups", resources: db({ replicateSourceDb: "main" }), expect: [] },
            { name: "prod DynamoDB with PITR on table and replicas", resources: res(T.dynamoTable, { pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-west-1", pointInTimeRecovery: true }] }), expect: [] },
            { name: "prod DynamoDB without PITR on a replica", resources: res(T.dynamoTable, { pointInTimeRecovery: { enabled: true }, replicas: [{ regionName: "eu-west-1" }] }), expect: ["replicas[0].pointInTimeRecovery is not set"] },
            { name: "prod TableReplica without PITR", resources: res(T.dynamoTableReplica, { globalTableArn: "arn:aws:dynamodb:eu-central-1:1:table/t" }), expect: ["pointInTimeRecovery is not set"] },
        ],
    },
    {
        policy: prodDeletionProtection,
        cases: [
            { name: "prod RDS protected twice", resources: db({ deletionProtection: true }, { protect: true }), expect: [] },
            { name: "prod RDS without the Pulumi protect option", resources: db({ deletionProtection: true }), expect: ["the resource option protect is false"] },
            { name: "prod DynamoDB without deletion protection", resources: res(T.dynamoTable, { deletionProtectionEnabled: false }), expect: ["deletionProtectionEnabled is false"] },
            { name: "dev database needs neither", resources: db({}, { provider: P.devEu }), expect: [] },
            { name: "protect not required by config", resources: db({ deletionProtection: true }), config: { requireProtectFor: [] }, expect: [] },
        ],
    },
    {
        policy: prodMultiAz,
        cases: [
            { name: "prod Multi-AZ RDS", resources: db({ multiAz: true }), expect: [] },
            { name: "prod single-AZ RDS", resources: db({ multiAz: false }), expect: ["multiAz is false"] },
            { name: "prod cache without failover", resources: cache(), expect: ["automaticFailoverEnabled is not set", "multiAzEnabled is not set"] },
            { name: "prod cache with failover", resources: cache({ automaticFailoverEnabled: true, multiAzEnabled: true }), expect: [] },
            { name: "dev single-AZ RDS", resources: db({}, { provider: P.devEu }), expect: [] },
        ],
    },
    {
        policy: iamNoAdminWildcards,
        cases: [
            { name: "scoped policy", resources: res(T.iamPolicy, { policy: doc({ Effect: "Allow", Action: ["logs:PutLogEvents"], Resource: "arn:aws:logs:eu-central-1:1:log-group:x:*" }) }), expect: [] },
            { name: "administrator policy", resources: res(T.iamPolicy, { policy: doc({ Effect: "Allow", Action: "*", Resource: "*" }) }), expect: ['allows Action "*" on Resource "*"'] },
            { name: "NotAction on everything", resources: res(T.iamRolePolicy, { role: "r", policy: doc({ Effect: "Allow", NotAction: "iam:*", Resource: "*" }) }), expect: ["allows NotAction [iam:*]"] },
            { name: "admin in a role's inline policy, given as an object", resources: res(T.iamRole, { assumeRolePolicy: "{}", inlinePolicies: [{ name: "x", policy: { Version: "2012-10-17", Statement: { Effect: "Allow", Action: "*:*", Resource: ["*"] } } }] }), expect: ["inlinePolicies[0].policy Statement[0]"] },
            { name: "Deny * on * is fine", resources: res(T.iamPolicy, { policy: doc({ Effect: "Deny", Action: "*", Resource: "*" }) }), expect: [] },
            { name: "service wildcard passes by default", resources: res(T.iamPolicy, { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }) }), expect: [] },
            { name: "service wildcard flagged by config", resources: res(T.iamPolicy, { policy: doc({ Effect: "Allow", Action: "s3:*", Resource: "*" }) }), config: { flagServiceWildcards: true }, expect: ["allows s3:* on Resource"] },
            { name: "policy that is not JSON", resources: res(T.iamPolicy, { policy: "not json" }), expect: ["is not a JSON policy document"] },
        ],
    },
    {
        policy: iamNoFullAccessManagedPolicies,
        cases: [
            { name: "basic execution role", resources: res(T.iamRolePolicyAttachment, { role: "f", policyArn: "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole" }), expect: [] },
            { name: "CallbackFunction's default AWSLambda_FullAccess", resources: res(T.iamRolePolicyAttachment, { role: "f", policyArn: "arn:aws:iam::aws:policy/AWSLambda_FullAccess" }), expect: ["attaches arn:aws:iam::aws:policy/AWSLambda_FullAccess"] },
            { name: "CallbackFunction's default AmazonCognitoPowerUser", resources: res(T.iamRolePolicyAttachment, { role: "f", policyArn: "arn:aws:iam::aws:policy/AmazonCognitoPowerUser" }), expect: ["AmazonCognitoPowerUser"] },
            { name: "role with managedPolicyArns", resources: res(T.iamRole, { assumeRolePolicy: "{}", managedPolicyArns: ["arn:aws:iam::aws:policy/AmazonS3FullAccess"] }), expect: ["managedPolicyArns[0] attaches"] },
            { name: "custom forbidden pattern", resources: res(T.iamRolePolicyAttachment, { role: "f", policyArn: "arn:aws:iam::aws:policy/ReadOnlyAccess" }), config: { forbiddenPolicyPatterns: ["^ReadOnlyAccess$"] }, expect: ["ReadOnlyAccess"] },
        ],
    },
    {
        policy: lambdaSupportedRuntime,
        cases: [
            { name: "nodejs22.x", resources: res(T.lambdaFunction, { runtime: "nodejs22.x", role: "r" }), expect: [] },
            { name: "nodejs24.x", resources: res(T.lambdaFunction, { runtime: "nodejs24.x", role: "r" }), expect: [] },
            { name: "nodejs20.x (deprecated 2026-04-30) is below the default minimum", resources: res(T.lambdaFunction, { runtime: "nodejs20.x", role: "r" }), expect: ['runtime is "nodejs20.x"; expected nodejs22.x or later'] },
            { name: "nodejs18.x", resources: res(T.lambdaFunction, { runtime: "nodejs18.x", role: "r" }), expect: ['runtime is "nodejs18.x"; expected nodejs22.x or later'] },
            { name: "nodejs22.x below a configured minimum of 24", resources: res(T.lambdaFunction, { runtime: "nodejs22.x", role: "r" }), config: { minimumNodejsVersion: 24 }, expect: ["expected nodejs24.x or later"] },
            { name: "python without allowance", resources: res(T.lambdaFunction, { runtime: "python3.13", role: "r" }), expect: ['runtime is "python3.13"'] },
            { name: "python allowed by config", resources: res(T.lambdaFunction, { runtime: "python3.13", role: "r" }), config: { allowedRuntimes: ["python3.13"] }, expect: [] },
            { name: "no runtime on a zip function", resources: res(T.lambdaFunction, { role: "r" }), expect: ["runtime is not set"] },
            { name: "container image function", resources: res(T.lambdaFunction, { role: "r", packageType: "Image", imageUri: "x" }), expect: [] },
        ],
    },
    {
        policy: cloudFrontWafAttached,
        cases: [
            { name: "distribution with a web ACL", resources: distribution(), expect: [] },
            { name: "distribution without a web ACL", resources: distribution({ webAclId: undefined }), expect: ["webAclId is not set"] },
            { name: "CLOUDFRONT web ACL in us-east-1", resources: webAcl([]), expect: [] },
            { name: "CLOUDFRONT web ACL in eu-central-1", resources: res(T.wafWebAcl, { scope: "CLOUDFRONT" }, { provider: P.euCentral }), expect: ["its region is eu-central-1; expected us-east-1"] },
            { name: "REGIONAL web ACL anywhere", resources: res(T.wafWebAcl, { scope: "REGIONAL" }, { provider: P.euCentral }), expect: [] },
        ],
    },
    {
        policy: wafWebAclRules,
        cases: [
            { name: "managed rules and a 2000/5 min rate limit", resources: webAcl([commonRules, rateRule(2000)]), expect: [] },
            { name: "no rules", resources: webAcl([]), expect: ["AWSManagedRulesCommonRuleSet", "no per-IP rate-based rule"] },
            { name: "rate limit too loose", resources: webAcl([commonRules, rateRule(5000)]), expect: ["rate: 5000 per 300s"] },
            { name: "rate rule that only counts", resources: webAcl([commonRules, rateRule(2000, {}, { count: {} })]), expect: ["count only"] },
            { name: "1-minute window scaled to 5 minutes", resources: webAcl([commonRules, rateRule(500, { evaluationWindowSec: 60 })]), expect: ["rate: 500 per 60s"] },
            {
                name: "rules given as ruleJson (API shape)",
                resources: webAcl([], { rules: undefined, ruleJson: JSON.stringify([{ Name: "c", Statement: { ManagedRuleGroupStatement: { VendorName: "AWS", Name: "AWSManagedRulesCommonRuleSet" } } }, { Name: "r", Action: { Block: {} }, Statement: { RateBasedStatement: { Limit: 1000, AggregateKeyType: "IP" } } }]) }),
                expect: [],
            },
        ],
    },
    {
        policy: requiredTags,
        cases: [
            { name: "tags from the regional provider", resources: db(), expect: [] },
            { name: "untagged database", resources: db({}, { provider: P.untaggedEu }), expect: ["missing tags Environment, Project, ManagedBy, DataResidency, DataClassification"] },
            { name: "global resource needs no residency tags", resources: distribution(), expect: [] },
            { name: "classification outside the allowed values", resources: db({ tags: { DataClassification: "secret" } }), expect: ['tag DataClassification="secret"'] },
            { name: "any AWS resource given tags is checked", resources: res("aws:ecr/repository:Repository", { tags: { Owner: "x" } }, { provider: P.untaggedEu }), expect: ["missing tags"] },
            { name: "untaggable resource", resources: res(T.iamRolePolicyAttachment, { role: "r", policyArn: "p" }, { provider: P.untaggedEu }), expect: [] },
        ],
    },
    {
        policy: logRetention,
        cases: [
            { name: "one year", resources: res(T.logGroup, { retentionInDays: 365 }), expect: [] },
            { name: "never expires", resources: res(T.logGroup, {}), expect: ["retentionInDays is not set (never expire)"] },
            { name: "longer than allowed", resources: res(T.logGroup, { retentionInDays: 3653 }), config: { maximumDays: 731 }, expect: ["retentionInDays is 3653; expected 30 to 731 days"] },
            { name: "shorter than allowed", resources: res(T.logGroup, { retentionInDays: 7 }), expect: ["retentionInDays is 7"] },
        ],
    },
];
