import { GLOBAL_SERVICES_REGION } from "../../config/awsRegions";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iamDocument";

/**
 * What `pulumi up` of this program needs, as the deployment role's permissions. The rules:
 * - management (control-plane) verbs only, per service: no `*` and no `service:*` actions;
 * - no data-plane reads: no s3:GetObject, secretsmanager:GetSecretValue, logs:GetLogEvents,
 *   bedrock:Invoke*; the one exception (DynamoDB replica set-up) is its own statement, says why;
 * - regional services only in the stack's regions plus us-east-1 (where AWS pins CloudFront's
 *   certificate and WAF), by `aws:RequestedRegion`, so the role cannot build anything elsewhere;
 * - iam:PassRole only to the AWS services this program hands roles to;
 * - fis:StartExperiment is not here: deploys create drills, people start them.
 * Resource is `*` where the names are not known before creation (Pulumi auto-names) or the
 * action takes no resource; the region condition and the verb lists are the bound instead.
 * Split into several managed policies because IAM caps each at 6,144 characters.
 */

export interface DeploymentPermissionsInput {
    readonly accountId: string;
    readonly partition: string;
    /** Region codes of the stack. */
    readonly regions: readonly string[];
}

export interface NamedPolicy {
    /** Short name, unique within the role, e.g. `network-compute`. */
    readonly name: DeploymentPolicyName;
    readonly description: string;
    readonly document: PolicyDocument;
}

/** The role's managed policies, in order; `deploymentPolicies` returns exactly these. */
export const DEPLOYMENT_POLICY_NAMES = ["network-compute", "data-stores", "operations", "edge", "identity"] as const;
export type DeploymentPolicyName = (typeof DEPLOYMENT_POLICY_NAMES)[number];

/** Global Accelerator's control plane exists only in us-west-2, whatever the accelerator serves. */
export const GLOBAL_ACCELERATOR_API_REGION = "us-west-2";

/** Services this program hands a role to (EKS clusters and nodes, Lambda, RDS monitoring, flow logs, FIS, SSM Automation, schedules). */
export const PASS_ROLE_SERVICES: readonly string[] = [
    "eks.amazonaws.com",
    "ec2.amazonaws.com",
    "lambda.amazonaws.com",
    "monitoring.rds.amazonaws.com",
    "vpc-flow-logs.amazonaws.com",
    "fis.amazonaws.com",
    "ssm.amazonaws.com",
    "scheduler.amazonaws.com",
    "events.amazonaws.com",
];

/** Service-linked roles AWS creates on first use of these services in an account. */
export const SERVICE_LINKED_ROLE_SERVICES: readonly string[] = [
    "eks.amazonaws.com",
    "eks-nodegroup.amazonaws.com",
    "autoscaling.amazonaws.com",
    "elasticloadbalancing.amazonaws.com",
    "rds.amazonaws.com",
    "elasticache.amazonaws.com",
    "globalaccelerator.amazonaws.com",
    "replication.dynamodb.amazonaws.com",
];

/** Managed policies the role must never attach: attaching one would make every bound above moot. */
export const FORBIDDEN_MANAGED_POLICIES: readonly string[] = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

const verbs = (service: string, ...names: string[]): string[] => names.map((n) => `${service}:${n}*`);
const exact = (service: string, ...names: string[]): string[] => names.map((n) => `${service}:${n}`);

/** The regions the role may create regional resources in. */
export function deploymentRegions(regions: readonly string[]): string[] {
    return [...new Set([...regions, GLOBAL_SERVICES_REGION])].sort();
}

/** One policy by name (the component creates one IAM policy per name). */
export function deploymentPolicy(input: DeploymentPermissionsInput, name: DeploymentPolicyName): NamedPolicy {
    const found = deploymentPolicies(input).find((p) => p.name === name);
    if (!found) throw new Error(`no deployment policy named "${name}"`);
    return found;
}

