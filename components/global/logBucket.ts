import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../../config";
import { createLogKey, edgeLogKeyPolicy, LOG_DELIVERY_SERVICE } from "./logKeys";

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
    const { bucket, ownership, publicAccess, child } = createLogBucket(name, {
        bucketPrefix: args.bucketPrefix ?? `${args.environment.name}-edge-logs-`,
        production: args.environment.production,
        objectOwnership: "BucketOwnerPreferred",
    }, opts);
    const key = createLogKey(`${name}-key`, {
        environment: args.environment,
        description: args.description ?? `${args.environment.name}: edge access logs (CloudFront, Global Accelerator)`,
        policy: (accountId) => edgeLogKeyPolicy(accountId),
    }, opts);
    encryptAndExpireLogs(name, bucket, { kmsKeyArn: key.arn, lifecycleRuleId: "expire-edge-logs", retentionDays: args.retentionDays }, child);

    const account = aws.getCallerIdentityOutput({}, { parent: opts.parent, provider: opts.provider }).accountId;
    const policy = pulumi.all([bucket.arn, account]).apply(([arn, accountId]) => JSON.stringify({
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(arn),
            ...(args.acceleratorFlowLogs ? logDeliveryStatements(arn, accountId, `${EDGE_LOG_PREFIX.accelerator}/`) : []),
            ...(args.rootLogDelivery ? logDeliveryStatements(arn, accountId, "") : []),
        ],
    }));
    createLogBucketPolicy(name, bucket, policy, publicAccess, child);

    return { bucket, key, name: bucket.bucket, domainName: bucket.bucketDomainName, ready: [ownership, publicAccess] };
}

/** The parts every log bucket shares: the bucket, its object ownership, and a full public access block. */
export function createLogBucket(
    name: string,
    args: {
        readonly bucketPrefix: string;
        readonly production: boolean;
        /** BucketOwnerPreferred where a writer delivers by ACL grant (CloudFront legacy logging); else BucketOwnerEnforced. */
        readonly objectOwnership: "BucketOwnerPreferred" | "BucketOwnerEnforced";
        readonly tags?: Readonly<Record<string, string>>;
    },
    opts: pulumi.CustomResourceOptions,
): { bucket: aws.s3.Bucket; ownership: aws.s3.BucketOwnershipControls; publicAccess: aws.s3.BucketPublicAccessBlock; child: pulumi.CustomResourceOptions } {
    const bucket = new aws.s3.Bucket(name, {
        bucketPrefix: args.bucketPrefix,
        // Outside production a stack can be torn down with its logs; in production logs stay.
        forceDestroy: !args.production,
        tags: args.tags ? { ...args.tags } : undefined,
    }, { ...opts, retainOnDelete: args.production });

    const child = { ...opts, parent: bucket };
    const ownership = new aws.s3.BucketOwnershipControls(`${name}-ownership`, {
        bucket: bucket.id,
        rule: { objectOwnership: args.objectOwnership },
    }, child);
    const publicAccess = new aws.s3.BucketPublicAccessBlock(`${name}-public-access`, {
        bucket: bucket.id,
        blockPublicAcls: true,
        blockPublicPolicy: true,
        ignorePublicAcls: true,
        restrictPublicBuckets: true,
    }, child);
    return { bucket, ownership, publicAccess, child };
}

/** SSE-KMS with a customer-managed key by default, and expiry after the retention period. */
export function encryptAndExpireLogs(
    name: string,
    bucket: aws.s3.Bucket,
    args: { readonly kmsKeyArn: pulumi.Input<string>; readonly lifecycleRuleId: string; readonly retentionDays: number },
    child: pulumi.CustomResourceOptions,
): void {
    new aws.s3.BucketServerSideEncryptionConfiguration(`${name}-encryption`, {
        bucket: bucket.id,
        // A bucket key lets S3 reuse one data key across many small log files instead of a KMS call each.
        rules: [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: args.kmsKeyArn }, bucketKeyEnabled: true }],
    }, child);
    new aws.s3.BucketLifecycleConfiguration(`${name}-lifecycle`, {
        bucket: bucket.id,
        rules: [{
            id: args.lifecycleRuleId,
            status: "Enabled",
            filter: {},
            expiration: { days: args.retentionDays },
            abortIncompleteMultipartUpload: { daysAfterInitiation: 1 },
        }],
    }, child);
}

/** Every request to a log bucket must use TLS. */
export function denyInsecureTransport(bucketArn: string): object {
    return {
        Sid: "DenyInsecureTransport",
        Effect: "Deny",
        Principal: "*",
        Action: "s3:*",
        Resource: [bucketArn, `${bucketArn}/*`],
        Condition: { Bool: { "aws:SecureTransport": "false" } },
    };
}

/** The bucket policy, once the public access block exists (else S3 may evaluate the policy without it). */
export function createLogBucketPolicy(
    name: string,
    bucket: aws.s3.Bucket,
    policy: pulumi.Input<string>,
    publicAccess: aws.s3.BucketPublicAccessBlock,
    child: pulumi.CustomResourceOptions,
): aws.s3.BucketPolicy {
    return new aws.s3.BucketPolicy(`${name}-policy`, { bucket: bucket.id, policy }, { ...child, dependsOn: [publicAccess] });
}

/**
 * What AWS log delivery needs to write under `<prefix>` (accelerator flow logs under their prefix,
 * one folder per zone's accelerator; WAF logs at the root), limited to this account.
 */
function logDeliveryStatements(bucketArn: string, accountId: string, prefix: string): object[] {
    return deliveryWriteStatements(bucketArn, {
        sid: prefix === "" ? "WafLogs" : "AcceleratorFlowLogs",
        objects: prefix === "" ? `${bucketArn}/AWSLogs/${accountId}/*` : `${bucketArn}/${prefix}*`,
        accountId,
    });
}

/**
 * The two statements AWS log delivery (`delivery.logs.amazonaws.com`) needs on a bucket: read the
 * bucket ACL, and put objects (with the bucket-owner-full-control ACL it always sends) under
 * `objects`. Always limited to this account (aws:SourceAccount); with `sourceArn` also to log
 * sources of one region (aws:SourceArn `arn:aws:logs:<region>:<account>:*`), as AWS documents for
 * Network Load Balancer access logs ("Enable access logs for your Network Load Balancer").
 */
export function deliveryWriteStatements(
    bucketArn: string,
    args: { readonly sid: string; readonly objects: string; readonly accountId: string; readonly sourceArn?: string },
): object[] {
    const principal = { Service: LOG_DELIVERY_SERVICE };
    const fromThisAccount = { "aws:SourceAccount": args.accountId };
    const fromSource = args.sourceArn === undefined ? {} : { ArnLike: { "aws:SourceArn": args.sourceArn } };
    return [
        {
            Sid: `${args.sid}Write`,
            Effect: "Allow",
            Principal: principal,
            Action: "s3:PutObject",
            Resource: args.objects,
            Condition: { StringEquals: { ...fromThisAccount, "s3:x-amz-acl": "bucket-owner-full-control" }, ...fromSource },
        },
        {
            Sid: `${args.sid}AclCheck`,
            Effect: "Allow",
            Principal: principal,
            Action: "s3:GetBucketAcl",
            Resource: bucketArn,
            Condition: { StringEquals: fromThisAccount, ...fromSource },
        },
    ];
}
