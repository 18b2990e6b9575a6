import { deploymentRoleName, previewRoleName } from "../components/operations/names";
import type { PlatformConfig } from "../config";

/**
 * The Pulumi Deployments settings of one platform stack, as plain data (the inputs of
 * `pulumiservice.DeploymentSettings`, @pulumi/pulumiservice 1.3.0), so every decision is tested
 * without Pulumi. Same triggers, pre-run commands and credentials as the removed
 * Pulumi.<stack>.deploy.yaml files, plus the preview role:
 * - dev: every push to main deploys; every pull request is previewed (read-only preview role);
 * - prod: pushes to main that touch the program deploy (path filters); no pull-request previews.
 *   Tag filters exist in Pulumi Cloud's REST API (`deployTags`, `tagFilters`) but not in the
 *   provider's DeploymentSettingsGithubArgs / DeploymentSettingsVcsArgs of 1.3.0, so prod keeps
 *   path filters; the merge to the protected main branch is the release point.
 *
 * Credentials: no static keys, and no built-in `oidc.aws` block, because it names one role for
 * every operation, and a pull-request preview must never get the deploying role. Instead the
 * first pre-run command after `npm ci` (deployments/awsProfile.ts) reads the deployment's own
 * OIDC token, picks the role for its `operation` claim (preview -> preview role; update, refresh,
 * destroy -> deploying role) and writes an AWS profile that assumes it with that token (web
 * identity). The roles' trust policies enforce the same split, so code under review that rewrites
 * the profile still cannot assume the deploying role with a preview token.
 */

export type PlatformStack = "dev" | "prod";

export interface StackDeploymentInput {
    readonly stack: PlatformStack;
    /** The platform stack's validated config (organization, environment name, session hours). */
    readonly platform: Pick<PlatformConfig, "environment" | "operations">;
    readonly accountId: string;
    /** GitHub `owner/name`. */
    readonly repository: string;
    readonly project: string;
}

/** Where the deployment writes the AWS profile; the env var makes every AWS SDK read it. */
export const AWS_CONFIG_FILE = "/tmp/ai-platform-aws/config";
/** Where Pulumi Deployments puts the deployment's OIDC token (Pulumi Cloud OIDC docs). */
export const PULUMI_OIDC_TOKEN_FILE = "/mnt/pulumi/pulumi.oidc";

/** Everything the prod program is built from: a change elsewhere (dev config, docs, tests) does not deploy prod. */
export const PROD_PATHS: readonly string[] = [
    "index.ts", "Pulumi.yaml", "Pulumi.prod.yaml", "package.json", "package-lock.json", "tsconfig.json",
    "components/**", "config/**", "functions/**",
];

export interface DeploymentSettingsInputs {
    readonly organization: string;
    readonly project: string;
    readonly stack: string;
    readonly sourceContext: { readonly git: { readonly branch: string; readonly repoDir: string } };
    readonly github: {
        readonly repository: string;
        readonly deployCommits: boolean;
        readonly previewPullRequests: boolean;
        readonly pullRequestTemplate: boolean;
        readonly paths?: readonly string[];
    };
    readonly operationContext: {
        readonly preRunCommands: readonly string[];
        readonly environmentVariables: Readonly<Record<string, string>>;
        readonly options: { readonly skipInstallDependencies: boolean; readonly skipIntermediateDeployments: boolean };
    };
}

export function roleArns(input: Pick<StackDeploymentInput, "accountId" | "platform">): { deploy: string; preview: string } {
    const env = input.platform.environment;
    return {
        deploy: `arn:aws:iam::${input.accountId}:role/${deploymentRoleName(env)}`,
        preview: `arn:aws:iam::${input.accountId}:role/${previewRoleName(env)}`,
    };
}

export function deploymentSettingsFor(input: StackDeploymentInput): DeploymentSettingsInputs {
    const { stack, platform } = input;
    const org = platform.operations.pulumiOrg;
    if (org === undefined) throw new Error(`${stack}: operations.pulumiOrg is not set in Pulumi.${stack}.yaml`);
    if (!platform.operations.deployments.enabled) throw new Error(`${stack}: operations.deployments.enabled is false, so the roles these settings assume do not exist`);
    if (!/^\d{12}$/.test(input.accountId)) throw new Error(`${stack}: account ID "${input.accountId}" is not 12 digits`);
    const roles = roleArns(input);
    const sessionSeconds = platform.operations.deployments.sessionHours * 3600;
    return {
        organization: org,
        project: input.project,
        stack,
        // Protected in GitHub (required reviews and the CI check): only merged code deploys.
        sourceContext: { git: { branch: "refs/heads/main", repoDir: "." } },
        github: {
            repository: input.repository,
            deployCommits: true,
            // The provider defaults this to true: prod must say false.
            previewPullRequests: stack === "dev",
            // A review stack would copy dev's whole platform per pull request and present a stack
            // name the roles do not trust.
            pullRequestTemplate: false,
            ...(stack === "prod" ? { paths: PROD_PATHS } : {}),
        },
        operationContext: {
            // Each must succeed before pulumi runs: install exactly the lock file, choose the AWS
            // role for this operation, run the tests and the type check, then the offline plan
            // (the policy pack: exit 3 on a mandatory violation, 2 on invalid config).
            preRunCommands: [
                "npm ci --no-audit --no-fund",
                `npx ts-node --transpile-only deployments/awsProfile.ts --deploy-role ${roles.deploy} --preview-role ${roles.preview} --session pulumi-deployments-${stack} --duration-seconds ${sessionSeconds}`,
                "npm test",
                `npm run plan -- --stack ${stack}`,
            ],
            environmentVariables: { CI: "true", AWS_CONFIG_FILE, AWS_SDK_LOAD_CONFIG: "1" },
            options: {
                // `npm ci` above already installed the lock file; a second, non-locked install could differ.
                skipInstallDependencies: true,
                // When commits queue up, deploy only the newest.
                skipIntermediateDeployments: true,
            },
        },
    };
}
