import { parseArgs } from "node:util";

export interface PlanArgs {
    readonly stack: string;
    /** Stack config file; defaults to Pulumi.<stack>.yaml beside the program. */
    readonly configFile?: string;
    /** Pulumi program to run; defaults to index.ts. */
    readonly programFile?: string;
    readonly json: boolean;
    /** `--json-out FILE`: also write the --json document to FILE (the human summary stays on stdout). */
    readonly jsonOutFile?: string;
    /** Where the Mermaid diagram goes; defaults to docs/architecture-<stack>.md. */
    readonly diagramFile?: string;
    /** `--policy-pack-config` file for the pack; defaults to policy-pack/config/<stack>.json when it exists. */
    readonly policyConfigFile?: string;
    /** Further CrossGuard pack folders (`--policy-pack DIR`, repeatable), evaluated beside the project's own. */
    readonly policyPacks?: readonly string[];
    /** Seconds the program may run before the plan gives up on it. */
    readonly timeoutSeconds: number;
    /** `--timings FILE`: where the time went, per phase, as JSON (and a table on stderr). */
    readonly timingsFile?: string;
}

export class UsageError extends Error {
    constructor(message: string) {
        super(message);
        this.name = "UsageError";
    }
}

export const USAGE = `usage: npm run plan -- --stack <name> [--config FILE] [--program FILE] [--policy-pack-config FILE] [--policy-pack DIR]... [--diagram FILE] [--json | --json-out FILE] [--timings FILE]

  --stack NAME     stack to plan (reads Pulumi.NAME.yaml unless --config is given)
  --config FILE    use this stack-config YAML file instead of Pulumi.<stack>.yaml
  --program FILE   run this Pulumi TypeScript program instead of index.ts
  --policy-pack-config FILE
                   policy config for the project's policy pack, as for pulumi preview --policy-pack-config
                   (default policy-pack/config/<stack>.json when it exists; --policy-config is accepted too)
  --policy-pack DIR
                   also run this CrossGuard policy pack folder (with its own node_modules), as
                   pulumi preview --policy-pack DIR would; repeatable; results per pack
  --diagram FILE   write the Mermaid architecture diagram here (default docs/architecture-<stack>.md)
  --json           print one JSON object on stdout; logs go to stderr
  --json-out FILE  write that JSON object to FILE and print the human summary as usual (a CI
                   artifact to diff beside a readable log)
  --timeout SECS   give up (exit 1) if the program has not finished after SECS seconds (default 120)
  --timings FILE   write CPU and wall time per phase (start-up, program, policy, proofs...) to FILE
                   as JSON, and print them as a table on stderr

exit codes: 0 ok, 2 invalid config (stack or policy), 3 mandatory policy violation, 4 request-path check failed, 5 residency proof failed, 1 any other failure, 64 usage`;

export function parsePlanArgs(argv: readonly string[]): PlanArgs {
    let parsed;
    try {
        parsed = parseArgs({
            args: [...argv],
            options: {
                stack: { type: "string" },
                config: { type: "string" },
                program: { type: "string" },
                diagram: { type: "string" },
                "policy-pack-config": { type: "string" },
                // The CLI's flag is --policy-pack-config; the old spelling stays accepted.
                "policy-config": { type: "string" },
                "policy-pack": { type: "string", multiple: true },
                json: { type: "boolean", default: false },
                "json-out": { type: "string" },
                timeout: { type: "string", default: "120" },
                timings: { type: "string" },
                help: { type: "boolean", default: false },
            },
            allowPositionals: false,
            strict: true,
        });
    } catch (err) {
        throw new UsageError(`${(err as Error).message}\n\n${USAGE}`);
    }
    const v = parsed.values;
    if (v.help) throw new UsageError(USAGE);
    if (!v.stack) throw new UsageError(`--stack is required\n\n${USAGE}`);
    if (!/^[A-Za-z0-9_.-]+$/.test(v.stack)) throw new UsageError(`--stack "${v.stack}" is not a valid stack name (letters, digits, _ . -)`);
    const timeoutSeconds = Number(v.timeout);
    if (!Number.isFinite(timeoutSeconds) || timeoutSeconds <= 0) throw new UsageError(`--timeout "${v.timeout}" is not a positive number of seconds`);
    if (v.json === true && v["json-out"] !== undefined) throw new UsageError("give --json (the document on stdout) or --json-out FILE (the document in FILE, the summary on stdout), not both");
    if (v["policy-pack-config"] !== undefined && v["policy-config"] !== undefined) throw new UsageError("give --policy-pack-config or --policy-config (the same option), not both");
    return {
        stack: v.stack,
        configFile: v.config,
        programFile: v.program,
        json: v.json === true,
        jsonOutFile: v["json-out"],
        diagramFile: v.diagram,
        policyConfigFile: v["policy-pack-config"] ?? v["policy-config"],
        policyPacks: v["policy-pack"] ?? [],
        timeoutSeconds,
        timingsFile: v.timings,
    };
}
