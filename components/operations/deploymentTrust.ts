import { policyDocument, type PolicyDocument } from "../iamDocument";
import { deploymentSubject, PULUMI_OIDC_CONDITION_PREFIX } from "./names";

export interface DeploymentTrustInput {
    /** ARN of the IAM OIDC provider for api.pulumi.com/oidc. */
    readonly oidcProviderArn: string;
    /** Pulumi organization: the token audience and the org in its subject. */
    readonly org: string;
    readonly project: string;
    /** The one stack whose deployments may assume the role. */
    readonly stack: string;
}

/** Characters that would turn an exact org, project or stack into a pattern under StringLike. */
const PATTERN_CHARACTERS = /[*?$]/;

/**
 * Trust policy of the deployment role: only tokens minted by Pulumi Cloud for this org
 * (audience, StringEquals) and for deployments of exactly this org, project and stack (subject,
 * StringLike with the operation as the only wildcard). A review stack or another project of the
 * same org gets a different subject and is refused.
 */
export function deploymentTrustPolicy(input: DeploymentTrustInput): PolicyDocument {
    for (const [what, value] of [["org", input.org], ["project", input.project], ["stack", input.stack]] as const) {
        if (value === "" || PATTERN_CHARACTERS.test(value)) {
            throw new Error(`deployment trust: ${what} must be an exact name, got "${value}"`);
        }
    }
    return policyDocument([
        {
            Sid: "PulumiDeploymentsOfThisStackOnly",
            Effect: "Allow",
            Principal: { Federated: input.oidcProviderArn },
            Action: "sts:AssumeRoleWithWebIdentity",
            Condition: {
                StringEquals: { [`${PULUMI_OIDC_CONDITION_PREFIX}:aud`]: input.org },
                StringLike: { [`${PULUMI_OIDC_CONDITION_PREFIX}:sub`]: deploymentSubject(input.org, input.project, input.stack) },
            },
        },
    ]);
}
