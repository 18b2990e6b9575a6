import { GLOBAL_SERVICES_REGION } from "../../config/awsRegions";
import { PROJECT } from "../../config";
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iamDocument";
import { TAG } from "../tags";
import { RESOURCE_ACTIONS } from "./deploymentActions";
import { boundaryPolicyArn, deploymentRoleName, identityIamPath, previewRoleName, programIamPath, PULUMI_OIDC_CONDITION_PREFIX } from "./names";

/**
 * The deployment role's and the preview role's permissions, generated from RESOURCE_ACTIONS (what
 * each resource type of the program calls). The rules:
 * - control-plane actions per service, no `*` and no `service:*`; regional services only in the
 *   stack's regions plus us-east-1 (`aws:RequestedRegion`), Global Accelerator only through its
 *   us-west-2 API;
 * - data-plane grants (secret values and secret/key/table resource policies, key grants, table
 *   items, bucket policies) only on resources tagged with this program's Project and Environment
 *   (the providers' default tags), or for buckets, the environment's bucket-name prefix;
 * - IAM writes only under the program's IAM path, roles only with the program's permissions
 *   boundary; PassRole only of those roles and only to the services that need them; an explicit
 *   deny on the deployment identity itself (its roles, its policies, the boundary, the Pulumi OIDC
 *   provider), so the role cannot widen its own permissions;
 * - fis:StartExperiment is not here: deploys create drills, people start them.
 * Split into several managed policies because IAM caps each at 6,144 characters.
 */

export interface DeploymentPermissionsInput {
    readonly accountId: string;
    readonly partition: string;
    /** Region codes of the stack. */
    readonly regions: readonly string[];
    /** Environment name: the IAM path, tag value and bucket prefix the role is scoped to. */
    readonly environment: string;
}

export interface NamedPolicy {
    /** Short name, unique within the role, e.g. `network-compute`. */
    readonly name: DeploymentPolicyName;
    readonly description: string;
    readonly document: PolicyDocument;
}

/** The role's managed policies, in order; `deploymentPolicies` returns exactly these. */
export const DEPLOYMENT_POLICY_NAMES = ["network-compute", "data-stores", "operations", "edge", "identity", "guardrails"] as const;
export type DeploymentPolicyName = (typeof DEPLOYMENT_POLICY_NAMES)[number];

/** Global Accelerator's control plane exists only in us-west-2, whatever the accelerator serves. */
export const GLOBAL_ACCELERATOR_API_REGION = "us-west-2";

