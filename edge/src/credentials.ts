/**
 * Credentials from the EKS Pod Identity agent: the webhook sets
 * AWS_CONTAINER_CREDENTIALS_FULL_URI (http://169.254.170.23/v1/credentials) and
 * AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE; a GET with the token file's content as Authorization
 * returns the role's temporary credentials ("Understand EKS Pod Identity", EKS user guide; the
 * container credential provider of the AWS SDKs). Cached until shortly before they expire.
 */
import { readFile } from "node:fs/promises";
import type { Credentials } from "./sigv4";

/** Refresh this long before expiry (the SDKs use five minutes too). */
export const REFRESH_BEFORE_EXPIRY_MS = 5 * 60_000;

export interface CredentialSource {
    get(): Promise<Credentials>;
}

interface AgentAnswer {
    AccessKeyId?: unknown;
    SecretAccessKey?: unknown;
    Token?: unknown;
    Expiration?: unknown;
}

export class PodIdentityCredentials implements CredentialSource {
    private cached?: { creds: Credentials; expiresAt: number };
    private inflight?: Promise<Credentials>;

    constructor(
        private readonly fullUri: string,
        private readonly tokenFile: string,
        private readonly now: () => number = Date.now,
        private readonly timeoutMs = 2000,
    ) {}

    static fromEnv(env: NodeJS.ProcessEnv): PodIdentityCredentials {
        const uri = env.AWS_CONTAINER_CREDENTIALS_FULL_URI;
        const tokenFile = env.AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE;
        if (!uri || !tokenFile) throw new Error("EKS Pod Identity is not configured: AWS_CONTAINER_CREDENTIALS_FULL_URI and AWS_CONTAINER_AUTHORIZATION_TOKEN_FILE must be set");
        return new PodIdentityCredentials(uri, tokenFile);
    }

    async get(): Promise<Credentials> {
        if (this.cached && this.cached.expiresAt - REFRESH_BEFORE_EXPIRY_MS > this.now()) return this.cached.creds;
        this.inflight ??= this.fetch().finally(() => (this.inflight = undefined));
        return this.inflight;
    }

    private async fetch(): Promise<Credentials> {
        // The token rotates on disk; read it on every fetch.
        const token = (await readFile(this.tokenFile, "utf8")).trim();
        const res = await fetch(this.fullUri, { headers: { Authorization: token }, signal: AbortSignal.timeout(this.timeoutMs) });
        if (!res.ok) throw new Error(`Pod Identity agent answered ${res.status}`);
        const body = (await res.json()) as AgentAnswer;
        if (typeof body.AccessKeyId !== "string" || typeof body.SecretAccessKey !== "string") throw new Error("Pod Identity agent returned no credentials");
        const creds: Credentials = { accessKeyId: body.AccessKeyId, secretAccessKey: body.SecretAccessKey, sessionToken: typeof body.Token === "string" ? body.Token : undefined };
        const expiresAt = typeof body.Expiration === "string" ? Date.parse(body.Expiration) : this.now() + REFRESH_BEFORE_EXPIRY_MS * 2;
        this.cached = { creds, expiresAt: Number.isFinite(expiresAt) ? expiresAt : this.now() };
        return creds;
    }
}
