/** One problem in a stack's config: the dotted key that is wrong and what is expected there. */
export interface ConfigIssue {
    /** Dotted path from the project namespace, e.g. `regions.eu-west-1.weight`. */
    readonly key: string;
    readonly message: string;
}

/**
 * Thrown before any resource is declared when the stack config is invalid. Carries every
 * problem found, so a user fixes them all in one pass instead of one per `pulumi up`.
 */
export class ConfigError extends Error {
    readonly issues: readonly ConfigIssue[];

    constructor(issues: readonly ConfigIssue[]) {
        super(formatIssues(issues));
        this.name = "ConfigError";
        this.issues = issues;
    }
}

export function formatIssues(issues: readonly ConfigIssue[]): string {
    const lines = issues.map((i) => `  - ${i.key}: ${i.message}`);
    return `invalid stack config (${issues.length} problem${issues.length === 1 ? "" : "s"}):\n${lines.join("\n")}`;
}

export function isConfigError(err: unknown): err is ConfigError {
    return err instanceof Error && err.name === "ConfigError" && Array.isArray((err as ConfigError).issues);
}
