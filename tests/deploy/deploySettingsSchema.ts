import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { z } from "zod";

/**
 * The schema of `Pulumi.<stack>.deploy.yaml` as the Pulumi CLI reads it for
 * `pulumi deployment settings init/push`: workspace.ProjectStackDeployment
 * (`settings:` holding an apitype.DeploymentSettings), with the YAML field names of
 * pulumi/pulumi sdk/go/common/apitype/deployments.go. The CLI decodes with gopkg.in/yaml.v3,
 * which drops unknown keys without a word, so a misspelt key would silently not be pushed:
 * these schemas are strict to catch exactly that.
 */

const nonEmpty = z.string().min(1);

/** Go's time.Duration text, e.g. `2h0m0s`, `90m`, `1h30m`. */
export const GO_DURATION = /^(?:(\d+)h)?(?:(\d+)m)?(?:(\d+(?:\.\d+)?)s)?$/;

export function goDurationSeconds(text: string): number {
    const m = GO_DURATION.exec(text);
    if (!m || text === "") throw new Error(`not a Go duration: "${text}"`);
    return Number(m[1] ?? 0) * 3600 + Number(m[2] ?? 0) * 60 + Number(m[3] ?? 0);
}

/** A value that may be plain or `{ secret: ... }` / `{ ciphertext: ... }` (apitype.SecretValue). */
const secretValue = z.union([z.string(), z.strictObject({ secret: z.string() }), z.strictObject({ ciphertext: z.string() })]);

const gitAuth = z.strictObject({
    accessToken: secretValue.optional(),
    sshAuth: z.strictObject({ sshPrivateKey: secretValue, password: secretValue.optional() }).optional(),
    basicAuth: z.strictObject({ userName: secretValue, password: secretValue }).optional(),
});

export const deploySettingsFileSchema = z.strictObject({
    settings: z.strictObject({
        tag: z.string().optional(),
        agentPoolID: z.string().optional(),
        executorContext: z.strictObject({
            workingDirectory: z.string().optional(),
            executorImage: z.union([z.string(), z.strictObject({ reference: nonEmpty, credentials: z.strictObject({ username: z.string(), password: secretValue }).optional() })]).optional(),
        }).optional(),
        sourceContext: z.strictObject({
            git: z.strictObject({
                repoUrl: nonEmpty,
                branch: z.string(),
                repoDir: z.string().optional(),
                commit: z.string().optional(),
                gitAuth: gitAuth.optional(),
            }),
        }),
        gitHub: z.strictObject({
            repository: z.string().regex(/^[\w.-]+\/[\w.-]+$/, { error: "expected owner/name" }),
            deployCommits: z.boolean().optional(),
            previewPullRequests: z.boolean().optional(),
            pullRequestTemplate: z.boolean().optional(),
            deployPullRequest: z.number().int().optional(),
            paths: z.array(nonEmpty).optional(),
        }).optional(),
        operationContext: z.strictObject({
            preRunCommands: z.array(nonEmpty).optional(),
            environmentVariables: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/), secretValue).optional(),
            options: z.strictObject({
                skipInstallDependencies: z.boolean().optional(),
                skipIntermediateDeployments: z.boolean().optional(),
                shell: z.string().optional(),
                deleteAfterDestroy: z.boolean().optional(),
                remediateIfDriftDetected: z.boolean().optional(),
            }).optional(),
            oidc: z.strictObject({
                aws: z.strictObject({
                    roleArn: nonEmpty,
                    sessionName: nonEmpty,
                    duration: z.string().regex(GO_DURATION, { error: "expected a Go duration like 2h0m0s" }).optional(),
                    policyArns: z.array(nonEmpty).optional(),
                }).optional(),
                azure: z.record(z.string(), z.unknown()).optional(),
                gcp: z.record(z.string(), z.unknown()).optional(),
            }).optional(),
        }),
    }),
});

export type DeploySettingsFile = z.infer<typeof deploySettingsFileSchema>;

/** Reads and parses a deploy settings file; YAML errors (including duplicate keys) throw. */
export function readDeploySettingsText(file: string): unknown {
    const doc = parseDocument(fs.readFileSync(file, "utf8"), { uniqueKeys: true, prettyErrors: false });
    if (doc.errors.length > 0) throw new Error(`${path.basename(file)}: ${doc.errors.map((e) => e.message).join("; ")}`);
    return doc.toJS();
}

/** A glob as Pulumi Deployments path filters use it: `**` spans directories, `*` stays within one. */
export function globMatches(glob: string, file: string): boolean {
    let re = "";
    for (let i = 0; i < glob.length; i++) {
        const c = glob[i];
        if (c === "*" && glob[i + 1] === "*") {
            re += ".*";
            i++;
            if (glob[i + 1] === "/") i++;
        } else if (c === "*") {
            re += "[^/]*";
        } else if (c === "?") {
            re += "[^/]";
        } else {
            re += c.replace(/[.+^${}()|[\]\\]/g, "\\$&");
        }
    }
    return new RegExp(`^${re}$`).test(file);
}

/**
 * Every repository file a Pulumi program loads, following relative imports from its entry
 * (`import ... from "./x"`, `export ... from`, `require("./x")`), as repo-relative paths.
 */
export function programFiles(repoRoot: string, entry: string): string[] {
    const seen = new Set<string>();
    const queue = [path.resolve(repoRoot, entry)];
    const specifier = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*)["'](\.{1,2}\/[^"']+)["']/g;
    while (queue.length > 0) {
        const file = queue.pop()!;
        if (seen.has(file)) continue;
        seen.add(file);
        if (!file.endsWith(".ts")) continue;
        const text = fs.readFileSync(file, "utf8");
        for (const m of text.matchAll(specifier)) {
            const resolved = resolveModule(path.dirname(file), m[1]);
            if (resolved) queue.push(resolved);
        }
    }
    return [...seen].map((f) => path.relative(repoRoot, f).split(path.sep).join("/")).sort();
}

function resolveModule(fromDir: string, spec: string): string | undefined {
    const base = path.resolve(fromDir, spec);
    for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
        if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
    }
    return undefined;
}
