import * as fs from "fs";
import * as path from "path";
import { PROJECT } from "../config";
import { evaluatePolicyPack, PolicyConfigError, type OfflineEvaluation, type PolicySummary, type Remediation, type StackSettings } from "../policy-pack/offline";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../policy-pack/policies";
import { DEFAULT_ZONES } from "../policy-pack/policies/lib/zones";
import { reconcilePolicyConfig, type PolicyConfigFile } from "../policy-pack/policyConfig";
import { initialConfigFrom, settingsFromStackConfig } from "../policy-pack/stackConfig";
import type { PlannedResource, PolicyViolation } from "./model";

/**
 * The policy pack, run by the plan on everything the program registered, as
 * `pulumi preview --policy-pack policy-pack --policy-pack-config policy-pack/config/<stack>.json`
 * would run it: the pack reads the stack's zones and environment from the stack config itself
 * (policy-pack/stackConfig.ts, its initial config), and the committed file carries only genuine
 * policy settings on top.
 */

export const POLICY_CONFIG_DIR = path.resolve(__dirname, "..", "policy-pack", "config");

/** The committed `--policy-pack-config` file of a stack. */
export function stackPolicyConfigPath(stack: string): string {
    return path.join(POLICY_CONFIG_DIR, `${stack}.json`);
}

export interface PlanPolicy {
    /** The `--policy-pack-config` file used, if any. */
    readonly configFile?: string;
    readonly settings: StackSettings;
    readonly violations: readonly PolicyViolation[];
    readonly policies: readonly PolicySummary[];
    /** What the pack's remediateResource functions would fix (applied at level `remediate`). */
    readonly remediations: readonly Remediation[];
    readonly warnings: readonly string[];
    readonly mandatoryViolations: number;
}

/** Reads a `--policy-pack-config` file: a JSON object of policy name (or `all`) to level or settings. */
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
 * Stack facts the evaluator needs besides policy config (names for URNs, the default provider's
 * `aws:*` config). A program that is not this product has no region map: the zone of its
 * `aws:region` (where its default provider puts resources) stands in for one.
 */
export function stackSettingsFor(stack: string, stackConfig: Readonly<Record<string, string>>): StackSettings {
    const base = { name: stack, project: PROJECT, awsConfig: awsConfigOf(stackConfig) };
    if (settingsFromStackConfig(stackConfig, PROJECT).regionZones !== undefined) return base;
    const region = stackConfig["aws:region"];
    const zone = region === undefined ? undefined : zoneOfRegion(region);
    return { ...base, ...(region !== undefined && zone !== undefined ? { regionZones: { [region]: zone } } : {}) };
}

/** What the pack's index.ts passes as initial config for this stack config. */
export function packInitialConfig(stackConfig: Readonly<Record<string, string>>): PolicyConfigFile {
    return initialConfigFrom(POLICIES, settingsFromStackConfig(stackConfig, PROJECT));
}

/** The policy config a plan runs with: the file it came from (if any) and its contents. */
export interface PlanPolicyConfig {
    readonly file?: string;
    readonly config?: PolicyConfigFile;
}

/** Which `--policy-pack-config` file applies: the explicit one, else the stack's committed one if present. */
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
    readonly policyConfig: PlanPolicyConfig;
}

/**
 * Evaluates the pack. Throws PolicyConfigError for a config the CLI would reject and
 * PolicyEvaluationError when a policy crashes (both stop a real preview too).
 */
export function evaluatePlanPolicies(resources: readonly PlannedResource[], options: PlanPolicyOptions): PlanPolicy {
    const { file, config } = options.policyConfig;
    const settings = stackSettingsFor(options.stack, options.stackConfig);
    const initialConfig = packInitialConfig(options.stackConfig);
    const evaluation: OfflineEvaluation = evaluatePolicyPack(resources, { stack: settings, initialConfig, ...(config ? { config } : {}) });
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
