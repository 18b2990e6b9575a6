/**
 * What both bench scripts share: `--json` (one JSON object on stdout, everything else on
 * stderr) and `--seed <n>`.
 */
export interface BenchArgs {
    readonly json: boolean;
    readonly seed: number;
}

export function parseBenchArgs(argv: readonly string[], usage: string): BenchArgs {
    let json = false;
    let seed = 42;
    for (let i = 0; i < argv.length; i++) {
        const arg = argv[i];
        if (arg === "--json") json = true;
        else if (arg === "--seed" && /^\d+$/.test(argv[i + 1] ?? "")) seed = Number(argv[++i]);
        else throw new Error(`unknown argument ${arg}\n${usage}`);
    }
    return { json, seed };
}

export interface BenchOutput<T> {
    /** The one JSON object `--json` prints (exactly the documented fields). */
    readonly json: (result: T) => unknown;
    /** The human-readable report. */
    readonly table: (result: T) => string;
    /** Target verdicts: part of the table; with `--json` they go to stderr, so stdout stays one object. */
    readonly verdicts: (result: T) => readonly string[];
}

/** Runs a bench: progress goes to stderr; the result to stdout as a table or one JSON object. */
export function runBench<T>(usage: string, run: (args: BenchArgs, log: (line: string) => void) => Promise<T>, output: BenchOutput<T>): void {
    let args: BenchArgs;
    try {
        args = parseBenchArgs(process.argv.slice(2), usage);
    } catch (err) {
        process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(64);
    }
    const log = (line: string): void => void process.stderr.write(`${line}\n`);
    run(args, log).then(
        (result) => {
            if (args.json) {
                for (const line of output.verdicts(result)) log(line);
                process.stdout.write(`${JSON.stringify(output.json(result))}\n`);
            } else {
                process.stdout.write(`${output.table(result)}\n`);
            }
            process.exit(0);
        },
        (err: unknown) => {
            process.stderr.write(`bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
            process.exit(1);
        },
    );
}
