import { AWS_REGION_CODES } from "./awsRegions";
import { ConfigError, type ConfigIssue } from "./errors";
import { tagIssues } from "./tags";

/**
 * The stack's `aws:*` config, for the program's explicit providers. Every key of the AWS
 * provider's configuration schema (@pulumi/aws ProviderArgs) is honoured; a key outside it is a
 * misspelling that the explicit providers would otherwise drop without a word.
 */
export const AWS_PROVIDER_KEYS: readonly string[] = [
    "accessKey", "allowedAccountIds", "assumeRoleWithWebIdentity", "assumeRoles", "customCaBundle", "defaultTags",
    "ec2MetadataServiceEndpoint", "ec2MetadataServiceEndpointMode", "endpoints", "forbiddenAccountIds", "httpProxy",
    "httpsProxy", "ignoreTags", "insecure", "maxRetries", "noProxy", "profile", "region", "retryMode",
    "s3UsEast1RegionalEndpoint", "s3UsePathStyle", "secretKey", "sharedConfigFiles", "sharedCredentialsFiles",
    "skipCredentialsValidation", "skipMetadataApiCheck", "skipRegionValidation", "skipRequestingAccountId", "stsRegion",
    "tagPolicyCompliance", "token", "tokenBucketRateLimiterCapacity", "useDualstackEndpoint", "useFipsEndpoint", "userAgents",
];

export interface AwsStackSettings {
    /** Every `aws:*` setting except `region` (set per provider) and `defaultTags` (merged). */
    readonly providerArgs: Readonly<Record<string, unknown>>;
    /** `aws:defaultTags.tags`: merged under the program's own tags on every provider. */
    readonly defaultTags: Readonly<Record<string, string>>;
}

/** Issues in the stack's `aws:*` keys; empty when they are usable. */
export function awsSettingsIssues(all: Readonly<Record<string, string>>, programTagKeys: readonly string[] = []): ConfigIssue[] {
    return parse(all, programTagKeys).issues;
}

/** Parses and validates the `aws:*` keys; throws ConfigError naming each bad key. */
export function awsStackSettingsFrom(all: Readonly<Record<string, string>>, programTagKeys: readonly string[] = []): AwsStackSettings {
    const { settings, issues } = parse(all, programTagKeys);
    if (issues.length > 0) throw new ConfigError(issues);
    return settings;
}

function decode(value: string): unknown {
    try {
        return JSON.parse(value);
    } catch {
        return value;
    }
}

function parse(all: Readonly<Record<string, string>>, programTagKeys: readonly string[]): { settings: AwsStackSettings; issues: ConfigIssue[] } {
    const issues: ConfigIssue[] = [];
    const providerArgs: Record<string, unknown> = {};
    let defaultTags: Record<string, string> = {};
    for (const [fullKey, raw] of Object.entries(all)) {
        if (!fullKey.startsWith("aws:")) continue;
        const key = fullKey.slice("aws:".length);
        const value = decode(raw);
        if (!AWS_PROVIDER_KEYS.includes(key)) {
            const near = AWS_PROVIDER_KEYS.find((k) => k.toLowerCase() === key.toLowerCase());
            issues.push({ key: fullKey, message: `not an AWS provider setting${near ? `; did you mean aws:${near}?` : ""} (see the @pulumi/aws provider configuration)` });
            continue;
        }
        if (key === "region") {
            if (typeof value !== "string" || !AWS_REGION_CODES.includes(value)) {
                issues.push({ key: fullKey, message: `${JSON.stringify(value)} is not an AWS region code (expected e.g. eu-central-1, us-east-1)` });
            }
            continue;
        }
        if (key === "defaultTags") {
            const tags = (value as { tags?: unknown } | null)?.tags;
            const shapeOk = value !== null && typeof value === "object" && !Array.isArray(value) && Object.keys(value).every((k) => k === "tags")
                && tags !== null && typeof tags === "object" && !Array.isArray(tags) && Object.values(tags as object).every((v) => typeof v === "string");
            if (!shapeOk) {
                issues.push({ key: fullKey, message: "expected { tags: { <key>: <string value>, ... } }" });
                continue;
            }
            defaultTags = tags as Record<string, string>;
            issues.push(...tagIssues(defaultTags, `${fullKey}.tags`));
            for (const k of Object.keys(defaultTags).filter((t) => programTagKeys.includes(t))) {
                issues.push({ key: `${fullKey}.tags.${k}`, message: `the program sets the "${k}" tag itself (the policy pack and the deployment role's conditions read it); remove it here` });
            }
            continue;
        }
        providerArgs[key] = value;
    }
    return { settings: { providerArgs, defaultTags }, issues };
}
