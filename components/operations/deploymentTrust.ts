import { policyDocument, type PolicyDocument } from "../iamDocument";
import { DEPLOY_OPERATIONS, deploymentSubject, PREVIEW_OPERATIONS, PULUMI_OIDC_CONDITION_PREFIX } from "./names";

export interface DeploymentTrustInput {
    /** ARN of the IAM OIDC provider for api.pulumi.com/oidc. */
    readonly oidcProviderArn: string;
    /** Pulumi organization: the token audience and the org in its subject. */
    readonly org: string;
    readonly project: string;
    /** The one stack whose deployments may assume the role. */
    readonly stack: string;
}

/** Which identity a trust policy is for: the deploying role or the read-only preview role. */
export type DeploymentIdentity = "deploy" | "preview";

/** Characters that would turn an exact org, project or stack into a pattern. */
const PATTERN_CHARACTERS = /[*?$:]/;

/** The operations each identity may be assumed for. */
export function trustedOperations(identity: DeploymentIdentity): readonly string[] {
    return identity === "deploy" ? DEPLOY_OPERATIONS : PREVIEW_OPERATIONS;
}

/**
 * Trust policy of a deployment identity: only tokens minted by Pulumi Cloud for this org
 * (audience) and for deployments of exactly this org, project and stack, and only for the
 * operations of that identity (subjects listed exactly, StringEquals). A pull-request preview's
 * token says `operation:preview`, so it can assume only the read-only preview role, never the
 * deploying role, whatever the previewed code does with the token; `update`, `refresh` and
 * `destroy` tokens cannot assume the preview role. A review stack or another project of the
 * same org gets a different subject and is refused by both.
 */
export function deploymentTrustPolicy(input: DeploymentTrustInput, identity: DeploymentIdentity = "deploy"): PolicyDocument {
    for (const [what, value] of [["org", input.org], ["project", input.project], ["stack", input.stack]] as const) {
        if (value === "" || PATTERN_CHARACTERS.test(value)) {
            throw new Error(`deployment trust: ${what} must be an exact name, got "${value}"`);
        }
    }
    const subjects = trustedOperations(identity).map((op) => deploymentSubject(input.org, input.project, input.stack, op));
    return policyDocument([
        {
            Sid: identity === "deploy" ? "PulumiDeploymentsOfThisStackOnly" : "PulumiPreviewsOfThisStackOnly",
            Effect: "Allow",
            Principal: { Federated: input.oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: {
                    [`${PULUMI_OIDC_CONDITION_PREFIX}:aud`]: input.org,
                    [`${PULUMI_OIDC_CONDITION_PREFIX}:sub`]: subjects,
                },
            },
        },
    ]);
}
