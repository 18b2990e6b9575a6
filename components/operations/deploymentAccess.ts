import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, OperationsConfig, RegionConfig } from "../../config";
import { PROJECT } from "../../config";
import type { RegionalProviders } from "../providers";
import { DEPLOYMENT_POLICY_NAMES, deploymentPolicy, previewPolicy } from "./deploymentPermissions";
import { deploymentTrustPolicy, type DeploymentIdentity } from "./deploymentTrust";
import { deploymentRoleName, identityIamPath, previewRoleName, PULUMI_OIDC_ISSUER_URL } from "./names";

export interface DeploymentAccessArgs {
    readonly environment: EnvironmentConfig;
    readonly regions: readonly RegionConfig[];
    /** `pulumiOrg` and `deployments` (enabled, oidcProviderArn, sessionHours). */
    readonly operations: OperationsConfig;
    readonly providers: RegionalProviders;
    /** The Pulumi stack whose deployments may assume the roles: `pulumi.getStack()`. */
    readonly stack: string;
    /** The Pulumi project; defaults to this program's. */
    readonly project?: string;
}

/**
 * Lets Pulumi Deployments run this stack without stored AWS keys: the IAM OIDC provider for
 * Pulumi Cloud (unless the account already has one), the deploying role (update, refresh,
 * destroy) and a separate read-only preview role (pull-request previews), both named by
 * convention so the deployment-settings program (deployments/) can name their ARNs. Both sit at
 * path "/" with policies under the identity path, outside the program's IAM path, so the
 * deploying role cannot edit either. They are created by the first, human-run `pulumi up`
 * (README.md, "First deploy"), and only a human run can change them.
 */
export class DeploymentAccess extends pulumi.ComponentResource {
    readonly roleArn: pulumi.Output<string>;
    readonly roleName: pulumi.Output<string>;
    readonly previewRoleArn: pulumi.Output<string>;
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

        const roleFor = (identity: DeploymentIdentity, roleName: string, description: string) =>
            new aws.iam.Role(`${name}-${identity === "deploy" ? "role" : "preview-role"}`, {
                name: roleName,
                // "/" on purpose: outside the program's IAM path the deploying role may write.
                path: "/",
                description,
                assumeRolePolicy: this.oidcProviderArn.apply((oidcProviderArn) => JSON.stringify(deploymentTrustPolicy({ oidcProviderArn, org, project, stack: args.stack }, identity))),
                maxSessionDuration: operations.deployments.sessionHours * 3600,
            }, globalOpts);
        const attach = (role: aws.iam.Role, policyName: string, description: pulumi.Input<string>, document: pulumi.Output<string>) => {
            const policy = new aws.iam.Policy(`${name}-${policyName}`, { path: identityIamPath(environment), description, policy: document }, globalOpts);
            new aws.iam.RolePolicyAttachment(`${name}-${policyName}`, { role: role.name, policyArn: policy.arn }, globalOpts);
        };

        const regionCodes = args.regions.map((r) => r.code);
        const permissionsInput = pulumi.all([accountId, partition]).apply(([id, p]) => ({ accountId: id, partition: p, regions: regionCodes, environment: environment.name }));

        const role = roleFor("deploy", deploymentRoleName(environment), `Pulumi Deployments of ${org}/${project}/${args.stack}: runs pulumi up, refresh and destroy for this stack`);
        for (const policyName of DEPLOYMENT_POLICY_NAMES) {
            const named = permissionsInput.apply((input) => deploymentPolicy(input, policyName));
            attach(role, policyName, named.apply((n) => `Pulumi Deployments of ${args.stack}: ${n.description}`), named.apply((n) => JSON.stringify(n.document)));
        }

        const preview = roleFor("preview", previewRoleName(environment), `Pull-request previews of ${org}/${project}/${args.stack}: read-only`);
        attach(preview, "preview-read-only", `Pull-request previews of ${args.stack}: read configuration, no writes, no data`, permissionsInput.apply((input) => JSON.stringify(previewPolicy(input))));

        this.roleArn = role.arn;
        this.roleName = role.name;
        this.previewRoleArn = preview.arn;
        this.registerOutputs({ roleArn: this.roleArn, roleName: this.roleName, previewRoleArn: this.previewRoleArn, oidcProviderArn: this.oidcProviderArn });
    }
}
