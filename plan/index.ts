import * as fs from "fs";
import * as path from "path";
import { parsePlatformConfig, PROJECT, type PlatformConfig } from "../config";
import { projectConfigFrom } from "../config/load";
import { readStackConfig } from "../config/stackFile";
import { validatedAwsStackSettings } from "../components/stackSettings";
import { UsageError, type PlanArgs } from "./args";
import { diagramDocument, mermaidDiagram } from "./diagram";
import { jsonInputs } from "./json";
import { plannedLambdas, type PlannedLambda } from "./lambdas";
import type { PlannedResource } from "./model";
import type { PhaseClock } from "./phases";
import { evaluatePlanPolicies, loadPlanPolicyConfig, type PlanPolicy } from "./policy";
import { evaluatePolicyPacks, type PackResult } from "./policyPacks";
import { routingProof, type RoutingProof } from "./routing";
import { preflight, type Preflight } from "./preflight";
import { checkRequestPaths, type PathReport } from "./requestPath";
import type * as RunProgramModule from "./runProgram";
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
    /** Results of each `--policy-pack DIR`, in the order given. */
    readonly policyPacks: readonly PackResult[];
    /** Every Lambda function with the size of the zip it would deploy. */
    readonly lambdas: readonly PlannedLambda[];
    /** The residency proof over the registered routing resources (exit 5 when it fails). */
    readonly routing: RoutingProof;
    /** The request-path check (plan/requestPath): every entry traced to its workload, every caller to its grant. */
    readonly paths: PathReport;
    /** What the account must have before the first deploy (plan/preflight). */
    readonly preflight: Preflight;
}

/**
 * The offline plan: validate the stack config, run the program under mocks, summarize what it
 * registered, draw it, evaluate the policy pack on it and size its Lambda packages. Throws
 * ConfigError (invalid config), PolicyConfigError (invalid policy config), PolicyEvaluationError
 * (a policy crashed) or the program's own error. Mandatory violations are returned, not thrown.
 * `clock` (optional) gets a lap at the end of each phase (`--timings`).
 */
export async function runPlan(args: PlanArgs, clock?: PhaseClock): Promise<PlanResult> {
    const lap = (phase: string) => clock?.lap(phase);
    lap("start-up and plan modules");
    const configFile = path.resolve(args.configFile ?? path.join(REPO_ROOT, `Pulumi.${args.stack}.yaml`));
    const program = path.resolve(args.programFile ?? DEFAULT_PROGRAM);
    const diagramFile = path.resolve(args.diagramFile ?? path.join(REPO_ROOT, "docs", `architecture-${args.stack}.md`));
    checkOutputPath("--diagram", diagramFile);
    if (args.jsonOutFile !== undefined) checkOutputPath("--json-out", path.resolve(args.jsonOutFile));
    if (args.timingsFile !== undefined) checkOutputPath("--timings", path.resolve(args.timingsFile));
    const read = readStackConfig(configFile);
    const config = read.config;
    for (const w of read.warnings) process.stderr.write(`warning: ${w}\n`);

    // This product's config is validated before the program runs, so a bad config never gets as
    // far as declaring a resource. Another program (--program) validates its own.
    const isProduct = program === DEFAULT_PROGRAM;
    const platform: PlatformConfig | undefined = isProduct ? parsePlatformConfig(projectConfigFrom(config)) : undefined;
    if (platform) validatedAwsStackSettings(platform.environment, config);
    const policyConfig = loadPlanPolicyConfig(args.stack, args.policyConfigFile);
    lap("config validation");

    // Pulumi (and the program) are loaded only now: a config mistake above fails in a fraction
    // of a second, without loading them.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { runProgram } = require("./runProgram") as typeof RunProgramModule;
    const run = await runProgram({ programPath: program, project: PROJECT, stack: args.stack, config, timeoutMs: args.timeoutSeconds * 1000, regionOrder: platform?.regions.map((r) => r.code), clock });
    const summary = summarize(args.stack, run.resources, platform);
    lap("summary");

    const policy = evaluatePlanPolicies(run.resources, { stack: args.stack, stackConfig: config, policyConfig });
    lap("policy pack");
    const policyPacks = await evaluatePolicyPacks(args.policyPacks ?? [], run.resources, policy.settings);
    if (policyPacks.length > 0) lap("--policy-pack packs");
    const routing = routingProof(run.resources);
    lap("residency proof");
    const paths = checkRequestPaths(run.resources);
    lap("request-path check");
    // A plan that fails a policy pack (exit 3), the request-path check (exit 4) or the residency
    // proof (exit 5) leaves the committed diagram as it was.
    const mandatory = [policy, ...policyPacks].reduce((n, p) => n + p.mandatoryViolations, 0);
    if (mandatory === 0 && routing.ok && paths.ok) writeOutputFile("--diagram", diagramFile, diagramDocument(args.stack, mermaidDiagram(summary, run.resources)));
    // Lambda packages are recorded relative to the working directory, as the engine reads them.
    const lambdas = inRegionOrder(plannedLambdas(run.resources, process.cwd()), summary.regions.map((r) => r.region));
    lap("diagram and Lambda sizes");

    const checklist = preflight({ stack: args.stack, resources: run.resources, stackConfig: config, stackFiles: deploymentSettingsFiles() });
    lap("preflight");

    return { stack: args.stack, program, configFile, diagramFile, summary, resources: run.resources, policy, policyPacks, lambdas, routing, paths, preflight: checklist };
}

