/**
 * Entry point of the Pulumi program: one stack deploys every region of its environment.
 * Config is read and validated first; a bad config stops here, before any resource exists.
 */
import * as pulumi from "@pulumi/pulumi";
import { loadPlatformConfig } from "./config/load";
import { buildPlatform, globalOutputs, platformOperationsOutputs, regionOutputs } from "./components/platform";
import { awsStackSettingsFrom } from "./components/stackSettings";

const config = loadPlatformConfig(pulumi.runtime.allConfig());
const platform = buildPlatform(config, awsStackSettingsFrom(pulumi.runtime.allConfig()));

export const environment = config.environment.name;
export const regions = regionOutputs(platform);
export const global = globalOutputs(platform);
/** Read by the runbook: `pulumi stack output operations --json`. */
export const operations = platformOperationsOutputs(platform);
