import type { EnvironmentConfig } from "../config";
import { awsStackSettingsFrom as parseAwsStackSettings, type AwsStackSettings } from "../config/awsProvider";
import { ConfigError } from "../config/errors";
import { tagCountIssues } from "../config/tags";
import { TAG } from "./tags";

// Plain validation, no Pulumi or AWS SDK import: the offline plan runs it before loading the
// program, so a config mistake fails in a fraction of a second (components/providers.ts builds
// the providers from its result).

/**
 * The stack's `aws:*` settings every explicit provider inherits. An explicit provider does not
 * read stack config, so without this a `pulumi config set aws:<key>` would silently stop applying.
 * Every key of the provider's schema is carried over (config/awsProvider.ts validates them);
 * `aws:region` is replaced per provider, and `aws:defaultTags` is merged with the program's tags.
 */
export function awsStackSettingsFrom(all: Readonly<Record<string, string>>): AwsStackSettings {
    return parseAwsStackSettings(all, Object.values(TAG));
}

/** Both tag sources land on every resource: together they must leave room for the program's tags. */
export function checkTagRoom(env: EnvironmentConfig, settings: AwsStackSettings): void {
    const issues = tagCountIssues([{ where: "environment.tags", tags: env.tags }, { where: "aws:defaultTags.tags", tags: settings.defaultTags }]);
    if (issues.length > 0) throw new ConfigError(issues);
}

/** Validates the stack's `aws:*` keys against the environment (the offline plan runs this before the program). */
export function validatedAwsStackSettings(env: EnvironmentConfig, all: Readonly<Record<string, string>>): AwsStackSettings {
    const settings = awsStackSettingsFrom(all);
    checkTagRoom(env, settings);
    return settings;
}
