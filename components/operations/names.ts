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

/**
 * The `sub` claim of a Pulumi Deployments token for one stack. Only the operation is a wildcard
 * (update, preview, refresh, destroy all run as the stack); org, project and stack are exact.
 */
export function deploymentSubject(org: string, project: string, stack: string): string {
    return `pulumi:deploy:org:${org}:project:${project}:stack:${stack}:operation:*:scope:write`;
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
