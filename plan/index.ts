import * as fs from "fs";
import * as path from "path";
import { parsePlatformConfig, PROJECT, type PlatformConfig } from "../config";
import { projectConfigFrom } from "../config/load";
import { readStackConfigFile } from "../config/stackFile";
import type { PlanArgs } from "./args";
import { diagramDocument, mermaidDiagram } from "./diagram";
import type { PlannedResource } from "./model";
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
}

/**
 * The offline plan: validate the stack config, run the program under mocks, summarize what it
 * registered and draw it. Throws ConfigError (invalid config) or the program's own error.
 */
export async function runPlan(args: PlanArgs): Promise<PlanResult> {
    const configFile = path.resolve(args.configFile ?? path.join(REPO_ROOT, `Pulumi.${args.stack}.yaml`));
    const program = path.resolve(args.programFile ?? DEFAULT_PROGRAM);
    const config = readStackConfigFile(configFile);

    // This product's config is validated before the program runs, so a bad config never gets as
    // far as declaring a resource. Another program (--program) validates its own.
    const isProduct = program === DEFAULT_PROGRAM;
    const platform: PlatformConfig | undefined = isProduct ? parsePlatformConfig(projectConfigFrom(config)) : undefined;

    const run = await runProgram({ programPath: program, project: PROJECT, stack: args.stack, config, timeoutMs: args.timeoutSeconds * 1000 });
    const summary = summarize(args.stack, run.resources, platform);

    const diagramFile = path.resolve(args.diagramFile ?? path.join(REPO_ROOT, "docs", `architecture-${args.stack}.md`));
    fs.mkdirSync(path.dirname(diagramFile), { recursive: true });
    fs.writeFileSync(diagramFile, diagramDocument(args.stack, mermaidDiagram(summary, run.resources)));

    return { stack: args.stack, program, configFile, diagramFile, summary, resources: run.resources };
}

/** The `--json` document: one object, stable field names. */
export function planJson(result: PlanResult): Record<string, unknown> {
    return {
        stack: result.stack,
        program: path.relative(REPO_ROOT, result.program) || result.program,
        configFile: path.relative(REPO_ROOT, result.configFile) || result.configFile,
        diagramFile: path.relative(REPO_ROOT, result.diagramFile) || result.diagramFile,
        summary: result.summary,
        resources: result.resources.map((r) => ({ type: r.type, name: r.name, region: r.region, inputs: r.inputs })),
    };
}
