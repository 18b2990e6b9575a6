import * as fs from "fs";
import * as path from "path";
import { parseArgs } from "node:util";

/**
 * Pre-run step of every Pulumi Deployment (deployments/settings.ts): writes the AWS profile that
 * assumes the role for this deployment's operation with the deployment's own OIDC token (web
 * identity, refreshed by the SDKs from the token file). A preview gets the read-only preview
 * role; update, refresh and destroy get the deploying role; anything else fails closed.
 */

export type Operation = "preview" | "update" | "refresh" | "destroy";
const OPERATIONS: readonly Operation[] = ["preview", "update", "refresh", "destroy"];

/** The `operation` claim of a Pulumi Deployments OIDC token (a JWT; AWS verifies the signature). */
export function operationOf(token: string): Operation {
    const parts = token.trim().split(".");
    if (parts.length !== 3) throw new Error("the OIDC token is not a JWT");
    let claims: unknown;
    try {
        claims = JSON.parse(Buffer.from(parts[1], "base64url").toString("utf8"));
    } catch {
        throw new Error("the OIDC token's claims are not JSON");
    }
    const op = (claims as { operation?: unknown } | null)?.operation;
    if (typeof op !== "string" || !OPERATIONS.includes(op as Operation)) throw new Error(`unknown deployment operation ${JSON.stringify(op)}: no role for it`);
    return op as Operation;
}

export function roleForOperation(op: Operation, roles: { deploy: string; preview: string }): string {
    return op === "preview" ? roles.preview : roles.deploy;
}

export interface ProfileInput {
    readonly roleArn: string;
    readonly tokenFile: string;
    readonly sessionName: string;
    readonly durationSeconds: number;
}

/** The shared-config text (AWS SDKs and Tools reference: `role_arn` + `web_identity_token_file`). */
export function awsConfigText(p: ProfileInput): string {
    for (const [k, v] of Object.entries({ roleArn: p.roleArn, tokenFile: p.tokenFile, sessionName: p.sessionName })) {
        if (/[\r\n]/.test(v) || v === "") throw new Error(`${k} must be one non-empty line`);
    }
    return ["[default]", `role_arn = ${p.roleArn}`, `web_identity_token_file = ${p.tokenFile}`, `role_session_name = ${p.sessionName}`, `duration_seconds = ${p.durationSeconds}`, ""].join("\n");
}

function main(argv: readonly string[]): void {
    const { values } = parseArgs({
        args: [...argv],
        options: {
            "deploy-role": { type: "string" },
            "preview-role": { type: "string" },
            session: { type: "string" },
            "duration-seconds": { type: "string", default: "3600" },
            "token-file": { type: "string", default: "/mnt/pulumi/pulumi.oidc" },
        },
        strict: true,
    });
    const out = process.env.AWS_CONFIG_FILE;
    if (!out || !values["deploy-role"] || !values["preview-role"] || !values.session) {
        throw new Error("usage: AWS_CONFIG_FILE=... awsProfile.ts --deploy-role ARN --preview-role ARN --session NAME [--duration-seconds N] [--token-file FILE]");
    }
    const tokenFile = values["token-file"]!;
    const op = operationOf(fs.readFileSync(tokenFile, "utf8"));
    const roleArn = roleForOperation(op, { deploy: values["deploy-role"], preview: values["preview-role"] });
    fs.mkdirSync(path.dirname(out), { recursive: true });
    fs.writeFileSync(out, awsConfigText({ roleArn, tokenFile, sessionName: values.session, durationSeconds: Number(values["duration-seconds"]) }), { mode: 0o600 });
    process.stdout.write(`${op}: AWS profile assumes ${roleArn}\n`);
}

if (require.main === module) {
    try {
        main(process.argv.slice(2));
    } catch (err) {
        process.stderr.write(`error: ${(err as Error).message}\n`);
        process.exit(1);
    }
}