/** Fails fast (before the program runs) when an output option names something that cannot become a file. */
function checkOutputPath(option: string, file: string): void {
    const refuse = (why: string): never => {
        throw new UsageError(`${option} ${file}: ${why}`);
    };
    if (fs.existsSync(file) && fs.statSync(file).isDirectory()) refuse("is a directory; expected a file path");
    let dir = path.dirname(file);
    while (!fs.existsSync(dir)) dir = path.dirname(dir);
    if (!fs.statSync(dir).isDirectory()) refuse(`${dir} is not a directory`);
    try {
        fs.accessSync(dir, fs.constants.W_OK);
    } catch {
        refuse(`${dir} is not writable`);
    }
}

/**
 * Writes one of the plan's output files (--diagram, --json-out, --timings), or fails with one line
 * naming the option (exit 64) when the path cannot take a file. Written aside and renamed, so no
 * reader sees half of it.
 */
export function writeOutputFile(option: string, file: string, text: string): void {
    try {
        fs.mkdirSync(path.dirname(file), { recursive: true });
        const aside = `${file}.${process.pid}.tmp`;
        fs.writeFileSync(aside, text);
        fs.renameSync(aside, file);
    } catch (err) {
        throw new UsageError(`${option} ${file}: cannot write it (${(err as NodeJS.ErrnoException).code ?? (err as Error).message})`);
    }
}

/**
 * The deployment-settings program's stack file, scanned by the preflight for placeholders
 * (example account IDs, the example org) like the stack's own config.
 */
function deploymentSettingsFiles(): Record<string, string> {
    const file = path.join(REPO_ROOT, "deployments", "Pulumi.settings.yaml");
    return fs.existsSync(file) ? { [path.relative(REPO_ROOT, file)]: fs.readFileSync(file, "utf8") } : {};
}

/** Lambdas by the summary's region order (primary first), then by name. */
function inRegionOrder(lambdas: PlannedLambda[], regions: readonly string[]): PlannedLambda[] {
    const rank = (region: string) => (regions.includes(region) ? regions.indexOf(region) : regions.length);
    return lambdas.sort((a, b) => rank(a.region) - rank(b.region) || a.region.localeCompare(b.region) || a.name.localeCompare(b.name));
}

function packJson(p: PackResult): Record<string, unknown> {
    return { dir: p.dir, name: p.name, version: p.version, mandatoryViolations: p.mandatoryViolations, policies: p.policies, violations: p.violations, remediations: p.remediations, warnings: p.warnings };
}

/** A file as the `--json` document names it: relative to the repository (the same on every machine). */
function repoPath(file: string): string {
    return path.relative(REPO_ROOT, file) || file;
}

/** The `--json` document: one object, stable field names. */
export function planJson(result: PlanResult): Record<string, unknown> {
    return {
        stack: result.stack,
        program: repoPath(result.program),
        configFile: repoPath(result.configFile),
        diagramFile: repoPath(result.diagramFile),
        policyConfigFile: result.policy.configFile ? repoPath(result.policy.configFile) : null,
        summary: result.summary,
        policy: {
            mandatoryViolations: result.policy.mandatoryViolations,
            violations: result.policy.violations,
            policies: result.policy.policies,
            warnings: result.policy.warnings,
            remediations: result.policy.remediations,
        },
        policyPacks: result.policyPacks.map(packJson),
        lambdas: result.lambdas,
        routing: result.routing,
        paths: result.paths,
        preflight: result.preflight,
        resources: result.resources.map((r) => ({ type: r.type, name: r.name, urn: r.urn, ...(r.id ? { id: r.id } : {}), region: r.region, inputs: jsonInputs(r.inputs) })),
    };
}
