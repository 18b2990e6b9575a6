import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../../config";
import { policyDocument, type PolicyDocument } from "../iamDocument";
import type { RegionalProviders } from "../providers";
import { TAG } from "../tags";
import { boundaryPolicyArn, boundaryPolicyName, identityIamPath, programIamPath } from "./names";

/**
 * The permissions boundary every role of the program carries, and the transform that puts it
 * (and the program's IAM path) on every role, policy and instance profile the program declares,
 * including those inside remote components (eks.Cluster's roles).
 *
 * Why a boundary: the deployment role may create and edit roles under the program's path. With
 * the boundary required on each (deploymentPermissions.ts), no role it creates or edits can do
 * more than this ceiling, which holds no IAM writes: the deployment role cannot mint itself a
 * stronger role. The ceiling is the union of what the workloads need (EKS nodes and pods, the
 * Lambdas, RDS monitoring, flow logs, FIS and SSM drills); a test checks every role policy the
 * dev and prod plans register stays inside it.
 */

export interface BoundaryInput {
    readonly partition: string;
    readonly accountId: string;
    readonly environment: Pick<EnvironmentConfig, "name">;
    /** Region codes of the stack: model calls are capped to them. */
    readonly regions: readonly string[];
}

/** Services the program's workloads call. A ceiling, so whole services are listed; IAM is not. */
export const BOUNDARY_SERVICES: readonly string[] = [
    "ec2", "ec2messages", "ssmmessages", "eks", "eks-auth", "ecr", "elasticloadbalancing", "autoscaling",
    "logs", "cloudwatch", "xray", "lambda", "ssm", "kms", "secretsmanager", "rds", "rds-db",
    "elasticache", "dynamodb", "s3", "sns", "route53", "fis", "scheduler", "events", "acm", "wafv2",
    "shield", "tag", "cognito-idp",
];

export function permissionsBoundaryPolicy(input: BoundaryInput): PolicyDocument {
    const { partition, accountId, environment } = input;
    const programRoles = `arn:${partition}:iam::${accountId}:role${programIamPath(environment)}*`;
    return policyDocument([
        { Sid: "WorkloadServices", Effect: "Allow", Action: BOUNDARY_SERVICES.map((s) => `${s}:*`), Resource: "*" },
        // Model calls only in the stack's own regions; which models each role may call is its own policy's business.
        { Sid: "BedrockInStackRegions", Effect: "Allow", Action: "bedrock:*", Resource: "*", Condition: { StringEquals: { "aws:RequestedRegion": [...input.regions].sort() } } },
        // Bedrock first use: model access is granted on first invocation through AWS Marketplace.
        { Sid: "BedrockFirstUse", Effect: "Allow", Action: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe"], Resource: "*" },
        { Sid: "Identity", Effect: "Allow", Action: ["sts:GetCallerIdentity", "iam:GetRole", "iam:ListServerCertificates", "iam:GetServerCertificate"], Resource: "*" },
        // FIS hands its SSM automation role on; drills assume program roles only.
        { Sid: "ProgramRolesOnly", Effect: "Allow", Action: ["iam:PassRole", "sts:AssumeRole"], Resource: programRoles },
        {
            Sid: "LoadBalancerServiceLinkedRole",
            Effect: "Allow",
            Action: "iam:CreateServiceLinkedRole",
            Resource: "*",
            Condition: { StringEquals: { "iam:AWSServiceName": "elasticloadbalancing.amazonaws.com" } },
        },
    ]);
}

/** Resource types the transform touches: they accept `path` (and a role, `permissionsBoundary`). */
const IAM_PATH_TYPES = new Set(["aws:iam/role:Role", "aws:iam/policy:Policy", "aws:iam/instanceProfile:InstanceProfile"]);

/**
 * The props a resource is declared with after the program's identity rules: roles, policies and
 * instance profiles get the program's IAM path unless they name one themselves (the deployment
 * identity does, to stay outside it), and roles on that path get the boundary. Returns undefined
 * when nothing changes. Pure, so it is tested without Pulumi.
 */
export function withProgramIdentity<P extends Record<string, unknown>>(type: string, props: P, env: Pick<EnvironmentConfig, "name">, boundaryArn: unknown): P | undefined {
    if (!IAM_PATH_TYPES.has(type)) return undefined;
    const path = props.path ?? programIamPath(env);
    if (path !== programIamPath(env)) return undefined;
    const next: Record<string, unknown> = { ...props, path };
    if (type === "aws:iam/role:Role" && props.permissionsBoundary === undefined) next.permissionsBoundary = boundaryArn;
    return next as P;
}

export interface PermissionsBoundaryArgs {
    readonly environment: EnvironmentConfig;
    readonly regions: readonly { readonly code: string }[];
    readonly providers: RegionalProviders;
}

/**
 * Creates the boundary policy and installs the identity rules for every resource declared after
 * it. Both transform APIs: `registerResourceTransform` reaches into remote components in a real
 * deployment; the SDK-side stack transformation is what the offline plan (mocks) applies.
 */
export class PermissionsBoundary extends pulumi.ComponentResource {
    readonly policyArn: pulumi.Output<string>;

    constructor(name: string, args: PermissionsBoundaryArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("ai-platform:operations:PermissionsBoundary", name, {}, opts);
        const globalOpts = { parent: this, provider: args.providers.forGlobalServices() };
        const accountId = aws.getCallerIdentityOutput({}, globalOpts).accountId;
        const partition = aws.getPartitionOutput({}, globalOpts).partition;
        const policy = new aws.iam.Policy(`${name}-policy`, {
            name: boundaryPolicyName(args.environment),
            path: identityIamPath(args.environment),
            description: `Permissions boundary of every ${args.environment.name} platform role: the most any of them may do`,
            policy: pulumi.all([accountId, partition]).apply(([id, p]) => JSON.stringify(permissionsBoundaryPolicy({ partition: p, accountId: id, environment: args.environment, regions: args.regions.map((r) => r.code) }))),
            // A ceiling, not a grant: it holds and grants no data of any zone by itself (each role's
            // own policy names the models of its zone, and the residency policies check those).
            tags: { [TAG.classification]: "internal" },
        }, globalOpts);
        // The ARN the deployment role's conditions name, computed the same way; taken through the
        // policy's own output so every role waits for the boundary to exist.
        this.policyArn = pulumi.all([accountId, partition, policy.arn]).apply(([id, p]) => boundaryPolicyArn(id, args.environment, p));
        this.registerOutputs({ policyArn: this.policyArn });
    }

    /** Applies the identity rules to every resource registered from now on, in this stack. */
    install(env: Pick<EnvironmentConfig, "name">): void {
        const boundaryArn = this.policyArn;
        try {
            pulumi.runtime.registerResourceTransform((a) => {
                const props = withProgramIdentity(a.type, a.props, env, boundaryArn);
                return props ? { props, opts: a.opts } : undefined;
            });
        } catch {
            // An engine without transform support: the stack transformation below still applies.
        }
        pulumi.runtime.registerStackTransformation((a) => {
            const props = withProgramIdentity(a.type, a.props, env, boundaryArn);
            return props ? { props, opts: a.opts } : undefined;
        });
    }
}