/** Services this program hands a role to (EKS clusters, nodes and pods, Lambda, RDS monitoring, flow logs, FIS, SSM Automation, schedules). */
export const PASS_ROLE_SERVICES: readonly string[] = [
    "eks.amazonaws.com",
    "ec2.amazonaws.com",
    "pods.eks.amazonaws.com",
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

/** AWS-managed policies program roles may have attached (EKS nodes and cluster). */
export const ATTACHABLE_AWS_POLICIES: readonly string[] = ["AmazonEKS*", "AmazonEC2ContainerRegistryReadOnly", "AmazonEC2ContainerRegistryPullOnly", "AmazonSSMManagedInstanceCore"];

/** Managed policies the role must never attach: attaching one would make every bound above moot. */
export const FORBIDDEN_MANAGED_POLICIES: readonly string[] = ["AdministratorAccess", "IAMFullAccess", "PowerUserAccess"];

/** Services whose encrypted resources the deploy creates make the caller use a key through them. */
export const KMS_VIA_SERVICES: readonly string[] = ["rds", "eks", "dynamodb", "elasticache", "secretsmanager", "ec2", "lambda", "logs"];

/** Which managed policy a service's actions go to, and where its API is called. */
const SERVICE_PLACEMENT: Readonly<Record<string, { policy: DeploymentPolicyName; where: "regional" | "global" | "ga" }>> = {
    ec2: { policy: "network-compute", where: "regional" },
    eks: { policy: "network-compute", where: "regional" },
    elasticloadbalancing: { policy: "network-compute", where: "regional" },
    autoscaling: { policy: "network-compute", where: "regional" },
    rds: { policy: "data-stores", where: "regional" },
    elasticache: { policy: "data-stores", where: "regional" },
    dynamodb: { policy: "data-stores", where: "regional" },
    kms: { policy: "data-stores", where: "regional" },
    secretsmanager: { policy: "data-stores", where: "regional" },
    lambda: { policy: "operations", where: "regional" },
    events: { policy: "operations", where: "regional" },
    scheduler: { policy: "operations", where: "regional" },
    logs: { policy: "operations", where: "regional" },
    cloudwatch: { policy: "operations", where: "regional" },
    sns: { policy: "operations", where: "regional" },
    ssm: { policy: "operations", where: "regional" },
    fis: { policy: "operations", where: "regional" },
    budgets: { policy: "operations", where: "global" },
    acm: { policy: "edge", where: "regional" },
    wafv2: { policy: "edge", where: "regional" },
    s3: { policy: "edge", where: "regional" },
    cloudfront: { policy: "edge", where: "global" },
    "cloudfront-keyvaluestore": { policy: "edge", where: "global" },
    route53: { policy: "edge", where: "global" },
    globalaccelerator: { policy: "edge", where: "ga" },
};

const DESCRIPTIONS: Readonly<Record<DeploymentPolicyName, string>> = {
    "network-compute": "VPCs, subnets, NAT, security groups, EKS clusters and node groups, load balancers",
    "data-stores": "RDS, ElastiCache, DynamoDB, KMS keys, secrets; data-plane grants only on this program's tagged resources",
    operations: "Lambda, schedules, logs, alarms, dashboards, SNS, SSM parameters and documents, FIS templates, budgets",
    edge: "CloudFront, WAF, ACM, Route 53, Global Accelerator, the log bucket",
    identity: "Roles, policies and instance profiles under the program's IAM path, with the permissions boundary; PassRole to the platform's services",
    guardrails: "Explicit denies: the deployment identity, the boundary and administrator policies are out of reach",
};

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

const serviceOf = (action: string): string => action.slice(0, action.indexOf(":"));
const sidOf = (service: string): string => service.split(/[^a-z0-9]/i).map((w) => w.charAt(0).toUpperCase() + w.slice(1)).join("");
const sortedUnique = (xs: Iterable<string>): string[] => [...new Set(xs)].sort();

/** Control (`control`) or data (`data`) actions of every table row, grouped by service. */
function actionsByService(kind: "control" | "data"): Map<string, string[]> {
    const by = new Map<string, Set<string>>();
    for (const row of Object.values(RESOURCE_ACTIONS)) {
        for (const action of row[kind] ?? []) {
            const service = serviceOf(action);
            if (!by.has(service)) by.set(service, new Set());
            by.get(service)!.add(action);
        }
    }
    return new Map([...by].map(([s, a]) => [s, sortedUnique(a)]));
}

/** Drops actions a broader pattern in the same list already grants (e.g. `ec2:DescribeVpcs` under `ec2:Describe*`). */
function withoutCovered(actions: readonly string[]): string[] {
    const patterns = actions.filter((a) => a.includes("*"));
    return actions.filter((a) => a.includes("*") || !patterns.some((p) => new RegExp(`^${p.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`).test(a)));
}

export function deploymentPolicies(input: DeploymentPermissionsInput): NamedPolicy[] {
    const { accountId, partition } = input;
    const env = { name: input.environment };
    const inRegions = { "aws:RequestedRegion": deploymentRegions(input.regions) };
    const ownTags = { [`aws:ResourceTag/${TAG.project}`]: PROJECT, [`aws:ResourceTag/${TAG.environment}`]: input.environment };
    const iam = (kind: string, path: string, name = "*") => `arn:${partition}:iam::${accountId}:${kind}${path}${name}`;
    const programPath = programIamPath(env);
    const boundaryArn = boundaryPolicyArn(accountId, env, partition);

    const statementsFor = new Map<DeploymentPolicyName, PolicyStatement[]>(DEPLOYMENT_POLICY_NAMES.map((n) => [n, []]));
    for (const [service, actions] of actionsByService("control")) {
        if (service === "iam") continue; // scoped below
        const placement = SERVICE_PLACEMENT[service];
        if (!placement) throw new Error(`deployment permissions: no placement for service "${service}" (add it to SERVICE_PLACEMENT)`);
        const condition = placement.where === "regional" ? { StringEquals: inRegions } : placement.where === "ga" ? { StringEquals: { "aws:RequestedRegion": GLOBAL_ACCELERATOR_API_REGION } } : undefined;
        statementsFor.get(placement.policy)!.push({ Sid: sidOf(service), Effect: "Allow", Action: withoutCovered(actions), Resource: "*", ...(condition ? { Condition: condition } : {}) });
    }

    const data = actionsByService("data");
    const taggedData = [...data].filter(([s]) => s !== "s3").flatMap(([, a]) => a);
    statementsFor.get("data-stores")!.push(
        { Sid: "DataPlaneOnProgramResourcesOnly", Effect: "Allow", Action: sortedUnique(taggedData), Resource: "*", Condition: { StringEquals: { ...inRegions, ...ownTags } } },
        {
            // Creating encrypted RDS, EKS secrets, DynamoDB, ElastiCache, Lambda environments and
            // log groups makes the caller use the key through that service; never directly.
            Sid: "KmsUseThroughServices",
            Effect: "Allow",
            Action: ["kms:Decrypt", "kms:GenerateDataKey", "kms:GenerateDataKeyWithoutPlaintext"],
            Resource: "*",
            Condition: { StringEquals: inRegions, StringLike: { "kms:ViaService": KMS_VIA_SERVICES.map((s) => `${s}.*.amazonaws.com`) } },
        },
    );
    statementsFor.get("edge")!.push({
        Sid: "BucketPoliciesOfProgramBucketsOnly",
        Effect: "Allow",
        Action: data.get("s3") ?? [],
        Resource: `arn:${partition}:s3:::${input.environment}-*`,
        Condition: { StringEquals: inRegions },
    });

    const iamControl = actionsByService("control").get("iam") ?? [];
    const boundaryRequired = ["iam:CreateRole", "iam:PutRolePermissionsBoundary", "iam:PutRolePolicy", "iam:DeleteRolePolicy", "iam:DetachRolePolicy"];
    const isRead = (a: string) => /^iam:(Get|List)/.test(a);
    const oidc = iamControl.filter((a) => /OpenIDConnectProvider/.test(a) && !isRead(a));
    const rolePolicyWrites = iamControl.filter((a) => !isRead(a) && !oidc.includes(a) && !boundaryRequired.includes(a) && a !== "iam:AttachRolePolicy");
    statementsFor.get("identity")!.push(
        { Sid: "ReadIdentity", Effect: "Allow", Action: ["iam:Get*", "iam:List*"], Resource: "*" },
        {
            Sid: "ProgramRolesOnlyWithBoundary",
            Effect: "Allow",
            Action: boundaryRequired,
            Resource: iam("role", programPath),
            Condition: { StringEquals: { "iam:PermissionsBoundary": boundaryArn } },
        },
        {
            Sid: "AttachOnlyProgramOrEksPolicies",
            Effect: "Allow",
            Action: "iam:AttachRolePolicy",
            Resource: iam("role", programPath),
            Condition: {
                StringEquals: { "iam:PermissionsBoundary": boundaryArn },
                ArnLike: { "iam:PolicyARN": [iam("policy", programPath), ...ATTACHABLE_AWS_POLICIES.map((p) => `arn:${partition}:iam::aws:policy/${p}`)] },
            },
        },
        {
            Sid: "ProgramRolesPoliciesAndProfiles",
            Effect: "Allow",
            Action: rolePolicyWrites,
            Resource: [iam("role", programPath), iam("policy", programPath), iam("instance-profile", programPath)],
        },
        // EKS clusters' IRSA providers only; the Pulumi Cloud provider is the deployment's own trust anchor.
        { Sid: "EksOidcProviders", Effect: "Allow", Action: oidc, Resource: `arn:${partition}:iam::${accountId}:oidc-provider/oidc.eks.*` },
        {
            Sid: "PassProgramRolesToPlatformServices",
            Effect: "Allow",
            Action: "iam:PassRole",
            Resource: iam("role", programPath),
            Condition: { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } },
        },
        {
            Sid: "ServiceLinkedRoles",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: `arn:${partition}:iam::${accountId}:role/aws-service-role/*`,
            Condition: { StringEquals: { "iam:AWSServiceName": SERVICE_LINKED_ROLE_SERVICES } },
        },
    );

    const iamWrites = ["iam:Create*", "iam:Delete*", "iam:Put*", "iam:Attach*", "iam:Detach*", "iam:Update*", "iam:Tag*", "iam:Untag*", "iam:Add*", "iam:Remove*", "iam:Set*", "iam:Upload*"];
    statementsFor.get("guardrails")!.push(
        {
            Sid: "NeverTheDeploymentIdentity",
            Effect: "Deny",
            Action: iamWrites,
            Resource: [
                iam("role", "/", deploymentRoleName(env)),
                iam("role", "/", previewRoleName(env)),
                iam("policy", identityIamPath(env)),
                `arn:${partition}:iam::${accountId}:oidc-provider/${PULUMI_OIDC_CONDITION_PREFIX}`,
            ],
        },
        { Sid: "NeverRemoveABoundary", Effect: "Deny", Action: "iam:DeleteRolePermissionsBoundary", Resource: "*" },
        {
            Sid: "NoRoleWithoutTheBoundary",
            Effect: "Deny",
            Action: ["iam:CreateRole", "iam:PutRolePermissionsBoundary"],
            Resource: "*",
            Condition: { StringNotEquals: { "iam:PermissionsBoundary": boundaryArn } },
        },
        {
            Sid: "NeverAttachAdministrativePolicies",
            Effect: "Deny",
            Action: ["iam:AttachRolePolicy", "iam:AttachUserPolicy", "iam:AttachGroupPolicy"],
            Resource: "*",
            Condition: { ArnLike: { "iam:PolicyARN": FORBIDDEN_MANAGED_POLICIES.map((p) => `arn:${partition}:iam::aws:policy/${p}`) } },
        },
        { Sid: "NoUsersOrAccessKeys", Effect: "Deny", Action: ["iam:CreateUser", "iam:CreateAccessKey", "iam:CreateLoginProfile", "sts:AssumeRole"], Resource: "*" },
    );

    return DEPLOYMENT_POLICY_NAMES.map((name) => ({ name, description: DESCRIPTIONS[name], document: policyDocument(statementsFor.get(name)!) }));
}

