/**
 * The deployment-settings program: pushes the Pulumi Deployments settings of every platform
 * stack to Pulumi Cloud as `pulumiservice.DeploymentSettings` resources. Run from deployments/
 * with `pulumi up --stack settings`. The organization, role names and session length are read
 * from the platform's own stack files (../Pulumi.<stack>.yaml), so they cannot drift apart.
 */
import * as path from "path";
import * as pulumi from "@pulumi/pulumi";
import * as pulumiservice from "@pulumi/pulumiservice";
import { parsePlatformConfig, PROJECT } from "../config";
import { projectConfigFrom } from "../config/load";
import { readStackConfigFile } from "../config/stackFile";
import { deploymentSettingsFor, type PlatformStack } from "./settings";

const STACKS: readonly PlatformStack[] = ["dev", "prod"];
// Named explicitly: the offline plan runs this program under the platform's project name.
const config = new pulumi.Config("ai-platform-deployments");
const repository = config.require("repository");
const accounts = config.requireObject<Record<string, string>>("accounts");
const platformRoot = path.resolve(__dirname, "..");

export const settings: Record<string, pulumi.Output<string>> = {};
for (const stack of STACKS) {
    const accountId = accounts[stack];
    if (accountId === undefined) throw new Error(`accounts.${stack}: missing (the AWS account of the ${stack} stack)`);
    const platform = parsePlatformConfig(projectConfigFrom(readStackConfigFile(path.join(platformRoot, `Pulumi.${stack}.yaml`))));
    const s = deploymentSettingsFor({ stack, platform, accountId, repository, project: PROJECT });
    const resource = new pulumiservice.DeploymentSettings(stack, {
        organization: s.organization,
        project: s.project,
        stack: s.stack,
        sourceContext: { git: { ...s.sourceContext.git } },
        github: { ...s.github, paths: s.github.paths ? [...s.github.paths] : undefined },
        operationContext: {
            preRunCommands: [...s.operationContext.preRunCommands],
            environmentVariables: { ...s.operationContext.environmentVariables },
            options: { ...s.operationContext.options },
        },
    });
    settings[stack] = resource.stack;
}
