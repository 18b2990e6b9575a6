import * as path from "path";
import { parsePlatformConfig, type PlatformConfig } from "../../config";
import { projectConfigFrom } from "../../config/load";
import { readStackConfigFile } from "../../config/stackFile";

export const REPO_ROOT = path.resolve(__dirname, "..", "..");

/** The flat config of a committed stack file (Pulumi.<stack>.yaml), as the CLI would pass it. */
export function stackConfig(stack: string): Record<string, string> {
    return readStackConfigFile(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`));
}

/** The raw `ai-platform:*` settings of a committed stack, decoded: a starting point to mutate. */
export function rawProjectConfig(stack: string): Record<string, unknown> {
    return projectConfigFrom(stackConfig(stack));
}

/** The validated config of a committed stack. */
export function platformConfig(stack: string): PlatformConfig {
    return parsePlatformConfig(rawProjectConfig(stack));
}