/** A read verb: what a preview may call. */
const READ_ACTION = /^[a-z0-9-]+:(Describe|Get|List)/;
/** Reads that return data or secrets rather than configuration: never in the preview role. */
export const PREVIEW_EXCLUDED_READS: readonly string[] = ["secretsmanager:GetSecretValue", "s3:GetObject", "logs:GetLogEvents", "logs:FilterLogEvents", "dynamodb:GetItem", "kms:Decrypt"];

/**
 * The preview role's one policy: the read actions of the table (Describe/Get/List and their
 * patterns), no write and no data read. A pull-request preview runs unreviewed code; this is all
 * that code can reach.
 */
export function previewPolicy(input: DeploymentPermissionsInput): PolicyDocument {
    const inRegions = { StringEquals: { "aws:RequestedRegion": deploymentRegions(input.regions) } };
    const reads = new Map<string, string[]>();
    for (const [service, actions] of actionsByService("control")) {
        const r = actions.filter((a) => READ_ACTION.test(a) && !PREVIEW_EXCLUDED_READS.includes(a));
        if (r.length > 0) reads.set(service, withoutCovered(r));
    }
    const regional = [...reads].filter(([s]) => SERVICE_PLACEMENT[s]?.where === "regional").flatMap(([, a]) => a);
    const elsewhere = [...reads].filter(([s]) => SERVICE_PLACEMENT[s]?.where !== "regional").flatMap(([, a]) => a);
    return policyDocument([
        { Sid: "ReadConfigurationInStackRegions", Effect: "Allow", Action: sortedUnique(regional), Resource: "*", Condition: inRegions },
        { Sid: "ReadGlobalConfiguration", Effect: "Allow", Action: sortedUnique([...elsewhere, "iam:Get*", "iam:List*"]), Resource: "*" },
        // The read patterns above (ec2:Get*, ssm:Get*) must not reach data, whatever else is attached.
        { Sid: "NeverDataOrWrites", Effect: "Deny", Action: [...PREVIEW_EXCLUDED_READS, "ec2:GetPasswordData", "secretsmanager:BatchGetSecretValue", "ssm:GetParameterHistory"], Resource: "*" },
    ]);
}
