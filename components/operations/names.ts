import type { EnvironmentConfig } from "../../config";
import { PROJECT } from "../../config";

/**
 * Physical names that something outside this program refers to before or without reading stack
 * outputs: the deploy settings files name the deployment role's ARN, operators type alarm and
 * document names into the CLI. Everything else is auto-named by Pulumi.
 */

/** Issuer of the OIDC tokens Pulumi Deployments presents to AWS. */
export const PULUMI_OIDC_ISSUER_URL = "https://api.pulumi.com/oidc";
/** The issuer without scheme: the prefix of its condition keys in IAM trust policies. */
export const PULUMI_OIDC_CONDITION_PREFIX = "api.pulumi.com/oidc";

type EnvName = Pick<EnvironmentConfig, "name">;

/** Role Pulumi Deployments assumes for one environment, e.g. `ai-platform-prod-deployments`. */
export function deploymentRoleName(env: EnvName): string {
    return `${PROJECT}-${env.name}-deployments`;
}

export function deploymentRoleArn(accountId: string, env: EnvName, partition = "aws"): string {
    return `arn:${partition}:iam::${accountId}:role/${deploymentRoleName(env)}`;
}

/** Read-only role that pull-request previews assume, e.g. `ai-platform-prod-preview`. */
export function previewRoleName(env: EnvName): string {
    return `${PROJECT}-${env.name}-preview`;
}

export function previewRoleArn(accountId: string, env: EnvName, partition = "aws"): string {
    return `arn:${partition}:iam::${accountId}:role/${previewRoleName(env)}`;
}

/**
 * IAM path of every role, policy and instance profile the program creates for its workloads,
 * e.g. `/ai-platform/prod/`: the prefix the deployment role may write under. IAM names are
 * auto-named by Pulumi, so the path (part of the ARN) is the stable prefix.
 */
export function programIamPath(env: EnvName): string {
    return `/${PROJECT}/${env.name}/`;
}

/**
 * IAM path of the deployment identity's own managed policies and the permissions boundary,
 * deliberately outside programIamPath: the deployment role may not write here.
 */
export function identityIamPath(env: EnvName): string {
    return `/${PROJECT}-identity/${env.name}/`;
}

/** Permissions boundary every program role carries, e.g. `ai-platform-prod-permissions-boundary`. */
export function boundaryPolicyName(env: EnvName): string {
    return `${PROJECT}-${env.name}-permissions-boundary`;
}

export function boundaryPolicyArn(accountId: string, env: EnvName, partition = "aws"): string {
    return `arn:${partition}:iam::${accountId}:policy${identityIamPath(env)}${boundaryPolicyName(env)}`;
}

/** Operations a deployment token may carry (`operation` claim; Pulumi Cloud OIDC docs). */
export const DEPLOY_OPERATIONS = ["update", "refresh", "destroy"] as const;
export const PREVIEW_OPERATIONS = ["preview"] as const;

/**
 * The `sub` claim of a Pulumi Deployments token for one stack and operation, as Pulumi Cloud
 * composes it: `pulumi:deploy:org:<org>:project:<project>:stack:<stack>:operation:<op>:scope:write`
 * (https://www.pulumi.com/docs/pulumi-cloud/deployments/oidc/). Every part is exact.
 */
export function deploymentSubject(org: string, project: string, stack: string, operation: string): string {
    return `pulumi:deploy:org:${org}:project:${project}:stack:${stack}:operation:${operation}:scope:write`;
}

/** Prefix of per-region operations resources, e.g. `ai-platform-prod-eu-central-1`. */
export function regionPrefix(env: EnvName, regionCode: string): string {
    return `${PROJECT}-${env.name}-${regionCode}`;
}

/** CloudWatch alarm name: `<project>-<env>-<region>-<what>`, so a page says where without a lookup. */
export function alarmName(env: EnvName, regionCode: string, what: string): string {
    return `${regionPrefix(env, regionCode)}-${what}`;
}

/** SSM Automation document that raises the Bedrock fault flag; same name in every region. */
export function bedrockFaultDocumentName(env: EnvName): string {
    return `${PROJECT}-${env.name}-bedrock-fault-drill`;
}

export function dashboardName(env: EnvName): string {
    return `${PROJECT}-${env.name}`;
}

export function budgetName(env: EnvName, regionCode: string): string {
    return `${regionPrefix(env, regionCode)}-monthly`;
}
