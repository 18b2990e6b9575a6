import * as path from "node:path";
import { evaluatePolicyPackAsync, type OfflineEvaluation, type PlannedResource, type StackSettings } from "../../policy-pack/offline";
import type { PolicyConfigFile } from "../../policy-pack/policyConfig";
import { loadPolicyPack } from "./load";
import { runGuarded } from "./networkGuard";

export { PolicyPackLoadError } from "./load";

/**
 * Third-party CrossGuard packs (`--policy-pack DIR`, repeatable), evaluated beside the project's
 * own on the same recorded resources: synchronous and async resource policies, stack policies,
 * the pack's own initial config (e.g. AwsGuard's `{ all: "advisory" }`), and "needs cloud" for
 * policies that call a cloud API.
 */

export interface PackResult extends OfflineEvaluation {
    /** The folder as given on the command line, relative to the working directory when inside it. */
    readonly dir: string;
    readonly name: string;
    readonly version: string;
}

export async function evaluatePolicyPacks(dirs: readonly string[], resources: readonly PlannedResource[], stack: StackSettings): Promise<PackResult[]> {
    const results: PackResult[] = [];
    // Only what the engine tells every pack (names, stack tags, the default provider's config):
    // the project's zone settings belong to the project's pack.
    const neutral: StackSettings = { name: stack.name, project: stack.project, tags: stack.tags, awsConfig: stack.awsConfig };
    for (const dir of dirs) {
        const pack = loadPolicyPack(dir);
        const evaluation = await evaluatePolicyPackAsync(resources, {
            policies: pack.policies,
            packEnforcementLevel: pack.enforcementLevel,
            stack: neutral,
            ...(pack.initialConfig ? { initialConfig: pack.initialConfig as PolicyConfigFile } : {}),
            runCall: runGuarded,
        });
        const shown = path.relative(process.cwd(), pack.dir);
        results.push({ dir: shown.startsWith("..") || shown === "" ? pack.dir : shown, name: pack.name, version: pack.version, ...evaluation });
    }
    return results;
}
