/**
 * Entry point of the Pulumi program: one stack deploys every region of its environment.
 * Config is read and validated first; a bad config stops here, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig } from "./config/load";
import { buildPlatform, globalOutputs, platformOperationsOutputs, regionOutputs } from "./components/platform";
import { awsStackSettingsFrom } from "./components/stackSettings";

const stackConfig = pulumi.runtime.allConfig();
const config = loadPlatformConfig(stackConfig);
const platform = buildPlatform(config, awsStackSettingsFrom(stackConfig));

export const environment = config.environment.name;
export const regions = regionOutputs(platform);
export const global = globalOutputs(platform);
/** Read by the runbook: `pulumi stack output operations --json`. */
export const operations = platformOperationsOutputs(platform);
