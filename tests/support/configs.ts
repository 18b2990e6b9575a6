import * as path from "path";
import { ConfigError, parsePlatformConfig, type ConfigIssue, type PlatformConfig } from "../../config";
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

/** A stack's raw settings, mutated freely by tests: the parser is what checks them. */
export type RawConfig = Record<string, any>;

/** Deep copy of a committed stack's raw config, changed by `mutate`. */
export function mutatedConfig(stack: "dev" | "prod", mutate: (c: RawConfig) => void): RawConfig {
    const c = structuredClone(rawProjectConfig(stack)) as RawConfig;
    mutate(c);
    return c;
}

/** The issues parsePlatformConfig reports for `raw` (empty when it parses); anything but a ConfigError fails. */
export function configIssuesOf(raw: unknown): ConfigIssue[] {
    try {
        parsePlatformConfig(raw);
    } catch (err) {
        if (!(err instanceof ConfigError)) throw new Error(`expected ConfigError, got ${String(err)}`);
        return [...err.issues];
    }
    return [];
}
