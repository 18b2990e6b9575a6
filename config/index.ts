import { z } from "zod";
import { bedrockIssues, bedrockSchema, type BedrockConfig } from "./bedrock";
import { environmentSchema, type EnvironmentConfig } from "./environment";
import { ConfigError, type ConfigIssue } from "./errors";
import { globalIssues, globalSchema, type GlobalConfig } from "./global";
import { limitIssues } from "./limits";
import { operationsIssues, operationsSchema, type OperationsConfig } from "./operations";
import { regionMapIssues, regionsSchema, REGION_ROLES, type RegionConfig } from "./regions";

export { ConfigError, isConfigError, formatIssues, type ConfigIssue } from "./errors";
export type { RegionConfig, RegionRole, NodeGroupSizing } from "./regions";
export type { EnvironmentConfig } from "./environment";
export type { BedrockConfig, BedrockModelConfig } from "./bedrock";
export type { GlobalConfig } from "./global";
export type { OperationsConfig } from "./operations";

/** The Pulumi project name, and so the namespace of this program's config keys. */
export const PROJECT = "ai-platform";

const platformSchema = z.strictObject({
    environment: environmentSchema,
    regions: regionsSchema,
    bedrock: bedrockSchema,
    global: globalSchema,
    operations: operationsSchema,
});

/** A stack's validated config: what every component is built from. */
export interface PlatformConfig {
    readonly environment: EnvironmentConfig;
    /** Regions in a stable order: primary first, then by role, then by weight (highest first). */
    readonly regions: readonly RegionConfig[];
    readonly bedrock: BedrockConfig;
    readonly global: GlobalConfig;
    readonly operations: OperationsConfig;
}

/**
 * Parses and validates the project's config (the `ai-platform:*` keys, namespace stripped, values
 * already JSON-decoded). Throws ConfigError listing every problem; returns only a config that
 * passed every rule, so no component ever sees a half-valid one.
 */
export function parsePlatformConfig(raw: unknown): PlatformConfig {
    const shaped = platformSchema.safeParse(raw);
    if (!shaped.success) {
        throw new ConfigError(shaped.error.issues.map(zodIssueToConfigIssue));
    }
    const c = shaped.data;
    const issues: ConfigIssue[] = [
        ...regionMapIssues(c.regions),
        ...bedrockIssues(c.bedrock, c.regions),
        ...globalIssues(c.global, c.regions),
        ...operationsIssues(c.operations, c.regions),
        ...limitIssues(c),
    ];
    if (issues.length > 0) throw new ConfigError(issues);
    return {
        environment: c.environment,
        regions: orderRegions(Object.entries(c.regions).map(([code, r]) => ({ ...r, code }))),
        bedrock: c.bedrock,
        global: c.global,
        operations: c.operations,
    };
}

export function orderRegions(regions: readonly RegionConfig[]): RegionConfig[] {
    return [...regions].sort(
        (a, b) =>
            REGION_ROLES.indexOf(a.role) - REGION_ROLES.indexOf(b.role) ||
            b.weight - a.weight ||
            a.code.localeCompare(b.code),
    );
}

function zodIssueToConfigIssue(issue: z.core.$ZodIssue): ConfigIssue {
    const key = formatPath(issue.path);
    if (issue.code === "unrecognized_keys") {
        const where = key === "" ? "" : `${key}.`;
        return {
            key: issue.keys.map((k) => `${where}${k}`).join(", "),
            message: `unknown setting${issue.keys.length > 1 ? "s" : ""}; check the spelling (allowed here: see README "Configuration")`,
        };
    }
    if (issue.code === "invalid_type" && issue.message.startsWith("Invalid input: expected") && issue.message.endsWith("received undefined")) {
        return { key, message: `missing; ${issue.message.replace("Invalid input: ", "").replace(", received undefined", "")}` };
    }
    return { key: key === "" ? "(root)" : key, message: issue.message };
}

function formatPath(path: readonly PropertyKey[]): string {
    return path.reduce<string>((acc, part) => {
        if (typeof part === "number") return `${acc}[${part}]`;
        return acc === "" ? String(part) : `${acc}.${String(part)}`;
    }, "");
}
