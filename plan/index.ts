import * as fs from "fs";
import * as path from "path";
import { parsePlatformConfig, PROJECT, type PlatformConfig } from "../config";
import { projectConfigFrom } from "../config/load";
import { readStackConfigFile } from "../config/stackFile";
import type { PlanArgs } from "./args";
import { diagramDocument, mermaidDiagram } from "./diagram";
import { jsonInputs } from "./json";
import { plannedLambdas, type PlannedLambda } from "./lambdas";
import type { PlannedResource } from "./model";
import { evaluatePlanPolicies, loadPlanPolicyConfig, type PlanPolicy } from "./policy";
import { runProgram } from "./runProgram";
import { summarize, type PlanSummary } from "./summary";

export const REPO_ROOT = path.resolve(__dirname, "..");
export const DEFAULT_PROGRAM = path.join(REPO_ROOT, "index.ts");

export interface PlanResult {
    readonly stack: string;
    readonly program: string;
    readonly configFile: string;
    readonly diagramFile: string;
    readonly summary: PlanSummary;
    readonly resources: readonly PlannedResource[];
    /** The policy pack's verdict on every registered resource. */
    readonly policy: PlanPolicy;
    /** Every Lambda function with the size of the zip it would deploy. */
    readonly lambdas: readonly PlannedLambda[];
}

/**
 * The offline plan: validate the stack config, run the program under mocks, summarize what it
 * registered, draw it, evaluate the policy pack on it and size its Lambda packages. Throws
 * ConfigError (invalid config), PolicyConfigError (invalid policy config), PolicyEvaluationError
 * (a policy crashed) or the program's own error. Mandatory violations are returned, not thrown.
 */
export async function runPlan(args: PlanArgs): Promise<PlanResult> {
    const configFile = path.resolve(args.configFile ?? path.join(REPO_ROOT, `Pulumi.${args.stack}.yaml`));
    const program = path.resolve(args.programFile ?? DEFAULT_PROGRAM);
    const config = readStackConfigFile(configFile);

    // This product's config is validated before the program runs, so a bad config never gets as
    // far as declaring a resource. Another program (--program) validates its own.
    const isProduct = program === DEFAULT_PROGRAM;
    const platform: PlatformConfig | undefined = isProduct ? parsePlatformConfig(projectConfigFrom(config)) : undefined;
    const policyConfig = loadPlanPolicyConfig(args.stack, args.policyConfigFile);

    const run = await runProgram({ programPath: program, project: PROJECT, stack: args.stack, config, timeoutMs: args.timeoutSeconds * 1000, regionOrder: platform?.regions.map((r) => r.code) });
    const summary = summarize(args.stack, run.resources, platform);

    const diagramFile = path.resolve(args.diagramFile ?? path.join(REPO_ROOT, "docs", `architecture-${args.stack}.md`));
    fs.mkdirSync(path.dirname(diagramFile), { recursive: true });
    fs.writeFileSync(diagramFile, diagramDocument(args.stack, mermaidDiagram(summary, run.resources)));

    const policy = evaluatePlanPolicies(run.resources, { stack: args.stack, stackConfig: config, platform, policyConfig });
    // CallbackFunction records its packages relative to the working directory, as the engine reads them.
    const lambdas = inRegionOrder(plannedLambdas(run.resources, process.cwd()), summary.regions.map((r) => r.region));

    return { stack: args.stack, program, configFile, diagramFile, summary, resources: run.resources, policy, lambdas };
}

/** Lambdas by the summary's region order (primary first), then by name. */
function inRegionOrder(lambdas: PlannedLambda[], regions: readonly string[]): PlannedLambda[] {
    const rank = (region: string) => (regions.includes(region) ? regions.indexOf(region) : regions.length);
    return lambdas.sort((a, b) => rank(a.region) - rank(b.region) || a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
}

/** The `--json` document: one object, stable field names. */
export function planJson(result: PlanResult): Record<string, unknown> {
    return {
        stack: result.stack,
        program: path.relative(REPO_ROOT, result.program) || result.program,
        configFile: path.relative(REPO_ROOT, result.configFile) || result.configFile,
        diagramFile: path.relative(REPO_ROOT, result.diagramFile) || result.diagramFile,
        policyConfigFile: result.policy.configFile ? path.relative(REPO_ROOT, result.policy.configFile) || result.policy.configFile : null,
        summary: result.summary,
        policy: {
            mandatoryViolations: result.policy.mandatoryViolations,
            violations: result.policy.violations,
            policies: result.policy.policies,
            warnings: result.policy.warnings,
        },
        lambdas: result.lambdas,
        resources: result.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, region: r.region, inputs: jsonInputs(r.inputs) })),
    };
}
