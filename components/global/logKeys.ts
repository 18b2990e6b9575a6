import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../../config";
import { keyAdministeredThroughIam, type PolicyDocument } from "../iamDocument";
import { LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE, regionalKeyPolicy } from "../regional/policies";

export { LOG_DELIVERY_KMS_ACTIONS, LOG_DELIVERY_SERVICE };

/**
 * KMS keys for the global layer's own logs. They cannot reuse the regional keys: the edge log
 * bucket needs a key AWS log delivery may use, and the WAF log group lives in us-east-1, where a
 * stack may have no region (and so no regional key) at all.
 */

/**
 * Key policy for the edge log bucket's key: the account administers it through IAM (the AWS
 * default statement), and log delivery may generate data keys. AWS documents the CloudFront
 * statement without conditions; CloudFront's legacy delivery sends no source account to match.
 */
export function edgeLogKeyPolicy(accountId: string, partition = "aws"): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [
            keyAdministeredThroughIam(accountId, partition),
            {
                Sid: "LogDeliveryWritesEdgeLogs",
                Effect: "Allow",
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: LOG_DELIVERY_KMS_ACTIONS,
                Resource: "*",
            },
        ],
    };
}

/** Key policy for a log group's key: the regional key's policy (account + CloudWatch Logs of that region). */
export function logGroupKeyPolicy(accountId: string, region: string, partition = "aws"): PolicyDocument {
    return regionalKeyPolicy({ partition, accountId, region });
}

/**
 * A rotating customer-managed key. In production it outlives a `pulumi destroy` (retainOnDelete):
 * logs encrypted with a deleted key can never be read again.
 */
export function createLogKey(
    name: string,
    args: {
        readonly environment: EnvironmentConfig;
        readonly description: string;
        readonly policy: (accountId: string) => PolicyDocument;
        readonly tags?: Readonly<Record<string, string>>;
    },
    opts: pulumi.CustomResourceOptions,
): aws.kms.Key {
    const accountId = aws.getCallerIdentityOutput({}, { parent: opts.parent, provider: opts.provider }).accountId;
    return new aws.kms.Key(name, {
        description: args.description,
        enableKeyRotation: true,
        deletionWindowInDays: args.environment.production ? 30 : 7,
        policy: accountId.apply((id) => JSON.stringify(args.policy(id))),
        tags: args.tags ? { ...args.tags } : undefined,
    }, { ...opts, retainOnDelete: args.environment.production });
}
