/**
 * IAM and KMS policy documents as plain data, so each can be read and tested on its own.
 * Actions are always listed explicitly; the only `Resource: "*"` are in the key policy, where
 * "*" means "this key" (a key policy cannot name its own ARN before the key exists).
 */

import { keyAdministeredThroughIam, type PolicyDocument } from "../iamDocument";

/** Where a policy applies: the partition, account and region the resources live in. */
export interface AccountScope {
    readonly partition: string;
    readonly accountId: string;
    readonly region: string;
}

/** What CloudWatch Logs needs to encrypt and read log events with a customer-managed key. */
export const LOGS_KMS_ACTIONS = [
    "kms:Encrypt",
    "kms:Decrypt",
    "kms:ReEncryptFrom",
    "kms:ReEncryptTo",
    "kms:GenerateDataKey",
    "kms:GenerateDataKeyWithoutPlaintext",
    "kms:DescribeKey",
];

/** The service principal that delivers vended logs (ELB and Global Accelerator access logs, WAF, CloudFront) to S3. */
export const LOG_DELIVERY_SERVICE = "delivery.logs.amazonaws.com";

/**
 * What log delivery needs on the customer-managed key of a bucket it writes SSE-KMS objects to
 * (CloudFront standard logs, accelerator flow logs, NLB access logs). S3 asks KMS for a data key
 * per object (GenerateDataKey) and Decrypt for multipart uploads; Encrypt / ReEncrypt, which the
 * CloudWatch "Logs sent to Amazon S3" sample also lists, are never called by SSE-KMS writes.
 * NLB access logs take SSE-KMS with a customer-managed key only, not aws/s3 ("Access logs for
 * your Network Load Balancer").
 */
export const LOG_DELIVERY_KMS_ACTIONS = ["kms:GenerateDataKey*", "kms:Decrypt", "kms:DescribeKey"];

/**
 * Confused-deputy guard for log delivery: only deliveries for this account's log sources in this
 * region (the form AWS documents for aws:SourceArn is `arn:aws:logs:<region>:<account>:*`).
 */
export function logDeliverySourceCondition(scope: AccountScope): { StringEquals: Record<string, string>; ArnLike: Record<string, string> } {
    const { partition, accountId, region } = scope;
    return {
        StringEquals: { "aws:SourceAccount": accountId },
        ArnLike: { "aws:SourceArn": `arn:${partition}:logs:${region}:${accountId}:*` },
    };
}

/**
 * The regional key's policy. The account statement is the AWS default key policy: it hands
 * authorisation to IAM, which is how EKS, RDS, ElastiCache and Secrets Manager (acting for the
 * deploying principal, through grants) use the key, and it is what keeps the key manageable at
 * all; without it a key can become unmanageable. CloudWatch Logs is a service principal that IAM
 * policies cannot cover, so it is named here, limited to log groups of this account and region.
 */
export function regionalKeyPolicy(scope: AccountScope, options: { readonly logDelivery?: boolean } = {}): PolicyDocument {
    const { partition, accountId, region } = scope;
    return {
        Version: "2012-10-17",
        Statement: [
            keyAdministeredThroughIam(accountId, partition),
            {
                Sid: "CloudWatchLogsInThisRegion",
                Effect: "Allow",
                Principal: { Service: `logs.${region}.amazonaws.com` },
                Action: LOGS_KMS_ACTIONS,
                Resource: "*",
                Condition: {
                    ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:${partition}:logs:${region}:${accountId}:log-group:*` },
                },
            },
            // Only where the region's NLB writes access logs to an SSE-KMS bucket under this key.
            ...(options.logDelivery ? [{
                Sid: "LogDeliveryWritesNlbAccessLogs",
                Effect: "Allow" as const,
                Principal: { Service: LOG_DELIVERY_SERVICE },
                Action: LOG_DELIVERY_KMS_ACTIONS,
                Resource: "*",
                Condition: logDeliverySourceCondition(scope),
            }] : []),
        ],
    };
}

/** Trust policy for the flow-log delivery role: only VPC Flow Logs, only for this account and region. */
export function flowLogTrustPolicy(scope: AccountScope): PolicyDocument {
    const { partition, accountId, region } = scope;
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Effect: "Allow",
                Principal: { Service: "vpc-flow-logs.amazonaws.com" },
                Action: ["sts:AssumeRole"],
                // Confused-deputy guard: the service may assume the role only for our own flow logs.
                Condition: {
                    StringEquals: { "aws:SourceAccount": accountId },
                    ArnLike: { "aws:SourceArn": `arn:${partition}:ec2:${region}:${accountId}:vpc-flow-log/*` },
                },
            },
        ],
    };
}

/**
 * What the flow-log role may do: write streams and events into its one log group. The group is
 * created by Pulumi, so no logs:CreateLogGroup. DescribeLogGroups cannot be narrowed to one group
 * (it lists), so it is limited to this account and region.
 */
export function flowLogDeliveryPolicy(logGroupArn: string, scope: AccountScope): PolicyDocument {
    const { partition, accountId, region } = scope;
    const group = logGroupArn.replace(/:\*$/, "");
    return {
        Version: "2012-10-17",
        Statement: [
            {
                Sid: "WriteFlowLogsToItsGroup",
                Effect: "Allow",
                Action: ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"],
                Resource: [group, `${group}:log-stream:*`],
            },
            {
                Sid: "FindItsGroup",
                Effect: "Allow",
                Action: ["logs:DescribeLogGroups"],
                Resource: `arn:${partition}:logs:${region}:${accountId}:log-group:*`,
            },
        ],
    };
}

/** Trust policy for EKS worker nodes. */
export function nodeTrustPolicy(): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{ Effect: "Allow", Principal: { Service: "ec2.amazonaws.com" }, Action: ["sts:AssumeRole"] }],
    };
}

/**
 * The AWS managed policies an EKS managed node needs, and nothing more: join the cluster, run the
 * VPC CNI, pull images from ECR. Anything a workload needs comes through IRSA, not the node role.
 */
export function nodeRoleManagedPolicyArns(partition: string): Record<"worker" | "cni" | "ecrReadOnly", string> {
    return {
        worker: `arn:${partition}:iam::aws:policy/AmazonEKSWorkerNodePolicy`,
        cni: `arn:${partition}:iam::aws:policy/AmazonEKS_CNI_Policy`,
        ecrReadOnly: `arn:${partition}:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly`,
    };
}
