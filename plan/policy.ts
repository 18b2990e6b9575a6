import * as fs from "fs";
import * as path from "path";
import { PROJECT, type PlatformConfig } from "../config";
import { evaluatePolicyPack, PolicyConfigError, type OfflineEvaluation, type PolicySummary, type Remediation, type StackSettings } from "../policy-pack/offline";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../policy-pack/policies";
import { DEFAULT_ZONES } from "../policy-pack/policies/lib/zones";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../policy-pack/policyConfig";
import type { PlannedResource, PolicyViolation } from "./model";

/**
 * The policy pack, run by the plan on everything the program registered, with the config
 * `pulumi preview --policy-pack policy-pack --policy-config policy-pack/config/<stack>.json` would
 * use. The stack's settings (production, the zone of each region) are a layer under that file, so
 * a stack without a committed file is still judged by what its config says; for committed stacks
 * the file carries the same settings (a test holds them equal), since the CLI sees only the file.
 */

export const POLICY_CONFIG_DIR = path.resolve(__dirname, "..", "policy-pack", "config");

/** The committed `--policy-config` file of a stack. */
export function stackPolicyConfigPath(stack: string): string {
    return path.join(POLICY_CONFIG_DIR, `${stack}.json`);
}

export interface PlanPolicy {
    /** The `--policy-config` file used, if any. */
    readonly configFile?: string;
    readonly settings: StackSettings;
    readonly violations: readonly PolicyViolation[];
    readonly policies: readonly PolicySummary[];
    /** What the pack's remediateResource functions would fix (applied at level `remediate`). */
    readonly remediations: readonly Remediation[];
    readonly warnings: readonly string[];
    readonly mandatoryViolations: number;
}

/** Reads a `--policy-config` file: a JSON object of policy name (or `all`) to level or settings. */
export function readPolicyConfigFile(file: string): PolicyConfigFile {
    let parsed: unknown;
    try {
        parsed = JSON.parse(fs.readFileSync(file, "utf8"));
    } catch (e) {
        const why = (e as NodeJS.ErrnoException).code === "ENOENT" ? "file not found" : (e as Error).message;
        throw new PolicyConfigError([`${file}: ${why}`]);
    }
    if (parsed === null || typeof parsed !== "object" || Array.isArray(parsed)) {
        throw new PolicyConfigError([`${file}: expected a JSON object of policy name -> enforcement level or settings`]);
    }
    return parsed as PolicyConfigFile;
}

/** The stack's `aws:*` config without the prefix: what the engine gives the default AWS provider. */
function awsConfigOf(stackConfig: Readonly<Record<string, string>>): Record<string, unknown> {
    return Object.fromEntries(Object.entries(stackConfig).filter(([k]) => k.startsWith("aws:")).map(([k, v]) => [k.slice(4), v]));
}

/** The zone whose allowed regions include `region`, by the pack's default zone map. */
function zoneOfRegion(region: string, zones: Readonly<Record<string, readonly string[]>> = DEFAULT_ZONES): string | undefined {
    return Object.entries(zones).find(([, regions]) => regions.includes(region))?.[0];
}

/**
 * Stack settings: from the validated platform config for this product (production, each region's
 * residency); for another program, the zone of the stack's `aws:region` (where its default
 * provider puts resources), leaving production to the Environment tags.
 */
export function stackSettingsFor(stack: string, stackConfig: Readonly<Record<string, string>>, platform?: PlatformConfig): StackSettings {
    const base = { name: stack, project: PROJECT, awsConfig: awsConfigOf(stackConfig) };
    if (platform) {
        return {
            ...base,
            production: platform.environment.production,
            regionZones: Object.fromEntries(platform.regions.map((r) => [r.code, r.residency])),
        };
    }
    const region = stackConfig["aws:region"];
    const zone = region === undefined ? undefined : zoneOfRegion(region);
    return { ...base, ...(region !== undefined && zone !== undefined ? { regionZones: { [region]: zone } } : {}) };
}

/** The policy config a plan runs with: the file it came from (if any) and its contents. */
export interface PlanPolicyConfig {
    readonly file?: string;
    readonly config?: PolicyConfigFile;
}

/** Which `--policy-config` file applies: the explicit one, else the stack's committed one if present. */
export function policyConfigFileFor(stack: string, explicit?: string): string | undefined {
    if (explicit !== undefined) return path.resolve(explicit);
    const committed = stackPolicyConfigPath(stack);
    return fs.existsSync(committed) ? committed : undefined;
}

/**
 * Reads and validates the policy config before the program runs, so a config the CLI would
 * reject stops the plan at once (PolicyConfigError) rather than after a whole program run.
 */
export function loadPlanPolicyConfig(stack: string, explicit?: string): PlanPolicyConfig {
    const file = policyConfigFileFor(stack, explicit);
    if (file === undefined) return {};
    const config = readPolicyConfigFile(file);
    reconcilePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, [config]);
    return { file, config };
}

export interface PlanPolicyOptions {
    readonly stack: string;
    readonly stackConfig: Readonly<Record<string, string>>;
    readonly platform?: PlatformConfig;
    readonly policyConfig: PlanPolicyConfig;
}

/**
 * Evaluates the pack. Throws PolicyConfigError for a config the CLI would reject and
 * PolicyEvaluationError when a policy crashes (both stop a real preview too).
 */
export function evaluatePlanPolicies(resources: readonly PlannedResource[], options: PlanPolicyOptions): PlanPolicy {
    const { file, config } = options.policyConfig;
    const settings = stackSettingsFor(options.stack, options.stackConfig, options.platform);
    const evaluation: OfflineEvaluation = evaluatePolicyPack(resources, { stack: settings, ...(config ? { config } : {}) });
    return {
        ...(file ? { configFile: file } : {}),
        settings,
        violations: evaluation.violations,
        policies: evaluation.policies,
        remediations: evaluation.remediations,
        warnings: evaluation.warnings,
        mandatoryViolations: evaluation.mandatoryViolations,
    };
}
