import { keyAdministeredThroughIam, policyDocument, type PolicyDocument } from "../iamDocument";

/**
 * Key and topic policies of a region's alert topic. The topic is encrypted with its own
 * customer-managed key because the AWS-managed SNS key cannot grant CloudWatch or Budgets the
 * right to encrypt; with it, alarms and budget notifications would be dropped silently.
 */

/** AWS services that publish to the alert topics: alarms and budget notifications. */
export const ALERT_PUBLISHING_SERVICES: readonly string[] = ["cloudwatch.amazonaws.com", "budgets.amazonaws.com"];

/** Key administration and use, for IAM principals of the account (who still need IAM permissions). */
const KEY_ACCOUNT_ACTIONS = [
    "kms:Create*", "kms:Describe*", "kms:Enable*", "kms:List*", "kms:Put*", "kms:Update*", "kms:Revoke*",
    "kms:Disable*", "kms:Get*", "kms:Delete*", "kms:TagResource", "kms:UntagResource",
    "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:RotateKeyOnDemand",
    "kms:Encrypt", "kms:Decrypt", "kms:ReEncrypt*", "kms:GenerateDataKey*",
];

export function alertKeyPolicy(accountId: string, partition = "aws"): PolicyDocument {
    return policyDocument([
        keyAdministeredThroughIam(accountId, partition, KEY_ACCOUNT_ACTIONS),
        {
            Sid: "AlarmsAndBudgetsPublishEncrypted",
            Effect: "Allow",
            Principal: { Service: ALERT_PUBLISHING_SERVICES },
            Action: ["kms:Decrypt", "kms:GenerateDataKey*"],
            Resource: "*",
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
    ]);
}

export function alertTopicPolicy(topicArn: string, accountId: string, partition = "aws"): PolicyDocument {
    return policyDocument([
        {
            Sid: "AccountManagesAndPublishes",
            Effect: "Allow",
            Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
            Action: ["sns:Publish", "sns:Subscribe", "sns:GetTopicAttributes", "sns:SetTopicAttributes", "sns:ListSubscriptionsByTopic", "sns:DeleteTopic"],
            Resource: topicArn,
        },
        {
            Sid: "AlarmsAndBudgetsPublish",
            Effect: "Allow",
            Principal: { Service: ALERT_PUBLISHING_SERVICES },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        },
        {
            Sid: "TlsOnly",
            Effect: "Deny",
            Principal: { AWS: "*" },
            Action: "sns:Publish",
            Resource: topicArn,
            Condition: { Bool: { "aws:SecureTransport": "false" } },
        },
    ]);
}
