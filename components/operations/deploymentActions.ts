/**
 * What `pulumi up`, `refresh` and `destroy` call in AWS for each resource type this program
 * registers: the source the deployment role's permissions are generated from
 * (deploymentPermissions.ts). A test runs the dev and prod plans and fails when a registered type
 * has no row here, so a new resource type cannot be forgotten (tests/components/operations/
 * deploymentCoverage.test.ts).
 *
 * `control`: control-plane actions, granted in the stack's regions (or the service's one API
 * region). `data`: actions that read data or grant access to data (secret values, item access,
 * key and bucket policies); granted only on resources carrying this program's Project and
 * Environment tags, or its bucket-name prefix. IAM rows are scoped to the program's IAM path.
 * Patterns use IAM's `*` within a verb (`ec2:Describe*`), never a whole service.
 */

export interface ResourceActions {
    readonly control: readonly string[];
    readonly data?: readonly string[];
}

const tagging = (service: string): string[] => [`${service}:TagResource`, `${service}:UntagResource`, `${service}:ListTagsForResource`];

const EC2_NETWORK = ["ec2:Describe*", "ec2:Create*", "ec2:Delete*", "ec2:Modify*", "ec2:Associate*", "ec2:Disassociate*", "ec2:Attach*", "ec2:Detach*", "ec2:Replace*", "ec2:Allocate*", "ec2:Release*", "ec2:Authorize*", "ec2:Revoke*", "ec2:Enable*", "ec2:Disable*", "ec2:Get*"];
const EKS = ["eks:Describe*", "eks:List*", "eks:Create*", "eks:Delete*", "eks:Update*", "eks:Tag*", "eks:Untag*", "eks:Associate*", "eks:Disassociate*"];
const ELB = ["elasticloadbalancing:Describe*", "elasticloadbalancing:Create*", "elasticloadbalancing:Delete*", "elasticloadbalancing:Modify*", "elasticloadbalancing:Add*", "elasticloadbalancing:Remove*", "elasticloadbalancing:Set*"];
const RDS = ["rds:Describe*", "rds:List*", "rds:Create*", "rds:Delete*", "rds:Modify*", "rds:Add*", "rds:Remove*"];
const ELASTICACHE = ["elasticache:Describe*", "elasticache:List*", "elasticache:Create*", "elasticache:Delete*", "elasticache:Modify*", "elasticache:Add*", "elasticache:Remove*", "elasticache:Increase*", "elasticache:Decrease*"];
// ElastiCache log delivery (slow/engine logs to CloudWatch Logs) is a CloudWatch Logs "vended"
// delivery: CreateReplicationGroup with logDeliveryConfigurations calls these on the caller's
// behalf (AWS: "Permissions required to publish to CloudWatch Logs" for ElastiCache).
const LOG_DELIVERY = ["logs:CreateLogDelivery", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:DeleteLogDelivery", "logs:ListLogDeliveries"];
const LOG_GROUP = ["logs:CreateLogGroup", "logs:DeleteLogGroup", "logs:DescribeLogGroups", "logs:PutRetentionPolicy", "logs:DeleteRetentionPolicy", "logs:AssociateKmsKey", "logs:DisassociateKmsKey", "logs:TagResource", "logs:UntagResource", "logs:ListTagsForResource", "logs:TagLogGroup", "logs:ListTagsLogGroup", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DeleteResourcePolicy"];
const VENDED_DELIVERY = ["logs:PutDeliverySource", "logs:GetDeliverySource", "logs:DeleteDeliverySource", "logs:DescribeDeliverySources", "logs:PutDeliveryDestination", "logs:GetDeliveryDestination", "logs:DeleteDeliveryDestination", "logs:DescribeDeliveryDestinations", "logs:PutDeliveryDestinationPolicy", "logs:GetDeliveryDestinationPolicy", "logs:DeleteDeliveryDestinationPolicy", "logs:CreateDelivery", "logs:GetDelivery", "logs:DeleteDelivery", "logs:DescribeDeliveries", "logs:UpdateDeliveryConfiguration", ...LOG_DELIVERY];
const KMS_KEY = ["kms:CreateKey", "kms:DescribeKey", "kms:GetKeyPolicy", "kms:GetKeyRotationStatus", "kms:EnableKeyRotation", "kms:DisableKeyRotation", "kms:ListResourceTags", "kms:ListKeys", "kms:ListAliases", "kms:TagResource", "kms:UntagResource", "kms:ScheduleKeyDeletion", "kms:CancelKeyDeletion", "kms:EnableKey", "kms:DisableKey", "kms:UpdateKeyDescription", "kms:ReplicateKey", "kms:UpdatePrimaryRegion"];
const IAM_ROLE = ["iam:CreateRole", "iam:DeleteRole", "iam:GetRole", "iam:UpdateRole", "iam:UpdateRoleDescription", "iam:UpdateAssumeRolePolicy", "iam:TagRole", "iam:UntagRole", "iam:ListRoleTags", "iam:ListRolePolicies", "iam:ListAttachedRolePolicies", "iam:ListInstanceProfilesForRole", "iam:PutRolePermissionsBoundary"];
const IAM_POLICY = ["iam:CreatePolicy", "iam:DeletePolicy", "iam:GetPolicy", "iam:GetPolicyVersion", "iam:CreatePolicyVersion", "iam:DeletePolicyVersion", "iam:ListPolicyVersions", "iam:TagPolicy", "iam:UntagPolicy"];
const S3_BUCKET = ["s3:CreateBucket", "s3:DeleteBucket", "s3:ListBucket", "s3:GetBucket*", "s3:PutBucketTagging", "s3:PutBucketVersioning", "s3:PutBucketOwnershipControls", "s3:PutBucketPublicAccessBlock", "s3:PutBucketLogging", "s3:PutBucketAcl", "s3:GetEncryptionConfiguration", "s3:PutEncryptionConfiguration", "s3:GetLifecycleConfiguration", "s3:PutLifecycleConfiguration", "s3:GetReplicationConfiguration", "s3:GetAccelerateConfiguration", "s3:GetBucketObjectLockConfiguration"];
const CLOUDFRONT = ["cloudfront:Get*", "cloudfront:List*", "cloudfront:Create*", "cloudfront:Delete*", "cloudfront:Update*", "cloudfront:TagResource", "cloudfront:UntagResource", "cloudfront:Describe*", "cloudfront:PublishFunction"];
const WAF = ["wafv2:Get*", "wafv2:List*", "wafv2:Create*", "wafv2:Delete*", "wafv2:Update*", "wafv2:Put*", "wafv2:TagResource", "wafv2:UntagResource", "wafv2:Associate*", "wafv2:Disassociate*"];
const ROUTE53 = ["route53:Get*", "route53:List*", "route53:Create*", "route53:Delete*", "route53:ChangeResourceRecordSets", "route53:ChangeTagsForResource", "route53:UpdateHealthCheck"];
const GA = ["globalaccelerator:Describe*", "globalaccelerator:List*", "globalaccelerator:Create*", "globalaccelerator:Delete*", "globalaccelerator:Update*", "globalaccelerator:Add*", "globalaccelerator:Remove*", "globalaccelerator:TagResource", "globalaccelerator:UntagResource"];
const ACM = ["acm:RequestCertificate", "acm:DeleteCertificate", "acm:DescribeCertificate", "acm:ListCertificates", "acm:AddTagsToCertificate", "acm:RemoveTagsFromCertificate", "acm:ListTagsForCertificate"];
const LAMBDA = ["lambda:Get*", "lambda:List*", "lambda:CreateFunction", "lambda:DeleteFunction", "lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration", "lambda:PutFunctionConcurrency", "lambda:DeleteFunctionConcurrency", "lambda:PublishVersion", "lambda:TagResource", "lambda:UntagResource"];
const ALARM = ["cloudwatch:PutMetricAlarm", "cloudwatch:PutCompositeAlarm", "cloudwatch:DeleteAlarms", "cloudwatch:DescribeAlarms", ...tagging("cloudwatch")];

/** Every AWS resource type the program (and the remote components below) may register. */
export const RESOURCE_ACTIONS: Readonly<Record<string, ResourceActions>> = {
    // Network (awsx.ec2.Vpc's children, security groups, flow logs)
    "aws:ec2/vpc:Vpc": { control: EC2_NETWORK },
    "aws:ec2/subnet:Subnet": { control: EC2_NETWORK },
    "aws:ec2/routeTable:RouteTable": { control: EC2_NETWORK },
    "aws:ec2/route:Route": { control: EC2_NETWORK },
    "aws:ec2/routeTableAssociation:RouteTableAssociation": { control: EC2_NETWORK },
    "aws:ec2/internetGateway:InternetGateway": { control: EC2_NETWORK },
    "aws:ec2/natGateway:NatGateway": { control: EC2_NETWORK },
    "aws:ec2/eip:Eip": { control: EC2_NETWORK },
    "aws:ec2/vpcEndpoint:VpcEndpoint": { control: EC2_NETWORK },
    "aws:ec2/securityGroup:SecurityGroup": { control: EC2_NETWORK },
    "aws:ec2/securityGroupRule:SecurityGroupRule": { control: EC2_NETWORK },
    "aws:ec2/defaultSecurityGroup:DefaultSecurityGroup": { control: EC2_NETWORK },
    "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule": { control: EC2_NETWORK },
    "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule": { control: EC2_NETWORK },
    "aws:ec2/flowLog:FlowLog": { control: [...EC2_NETWORK, "logs:CreateLogDelivery", "logs:DeleteLogDelivery"] },
    "aws:ec2/launchTemplate:LaunchTemplate": { control: EC2_NETWORK },
    "aws:ec2/managedPrefixList:ManagedPrefixList": { control: EC2_NETWORK },
    // EKS (eks.Cluster's and eks.ManagedNodeGroup's children, add-ons, access, pod identity)
    "aws:eks/cluster:Cluster": { control: [...EKS, ...EC2_NETWORK] },
    "aws:eks/nodeGroup:NodeGroup": { control: [...EKS, "autoscaling:Describe*", "autoscaling:CreateOrUpdateTags", "autoscaling:DeleteTags", "ec2:RunInstances", "ec2:CreateLaunchTemplate*"] },
    "aws:eks/addon:Addon": { control: EKS },
    "aws:eks/accessEntry:AccessEntry": { control: EKS },
    "aws:eks/accessPolicyAssociation:AccessPolicyAssociation": { control: EKS },
    "aws:eks/podIdentityAssociation:PodIdentityAssociation": { control: EKS },
    "aws:iam/openIdConnectProvider:OpenIdConnectProvider": { control: ["iam:CreateOpenIDConnectProvider", "iam:DeleteOpenIDConnectProvider", "iam:GetOpenIDConnectProvider", "iam:UpdateOpenIDConnectProviderThumbprint", "iam:AddClientIDToOpenIDConnectProvider", "iam:RemoveClientIDFromOpenIDConnectProvider", "iam:TagOpenIDConnectProvider", "iam:UntagOpenIDConnectProvider", "iam:ListOpenIDConnectProviderTags"] },
    // Load balancing
    "aws:lb/loadBalancer:LoadBalancer": { control: [...ELB, "ec2:Describe*"] },
    "aws:lb/targetGroup:TargetGroup": { control: ELB },
    "aws:lb/listener:Listener": { control: [...ELB, "acm:DescribeCertificate"] },
    "aws:lb/listenerCertificate:ListenerCertificate": { control: ELB },
    // Data stores
    "aws:rds/instance:Instance": { control: [...RDS, "secretsmanager:CreateSecret", "secretsmanager:DescribeSecret", "secretsmanager:TagResource", "secretsmanager:RotateSecret", "secretsmanager:DeleteSecret"] },
    "aws:rds/subnetGroup:SubnetGroup": { control: RDS },
    "aws:rds/parameterGroup:ParameterGroup": { control: RDS },
    "aws:elasticache/replicationGroup:ReplicationGroup": { control: [...ELASTICACHE, ...LOG_DELIVERY] },
    "aws:elasticache/subnetGroup:SubnetGroup": { control: ELASTICACHE },
    "aws:elasticache/parameterGroup:ParameterGroup": { control: ELASTICACHE },
    "aws:dynamodb/table:Table": {
        control: ["dynamodb:CreateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable", "dynamodb:UpdateTable", "dynamodb:ListTables", "dynamodb:DescribeContinuousBackups", "dynamodb:UpdateContinuousBackups", "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive", "dynamodb:ListTagsOfResource", "dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:CreateTableReplica", "dynamodb:DeleteTableReplica", "dynamodb:DescribeTableReplicaAutoScaling", "dynamodb:DescribeKinesisStreamingDestination", "dynamodb:DescribeContributorInsights", "dynamodb:GetResourcePolicy"],
        // Adding a replica to a 2019.11.21 global table makes AWS check these item permissions
        // on the table (initial sync); PutResourcePolicy is a data grant.
        data: ["dynamodb:Scan", "dynamodb:Query", "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:BatchWriteItem", "dynamodb:PutResourcePolicy", "dynamodb:DeleteResourcePolicy"],
    },
    "aws:kms/key:Key": { control: KMS_KEY, data: ["kms:PutKeyPolicy", "kms:CreateGrant", "kms:RetireGrant", "kms:RevokeGrant", "kms:ListGrants"] },
    "aws:kms/alias:Alias": { control: ["kms:CreateAlias", "kms:DeleteAlias", "kms:UpdateAlias", "kms:ListAliases"] },
    "aws:kms/replicaKey:ReplicaKey": { control: KMS_KEY, data: ["kms:PutKeyPolicy"] },
    "aws:secretsmanager/secret:Secret": {
        control: ["secretsmanager:CreateSecret", "secretsmanager:DeleteSecret", "secretsmanager:DescribeSecret", "secretsmanager:UpdateSecret", "secretsmanager:TagResource", "secretsmanager:UntagResource", "secretsmanager:ReplicateSecretToRegions", "secretsmanager:RemoveRegionsFromReplication"],
        data: ["secretsmanager:GetResourcePolicy", "secretsmanager:PutResourcePolicy", "secretsmanager:DeleteResourcePolicy"],
    },
    // Creating and refreshing a version reads it back (terraform-provider-aws secret_version read).
    "aws:secretsmanager/secretVersion:SecretVersion": { control: ["secretsmanager:DescribeSecret"], data: ["secretsmanager:PutSecretValue", "secretsmanager:GetSecretValue", "secretsmanager:UpdateSecretVersionStage"] },
    // Operations
    "aws:lambda/function:Function": { control: LAMBDA },
    "aws:lambda/permission:Permission": { control: ["lambda:AddPermission", "lambda:RemovePermission", "lambda:GetPolicy"] },
    "aws:lambda/functionUrl:FunctionUrl": { control: ["lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig", "lambda:DeleteFunctionUrlConfig", "lambda:GetFunctionUrlConfig"] },
    "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig": { control: ["lambda:PutFunctionEventInvokeConfig", "lambda:UpdateFunctionEventInvokeConfig", "lambda:DeleteFunctionEventInvokeConfig", "lambda:GetFunctionEventInvokeConfig"] },
    "aws:cloudwatch/eventRule:EventRule": { control: ["events:PutRule", "events:DeleteRule", "events:DescribeRule", "events:EnableRule", "events:DisableRule", ...tagging("events")] },
    "aws:cloudwatch/eventTarget:EventTarget": { control: ["events:PutTargets", "events:RemoveTargets", "events:ListTargetsByRule"] },
    "aws:scheduler/schedule:Schedule": { control: ["scheduler:GetSchedule", "scheduler:CreateSchedule", "scheduler:UpdateSchedule", "scheduler:DeleteSchedule", "scheduler:ListSchedules"] },
    "aws:cloudwatch/logGroup:LogGroup": { control: LOG_GROUP },
    "aws:cloudwatch/logResourcePolicy:LogResourcePolicy": { control: ["logs:PutResourcePolicy", "logs:DescribeResourcePolicies", "logs:DeleteResourcePolicy"] },
    "aws:cloudwatch/logDeliverySource:LogDeliverySource": { control: VENDED_DELIVERY },
    "aws:cloudwatch/logDeliveryDestination:LogDeliveryDestination": { control: VENDED_DELIVERY },
    "aws:cloudwatch/logDeliveryDestinationPolicy:LogDeliveryDestinationPolicy": { control: VENDED_DELIVERY },
    "aws:cloudwatch/logDelivery:LogDelivery": { control: VENDED_DELIVERY },
    "aws:cloudwatch/metricAlarm:MetricAlarm": { control: ALARM },
    "aws:cloudwatch/compositeAlarm:CompositeAlarm": { control: ALARM },
    "aws:cloudwatch/dashboard:Dashboard": { control: ["cloudwatch:PutDashboard", "cloudwatch:GetDashboard", "cloudwatch:DeleteDashboards", "cloudwatch:ListDashboards"] },
    "aws:sns/topic:Topic": { control: ["sns:CreateTopic", "sns:DeleteTopic", "sns:GetTopicAttributes", "sns:SetTopicAttributes", ...tagging("sns")] },
    "aws:sns/topicPolicy:TopicPolicy": { control: ["sns:GetTopicAttributes", "sns:SetTopicAttributes"] },
    "aws:sns/topicSubscription:TopicSubscription": { control: ["sns:Subscribe", "sns:Unsubscribe", "sns:GetSubscriptionAttributes", "sns:SetSubscriptionAttributes", "sns:ListSubscriptionsByTopic"] },
    // GetParameter* also serves the EKS optimized-AMI lookups (public /aws/service/ parameters).
    "aws:ssm/parameter:Parameter": { control: ["ssm:PutParameter", "ssm:DeleteParameter", "ssm:GetParameter", "ssm:GetParameters", "ssm:GetParametersByPath", "ssm:DescribeParameters", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"] },
    "aws:ssm/document:Document": { control: ["ssm:CreateDocument", "ssm:DeleteDocument", "ssm:DescribeDocument", "ssm:DescribeDocumentPermission", "ssm:GetDocument", "ssm:UpdateDocument", "ssm:UpdateDocumentDefaultVersion", "ssm:ListDocumentVersions", "ssm:AddTagsToResource", "ssm:RemoveTagsFromResource", "ssm:ListTagsForResource"] },
    "aws:fis/experimentTemplate:ExperimentTemplate": { control: ["fis:CreateExperimentTemplate", "fis:DeleteExperimentTemplate", "fis:GetExperimentTemplate", "fis:UpdateExperimentTemplate", "fis:ListExperimentTemplates", ...tagging("fis")] },
    "aws:budgets/budget:Budget": { control: ["budgets:ViewBudget", "budgets:ModifyBudget", "budgets:ListTagsForResource", "budgets:TagResource", "budgets:UntagResource"] },
    // Edge
    "aws:acm/certificate:Certificate": { control: ACM },
    "aws:acm/certificateValidation:CertificateValidation": { control: ["acm:DescribeCertificate"] },
    "aws:wafv2/webAcl:WebAcl": { control: WAF },
    "aws:wafv2/webAclAssociation:WebAclAssociation": { control: WAF },
    "aws:wafv2/ipSet:IpSet": { control: WAF },
    "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration": { control: [...WAF, "logs:CreateLogDelivery", "logs:DeleteLogDelivery", "logs:PutResourcePolicy", "logs:DescribeResourcePolicies"] },
    "aws:s3/bucket:Bucket": { control: S3_BUCKET },
    "aws:s3/bucketV2:BucketV2": { control: S3_BUCKET },
    "aws:s3/bucketOwnershipControls:BucketOwnershipControls": { control: S3_BUCKET },
    "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock": { control: S3_BUCKET },
    "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration": { control: S3_BUCKET },
    "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration": { control: S3_BUCKET },
    "aws:s3/bucketVersioning:BucketVersioning": { control: S3_BUCKET },
    "aws:s3/bucketAcl:BucketAcl": { control: S3_BUCKET },
    "aws:s3/bucketPolicy:BucketPolicy": { control: S3_BUCKET, data: ["s3:PutBucketPolicy", "s3:DeleteBucketPolicy", "s3:GetBucketPolicy"] },
    "aws:cloudfront/distribution:Distribution": { control: CLOUDFRONT },
    "aws:cloudfront/originAccessControl:OriginAccessControl": { control: CLOUDFRONT },
    "aws:cloudfront/cachePolicy:CachePolicy": { control: CLOUDFRONT },
    "aws:cloudfront/originRequestPolicy:OriginRequestPolicy": { control: CLOUDFRONT },
    "aws:cloudfront/responseHeadersPolicy:ResponseHeadersPolicy": { control: CLOUDFRONT },
    "aws:cloudfront/function:Function": { control: CLOUDFRONT },
    "aws:cloudfront/keyValueStore:KeyValueStore": { control: [...CLOUDFRONT, "cloudfront-keyvaluestore:DescribeKeyValueStore", "cloudfront-keyvaluestore:PutKey", "cloudfront-keyvaluestore:DeleteKey", "cloudfront-keyvaluestore:GetKey", "cloudfront-keyvaluestore:ListKeys", "cloudfront-keyvaluestore:UpdateKeys"] },
    "aws:cloudfrontkeyvaluestore/key:Key": { control: ["cloudfront-keyvaluestore:DescribeKeyValueStore", "cloudfront-keyvaluestore:PutKey", "cloudfront-keyvaluestore:DeleteKey", "cloudfront-keyvaluestore:GetKey"] },
    "aws:cloudfront/keyvaluestoreKey:KeyvaluestoreKey": { control: ["cloudfront-keyvaluestore:DescribeKeyValueStore", "cloudfront-keyvaluestore:PutKey", "cloudfront-keyvaluestore:DeleteKey", "cloudfront-keyvaluestore:GetKey", "cloudfront-keyvaluestore:ListKeys"] },
    "aws:route53/record:Record": { control: ROUTE53 },
    "aws:route53/zone:Zone": { control: ROUTE53 },
    "aws:route53/healthCheck:HealthCheck": { control: ROUTE53 },
    "aws:globalaccelerator/accelerator:Accelerator": { control: GA },
    "aws:globalaccelerator/listener:Listener": { control: GA },
    "aws:globalaccelerator/endpointGroup:EndpointGroup": { control: GA },
    // Identity (scoped to the program's IAM path; see deploymentPermissions.ts)
    "aws:iam/role:Role": { control: IAM_ROLE },
    "aws:iam/rolePolicy:RolePolicy": { control: ["iam:PutRolePolicy", "iam:GetRolePolicy", "iam:DeleteRolePolicy", "iam:ListRolePolicies"] },
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment": { control: ["iam:AttachRolePolicy", "iam:DetachRolePolicy", "iam:ListAttachedRolePolicies"] },
    "aws:iam/policy:Policy": { control: IAM_POLICY },
    "aws:iam/instanceProfile:InstanceProfile": { control: ["iam:CreateInstanceProfile", "iam:DeleteInstanceProfile", "iam:GetInstanceProfile", "iam:AddRoleToInstanceProfile", "iam:RemoveRoleFromInstanceProfile", "iam:TagInstanceProfile", "iam:UntagInstanceProfile"] },
};

/** Types that call no AWS API with the deployment role (other providers, Pulumi-internal). */
export const NO_AWS_CALLS: readonly RegExp[] = [/^pulumi:/, /^random:/, /^kubernetes:/, /^pulumiservice:/, /^tls:/, /^command:/];

/**
 * Remote (multi-language) components: under mocks one resource, in a real deploy the AWS
 * resources below, which the role must be able to create too.
 */
export const REMOTE_COMPONENT_CHILDREN: Readonly<Record<string, readonly string[]>> = {
    "awsx:ec2:Vpc": ["aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/routeTable:RouteTable", "aws:ec2/route:Route", "aws:ec2/routeTableAssociation:RouteTableAssociation", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/natGateway:NatGateway", "aws:ec2/eip:Eip", "aws:ec2/vpcEndpoint:VpcEndpoint"],
    "eks:index:Cluster": ["aws:eks/cluster:Cluster", "aws:iam/role:Role", "aws:iam/rolePolicyAttachment:RolePolicyAttachment", "aws:iam/openIdConnectProvider:OpenIdConnectProvider", "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/securityGroupRule:SecurityGroupRule", "aws:eks/accessEntry:AccessEntry", "aws:eks/accessPolicyAssociation:AccessPolicyAssociation", "aws:eks/addon:Addon"],
    "eks:index:ManagedNodeGroup": ["aws:eks/nodeGroup:NodeGroup", "aws:ec2/launchTemplate:LaunchTemplate"],
};

/** Whether a registered type needs nothing from the deployment role (components, providers, non-AWS). */
export function needsNoAwsPermissions(type: string, custom: boolean): boolean {
    if (REMOTE_COMPONENT_CHILDREN[type]) return false;
    return !custom || NO_AWS_CALLS.some((re) => re.test(type));
}

/** The AWS types a registered type stands for: itself, or a remote component's children. */
export function awsTypesOf(type: string): readonly string[] {
    return REMOTE_COMPONENT_CHILDREN[type] ?? [type];
}
