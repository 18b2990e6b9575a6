import type * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { createLogBucket, createLogBucketPolicy, deliveryWriteStatements, denyInsecureTransport, encryptAndExpireLogs } from "../global/logBucket";
import { logDeliverySourceCondition, type AccountScope } from "./policies";
import type { RegionalScope } from "./scope";

/** Key prefix of the NLB's logs in its bucket; ELB appends `AWSLogs/<account>/...` (the prefix may not contain `AWSLogs`). */
export const NLB_ACCESS_LOG_PREFIX = "nlb";

/** S3 caps `bucket_prefix` at 37 characters (it appends a 26-character unique suffix to reach the 63 limit). */
export const MAX_BUCKET_PREFIX_LENGTH = 37;

/** What the NLB's `accessLogs` attribute gets, and what it must wait for. */
export interface NlbAccessLogs {
    readonly bucket: pulumi.Output<string>;
    readonly prefix: string;
    /** ELB checks that it may write when the attribute is set, so the policy must exist first. */
    readonly policy: aws.s3.BucketPolicy;
}

/** `<env>-<region>-nlb-logs-`: short enough for a bucket prefix, recognisable in the S3 console. */
export function nlbAccessLogBucketPrefix(environment: string, region: string): string {
    const prefix = `${environment}-${region}-nlb-logs-`;
    if (prefix.length > MAX_BUCKET_PREFIX_LENGTH) {
        throw new Error(`environment.name "${environment}" is too long for the NLB access-log bucket in ${region}: "${prefix}" has ${prefix.length} characters, S3 bucket prefixes at most ${MAX_BUCKET_PREFIX_LENGTH}`);
    }
    return prefix;
}

/**
 * The bucket policy for NLB access logs ("Enable access logs for your Network Load Balancer"):
 * TLS only, and AWS log delivery may check the ACL and write under `<prefix>/AWSLogs/<account>/`,
 * only for this account's log sources in this region (aws:SourceAccount and aws:SourceArn).
 */
export function nlbAccessLogBucketPolicy(bucketArn: string, account: AccountScope, prefix = NLB_ACCESS_LOG_PREFIX): object {
    const source = logDeliverySourceCondition(account);
    return {
        Version: "2012-10-17",
        Statement: [
            denyInsecureTransport(bucketArn),
            ...deliveryWriteStatements(bucketArn, {
                sid: "NlbAccessLogs",
                objects: `${bucketArn}/${prefix}/AWSLogs/${account.accountId}/*`,
                accountId: account.accountId,
                sourceArn: source.ArnLike["aws:SourceArn"],
            }),
        ],
    };
}

/**
 * The region's bucket for its NLB's access logs: in the NLB's region (ELB writes nowhere else, and
 * client IPs stay in the zone), SSE-KMS with the region's customer-managed key (whose policy then
 * lets log delivery use it: createRegionalKey's logDelivery), public access blocked, ACLs disabled
 * (log delivery's bucket-owner-full-control writes are accepted under BucketOwnerEnforced), and
 * expiry after the environment's log retention. No server access logging: it is a log bucket.
 */
export function createNlbAccessLogBucket(scope: RegionalScope, key: aws.kms.Key): NlbAccessLogs {
    const name = scope.child("nlb-logs");
    const { bucket, publicAccess, child } = createLogBucket(name, {
        bucketPrefix: nlbAccessLogBucketPrefix(scope.environment.name, scope.region.code),
        production: scope.environment.production,
        objectOwnership: "BucketOwnerEnforced",
        tags: scope.tags("nlb-logs"),
    }, scope.options());
    encryptAndExpireLogs(name, bucket, { kmsKeyArn: key.arn, lifecycleRuleId: "expire-nlb-access-logs", retentionDays: scope.environment.logRetentionDays }, child);
    const policyJson = pulumi.all([bucket.arn, scope.account]).apply(([arn, account]) => JSON.stringify(nlbAccessLogBucketPolicy(arn, account)));
    const policy = createLogBucketPolicy(name, bucket, policyJson, publicAccess, child);
    return { bucket: bucket.bucket, prefix: NLB_ACCESS_LOG_PREFIX, policy };
}
