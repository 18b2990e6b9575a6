import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, OperationsConfig, RegionConfig } from "../../config";
import { PROJECT } from "../../config";
import type { RegionalProviders } from "../providers";
import { DEPLOYMENT_POLICY_NAMES, deploymentPolicy } from "./deploymentPermissions";
import { deploymentTrustPolicy } from "./deploymentTrust";
import { deploymentRoleName, PULUMI_OIDC_ISSUER_URL } from "./names";

export interface DeploymentAccessArgs {
    readonly environment: EnvironmentConfig;
    readonly regions: readonly RegionConfig[];
    /** `pulumiOrg` and `deployments` (enabled, oidcProviderArn, sessionHours). */
    readonly operations: OperationsConfig;
    readonly providers: RegionalProviders;
    /** The Pulumi stack whose deployments may assume the role: `pulumi.getStack()`. */
    readonly stack: string;
    /** The Pulumi project; defaults to this program's. */
    readonly project?: string;
}

/**
 * Lets Pulumi Deployments run `pulumi up` for this stack without stored AWS keys: the IAM OIDC
 * provider for Pulumi Cloud (unless the account already has one) and a role, named by convention
 * so the deploy settings file can name its ARN, that only this org + project + stack can assume.
 * The role itself is created by the first, human-run `pulumi up` (README.md, "First deploy").
 */
export class DeploymentAccess extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly oidcProviderArn: pulumi.Output<string>;

    constructor(name: string, args: DeploymentAccessArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("ai-platform:operations:DeploymentAccess", name, {}, opts);
        const { operations, environment } = args;
        const org = operations.pulumiOrg;
        if (org === undefined) {
            throw new Error("DeploymentAccess: operations.pulumiOrg is required (the OIDC audience and trusted subject)");
        }
        const project = args.project ?? PROJECT;
        const globalOpts = { parent: this, provider: args.providers.forGlobalServices() };
        const accountId = aws.getCallerIdentityOutput({}, globalOpts).accountId;
        const partition = aws.getPartitionOutput({}, globalOpts).partition;

        // One provider per URL and account: reuse the one another stack created, when told to.
        this.oidcProviderArn = operations.deployments.oidcProviderArn !== undefined
            ? pulumi.output(operations.deployments.oidcProviderArn)
            : new aws.iam.OpenIdConnectProvider(`${name}-pulumi-oidc`, {
                url: PULUMI_OIDC_ISSUER_URL,
                // Pulumi Cloud issues Deployments tokens with the organization name as audience.
                clientIdLists: [org],
            }, globalOpts).arn;

        const role = new aws.iam.Role(`${name}-role`, {
            name: deploymentRoleName(environment),
            description: `Pulumi Deployments of ${org}/${project}/${args.stack}: runs pulumi up for this stack`,
            assumeRolePolicy: this.oidcProviderArn.apply((oidcProviderArn) => JSON.stringify(deploymentTrustPolicy({ oidcProviderArn, org, project, stack: args.stack }))),
            maxSessionDuration: operations.deployments.sessionHours * 3600,
        }, globalOpts);

        const regionCodes = args.regions.map((r) => r.code);
        for (const policyName of DEPLOYMENT_POLICY_NAMES) {
            const named = pulumi.all([accountId, partition]).apply(([id, p]) => deploymentPolicy({ accountId: id, partition: p, regions: regionCodes }, policyName));
            const policy = new aws.iam.Policy(`${name}-${policyName}`, {
                description: named.apply((n) => `Pulumi Deployments of ${args.stack}: ${n.description}`),
                policy: named.apply((n) => JSON.stringify(n.document)),
            }, globalOpts);
            new aws.iam.RolePolicyAttachment(`${name}-${policyName}`, { role: role.name, policyArn: policy.arn }, globalOpts);
        }

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, oidcProviderArn: this.oidcProviderArn });
    }
}