export function deploymentPolicies(input: DeploymentPermissionsInput): NamedPolicy[] {
    const { accountId, partition } = input;
    const inRegions = { StringEquals: { "aws:RequestedRegion": deploymentRegions(input.regions) } };
    const regional = (sid: string, actions: string[], resource: string | string[] = "*"): PolicyStatement => ({
        Sid: sid,
        Effect: "Allow",
        Action: actions,
        Resource: resource,
        Condition: inRegions,
    });
    const iamArn = (kind: string) => `arn:${partition}:iam::${accountId}:${kind}/*`;

    return [
        {
            name: "network-compute",
            description: "VPCs, subnets, NAT, security groups, EKS clusters and node groups, load balancers",
            document: policyDocument([
                regional("Ec2Networking", verbs("ec2", "Describe", "Get", "Create", "Delete", "Modify", "Associate", "Disassociate", "Attach", "Detach", "Authorize", "Revoke", "Allocate", "Release", "Replace", "Enable", "Disable")),
                regional("Eks", verbs("eks", "Describe", "List", "Create", "Delete", "Update", "Tag", "Untag", "Associate", "Disassociate")),
                regional("LoadBalancing", verbs("elasticloadbalancing", "Describe", "Create", "Delete", "Modify", "Add", "Remove", "Register", "Deregister", "Set")),
                regional("AutoScalingForNodeGroups", verbs("autoscaling", "Describe", "Create", "Delete", "Update")),
            ]),
        },
        {
            name: "data-stores",
            description: "RDS, ElastiCache, DynamoDB tables and replicas, KMS keys, secret metadata",
            document: policyDocument([
                regional("Rds", verbs("rds", "Describe", "List", "Create", "Delete", "Modify", "Add", "Remove")),
                regional("ElastiCache", verbs("elasticache", "Describe", "List", "Create", "Delete", "Modify", "Add", "Remove", "Increase", "Decrease")),
                regional("DynamoDbTables", exact("dynamodb", "CreateTable", "DeleteTable", "DescribeTable", "UpdateTable", "ListTables", "DescribeContinuousBackups", "UpdateContinuousBackups", "DescribeTimeToLive", "UpdateTimeToLive", "ListTagsOfResource", "TagResource", "UntagResource", "CreateTableReplica", "DeleteTableReplica", "DescribeTableReplicaAutoScaling", "DescribeKinesisStreamingDestination", "DescribeContributorInsights", "GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy")),
                // Adding a replica to a global table (2019.11.21) requires these item permissions
                // on the table itself (AWS checks them for the replica's initial sync). The
                // deploy never calls them; they are bounded to this account's tables.
                regional("DynamoDbReplicaSetup", exact("dynamodb", "Scan", "Query", "GetItem", "PutItem", "UpdateItem", "DeleteItem", "BatchWriteItem"), `arn:${partition}:dynamodb:*:${accountId}:table/*`),
                regional("KmsKeys", [...verbs("kms", "Describe", "List", "Get", "Create", "Enable", "Disable", "Put", "Update"), ...exact("kms", "TagResource", "UntagResource", "ScheduleKeyDeletion", "CancelKeyDeletion")]),
                {
                    // Creating encrypted RDS, EKS secrets, DynamoDB and ElastiCache makes the caller
                    // use the key through that service; never directly.
                    Sid: "KmsUseThroughServices",
                    Effect: "Allow",
                    Action: exact("kms", "Decrypt", "GenerateDataKey", "GenerateDataKeyWithoutPlaintext"),
                    Resource: "*",
                    Condition: {
                        ...inRegions,
                        StringLike: { "kms:ViaService": ["rds.*.amazonaws.com", "eks.*.amazonaws.com", "dynamodb.*.amazonaws.com", "elasticache.*.amazonaws.com", "secretsmanager.*.amazonaws.com", "ec2.*.amazonaws.com"] },
                    },
                },
                regional("SecretMetadata", exact("secretsmanager", "CreateSecret", "DeleteSecret", "DescribeSecret", "UpdateSecret", "PutSecretValue", "TagResource", "UntagResource", "GetResourcePolicy", "PutResourcePolicy", "DeleteResourcePolicy")),
            ]),
        },
        {
            name: "operations",
            description: "Lambda, schedules, logs, alarms, dashboards, SNS, SSM parameters and documents, FIS templates",
            document: policyDocument([
                regional("Lambda", [...verbs("lambda", "Get", "List", "Create", "Delete", "Update", "Put", "Tag", "Untag"), ...exact("lambda", "AddPermission", "RemovePermission", "PublishVersion")]),
                regional("Schedules", [
                    ...exact("events", "PutRule", "DeleteRule", "DescribeRule", "EnableRule", "DisableRule", "PutTargets", "RemoveTargets", "ListTargetsByRule", "ListTagsForResource", "TagResource", "UntagResource"),
                    ...verbs("scheduler", "Get", "List", "Create", "Delete", "Update", "Tag", "Untag"),
                ]),
                regional("Logs", verbs("logs", "Describe", "List", "Create", "Delete", "Put", "Associate", "Disassociate", "Tag", "Untag")),
                regional("AlarmsAndDashboards", exact("cloudwatch", "PutMetricAlarm", "PutCompositeAlarm", "DeleteAlarms", "DescribeAlarms", "PutDashboard", "GetDashboard", "DeleteDashboards", "ListDashboards", "TagResource", "UntagResource", "ListTagsForResource")),
                regional("AlertTopics", exact("sns", "CreateTopic", "DeleteTopic", "GetTopicAttributes", "SetTopicAttributes", "Subscribe", "Unsubscribe", "GetSubscriptionAttributes", "SetSubscriptionAttributes", "ListSubscriptionsByTopic", "TagResource", "UntagResource", "ListTagsForResource")),
                // GetParameter* also serves the EKS optimized-AMI lookups (public /aws/service/ parameters).
                regional("SsmParametersAndDocuments", exact("ssm", "PutParameter", "DeleteParameter", "GetParameter", "GetParameters", "GetParametersByPath", "DescribeParameters", "AddTagsToResource", "RemoveTagsFromResource", "ListTagsForResource", "CreateDocument", "DeleteDocument", "DescribeDocument", "DescribeDocumentPermission", "GetDocument", "UpdateDocument", "UpdateDocumentDefaultVersion", "ListDocumentVersions")),
                regional("FisTemplates", exact("fis", "CreateExperimentTemplate", "DeleteExperimentTemplate", "GetExperimentTemplate", "UpdateExperimentTemplate", "ListExperimentTemplates", "TagResource", "UntagResource", "ListTagsForResource")),
                {
                    Sid: "Budgets",
                    Effect: "Allow",
                    Action: exact("budgets", "ViewBudget", "ModifyBudget", "ListTagsForResource", "TagResource", "UntagResource"),
                    Resource: `arn:${partition}:budgets::${accountId}:budget/*`,
                },
            ]),
        },
        {
            name: "edge",
            description: "CloudFront, WAF, ACM, Route 53, Global Accelerator, the log bucket's bucket-level settings",
            document: policyDocument([
                regional("Certificates", exact("acm", "RequestCertificate", "DeleteCertificate", "DescribeCertificate", "GetCertificate", "ListCertificates", "AddTagsToCertificate", "RemoveTagsFromCertificate", "ListTagsForCertificate")),
                regional("Waf", verbs("wafv2", "Get", "List", "Create", "Delete", "Update", "Put", "Tag", "Untag", "Associate", "Disassociate")),
                // Bucket-level actions only: object actions (GetObject, PutObject) are not listed.
                regional("LogBucketSettings", [
                    ...exact("s3", "CreateBucket", "DeleteBucket", "ListBucket", "GetEncryptionConfiguration", "PutEncryptionConfiguration", "GetLifecycleConfiguration", "PutLifecycleConfiguration", "GetReplicationConfiguration", "GetAccelerateConfiguration"),
                    ...verbs("s3", "GetBucket", "PutBucket"),
                ]),
                { Sid: "CloudFront", Effect: "Allow", Action: verbs("cloudfront", "Get", "List", "Create", "Delete", "Update", "Tag", "Untag"), Resource: "*" },
                { Sid: "Route53", Effect: "Allow", Action: verbs("route53", "Get", "List", "Create", "Delete", "Change", "Update"), Resource: "*" },
                {
                    Sid: "GlobalAccelerator",
                    Effect: "Allow",
                    Action: verbs("globalaccelerator", "Describe", "List", "Create", "Delete", "Update", "Add", "Remove", "Tag", "Untag"),
                    Resource: "*",
                    Condition: { StringEquals: { "aws:RequestedRegion": GLOBAL_ACCELERATOR_API_REGION } },
                },
            ]),
        },
        {
            name: "identity",
            description: "Roles, policies, instance profiles and OIDC providers of this account; PassRole to the platform's services",
            document: policyDocument([
                {
                    Sid: "ManageRolesAndPolicies",
                    Effect: "Allow",
                    Action: [
                        ...exact("iam", "CreateRole", "DeleteRole", "GetRole", "UpdateRole", "UpdateRoleDescription", "UpdateAssumeRolePolicy", "TagRole", "UntagRole", "ListRoleTags"),
                        ...exact("iam", "PutRolePolicy", "GetRolePolicy", "DeleteRolePolicy", "ListRolePolicies", "AttachRolePolicy", "DetachRolePolicy", "ListAttachedRolePolicies", "ListInstanceProfilesForRole"),
                        ...exact("iam", "CreatePolicy", "DeletePolicy", "GetPolicy", "GetPolicyVersion", "CreatePolicyVersion", "DeletePolicyVersion", "ListPolicyVersions", "TagPolicy", "UntagPolicy"),
                        ...exact("iam", "CreateInstanceProfile", "DeleteInstanceProfile", "GetInstanceProfile", "AddRoleToInstanceProfile", "RemoveRoleFromInstanceProfile", "TagInstanceProfile"),
                        ...exact("iam", "CreateOpenIDConnectProvider", "DeleteOpenIDConnectProvider", "GetOpenIDConnectProvider", "UpdateOpenIDConnectProviderThumbprint", "AddClientIDToOpenIDConnectProvider", "RemoveClientIDFromOpenIDConnectProvider", "TagOpenIDConnectProvider", "UntagOpenIDConnectProvider"),
                    ],
                    Resource: [iamArn("role"), iamArn("policy"), iamArn("instance-profile"), iamArn("oidc-provider")],
                },
                {
                    Sid: "PassRolesToPlatformServices",
                    Effect: "Allow",
                    Action: "iam:PassRole",
                    Resource: iamArn("role"),
                    Condition: { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } },
                },
                {
                    Sid: "ServiceLinkedRoles",
                    Effect: "Allow",
                    Action: "iam:CreateServiceLinkedRole",
                    Resource: `arn:${partition}:iam::${accountId}:role/aws-service-role/*`,
                    Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLE_SERVICES } },
                },
                {
                    Sid: "NeverAttachAdministrativePolicies",
                    Effect: "Deny",
                    Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
                    Resource: "*",
                    Condition: { ArnLike: { "iam:PolicyARN": FORBIDDEN_MANAGED_POLICIES.map((p) => `arn:${partition}:iam::aws:policy/${p}`) } },
                },
            ]),
        },
    ];
}
