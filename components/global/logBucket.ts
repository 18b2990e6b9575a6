import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../../config";
import { createLogKey, edgeLogKeyPolicy } from "./logKeys";

/** Key prefixes inside the edge log bucket, one per writer. */
export const EDGE_LOG_PREFIX = {
    cloudfront: "cloudfront/",
    accelerator: "global-accelerator",
} as const;

export interface EdgeLogBucketArgs {
    readonly environment: EnvironmentConfig;
    readonly retentionDays: number;
    /** Grant AWS log delivery (Global Accelerator flow logs) write access under its prefix. */
    readonly acceleratorFlowLogs: boolean;
    /** Bucket name prefix; default `<env>-edge-logs-`. WAF requires names starting with `aws-waf-logs-`. */
    readonly bucketPrefix?: string;
    /** Grant AWS log delivery write access under `AWSLogs/` at the bucket root (WAF logs to S3). */
    readonly rootLogDelivery?: boolean;
    readonly description?: string;
}

export interface EdgeLogBucket {
    readonly bucket: aws.s3.Bucket;
    /** Customer-managed key the objects are encrypted with (log delivery may use it). */
    readonly key: aws.kms.Key;
    /** Bucket name, for Global Accelerator flow logs. */
    readonly name: pulumi.Output<string>;
    /** `<bucket>.s3.amazonaws.com`: the form CloudFront's logging config wants. */
    readonly domainName: pulumi.Output<string>;
    /** Resolves once the ACL-enabled ownership setting is in place, which CloudFront delivery needs. */
    readonly ready: pulumi.Resource[];
}

/**
 * The bucket for edge access logs (CloudFront standard logs, Global Accelerator flow logs).
 * Both carry viewer IP addresses, so the bucket lives in a stack region of the users' zone (the
 * caller's provider decides which), not in us-east-1 next to the services that write it.
 *
 * CloudFront standard logging (legacy) delivers by writing an ACL grant, so object ownership is
 * BucketOwnerPreferred (ACLs enabled) rather than BucketOwnerEnforced; public access stays fully
 * blocked. Encryption is SSE-KMS with a key of its own whose policy lets AWS log delivery write
 * (CloudFront cannot write to a bucket encrypted with the AWS-managed S3 key).
 */
export function createEdgeLogBucket(name: string, args: EdgeLogBucketArgs, opts: pulumi.CustomResourceOptions): EdgeLogBucket {
    const production = args.environment.production;
    const bucket = new aws.s3.Bucket(name, {
        bucketPrefix: args.bucketPrefix ?? `${args.environment.name}-edge-logs-`,
        // Outside production a stack can be torn down with its logs; in production logs stay.
        forceDestroy: !production,
    }, { ...opts, retainOnDelete: production });

    const child = { ...opts, parent: bucket };
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
        bucket: bucket.id,
        rule: { objectOwnership: "BucketOwnerPreferred" },
    }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, child);
    const key = createLogKey(`${name}-key`, {
        environment: args.environment,
        description: args.description ?? `${args.environment.name}: edge access logs (CloudFront, Global Accelerator)`,
        policy: (accountId) => edgeLogKeyPolicy(accountId),
    }, opts);
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
        bucket: bucket.id,
        // A bucket key lets S3 reuse one data key across many small log files instead of a KMS call each.
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.arn }, bucketKeyEnabled: true }],
    }, child);
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
        bucket: bucket.id,
        rules: [{
            id: "expire-edge-logs",
            status: "Enabled",
            filter: {},
            expiration: { days: args.retentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        }],
    }, child);

    const account = aws.getCallerIdentityOutput({}, { parent: opts.parent, provider: opts.provider }).accountId;
    const policy = pulumi.all([bucket.arn, account]).apply(([arn, accountId]) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "DenyInsecureTransport",
                Effect: "Deny",
                Principal: "*",
                Action: "s3:*",
                Resource: [arn, `${arn}/*`],
                Condition: { Bool: { "aws:SecureTransport": "false" } },
            },
            ...(args.acceleratorFlowLogs ? logDeliveryStatements(arn, accountId, `${EDGE_LOG_PREFIX.accelerator}/`) : []),
            ...(args.rootLogDelivery ? logDeliveryStatements(arn, accountId, "") : []),
        ],
    }));
    // The public access block must exist first, or S3 may evaluate the policy without it.
    new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy }, { ...child, dependsOn: [publicAccess] });

    return { bucket, key, name: bucket.bucket, domainName: bucket.bucketDomainName, ready: [ownership, publicAccess] };
}

/**
 * What AWS log delivery needs to write under `<prefix>` (accelerator flow logs under their prefix,
 * one folder per zone's accelerator; WAF logs at the root), limited to this account.
 */
function logDeliveryStatements(bucketArn: string, accountId: string, prefix: string): object[] {
    const principal = { Service: "delivery.logs.amazonaws.com" };
    const fromThisAccount = { "aws:SourceAccount": accountId };
    return [
        {
            Sid: prefix === "" ? "WafLogsWrite" : "AcceleratorFlowLogsWrite",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: prefix === "" ? `${bucketArn}/AWSLogs/${accountId}/*` : `${bucketArn}/${prefix}*`,
            Condition: { StringEquals: { ...fromThisAccount, "s3:x-amz-acl": "bucket-owner-full-control" } },
        },
        {
            Sid: prefix === "" ? "WafLogsAclCheck" : "AcceleratorFlowLogsAclCheck",
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: fromThisAccount },
        },
    ];
}
