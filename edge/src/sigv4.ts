/**
 * AWS Signature Version 4 for one HTTP request, with node:crypto only (no SDK in the pod).
 * Follows "Create a signed AWS API request" (IAM user guide): canonical request, string to sign,
 * derived key, Authorization header. Tests compare it with @smithy/signature-v4, the SDK's signer.
 */
import { createHash, createHmac } from "node:crypto";

export interface Credentials {
    readonly accessKeyId: string;
    readonly secretAccessKey: string;
    readonly sessionToken?: string;
}

export interface SignableRequest {
    readonly method: string;
    readonly url: URL;
    /** Header names in any case; host is added from the URL. */
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string | Buffer;
}

export const ALGORITHM = "AWS4-HMAC-SHA256";

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data, "utf8").digest();

/** 2026-11-30T08:10:17.123Z -> 20261130T081017Z */
export function amzDate(at: Date): string {
    return at.toISOString().replace(/[:-]|\.\d{3}/g, "");
}

/** RFC 3986 encoding as SigV4 wants it: everything but unreserved characters. */
function uriEncode(s: string): string {
    return encodeURIComponent(s).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

function canonicalPath(pathname: string): string {
    // Every service but S3 encodes each segment of the path as sent (already encoded once) again:
    // "each path segment must be URI-encoded twice" (IAM user guide, signature v4 canonical request).
    return pathname.split("/").map(uriEncode).join("/") || "/";
}

function canonicalQuery(url: URL): string {
    return [...url.searchParams.entries()]
        .map(([k, v]) => [uriEncode(k), uriEncode(v)] as const)
        .sort(([ak, av], [bk, bv]) => (ak < bk ? -1 : ak > bk ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
        .map(([k, v]) => `${k}=${v}`)
        .join("&");
}

/** The request's headers plus the SigV4 ones, and the Authorization header that signs them all. */
export function signRequest(req: SignableRequest, creds: Credentials, region: string, service: string, at: Date = new Date()): Record<string, string> {
    const date = amzDate(at);
    const day = date.slice(0, 8);
    const payloadHash = sha256Hex(req.body);
    const headers: Record<string, string> = {};
    for (const [k, v] of Object.entries(req.headers)) headers[k.toLowerCase()] = v;
    headers.host = req.url.host;
    headers["x-amz-date"] = date;
    headers["x-amz-content-sha256"] = payloadHash;
    if (creds.sessionToken) headers["x-amz-security-token"] = creds.sessionToken;

    const names = Object.keys(headers).sort();
    const canonicalHeaders = names.map((n) => `${n}:${headers[n].trim().replace(/\s+/g, " ")}\n`).join("");
    const signedHeaders = names.join(";");
    const canonicalRequest = [req.method.toUpperCase(), canonicalPath(req.url.pathname), canonicalQuery(req.url), canonicalHeaders, signedHeaders, payloadHash].join("\n");
    const scope = `${day}/${region}/${service}/aws4_request`;
    const stringToSign = [ALGORITHM, date, scope, sha256Hex(canonicalRequest)].join("\n");
    const key = hmac(hmac(hmac(hmac(`AWS4${creds.secretAccessKey}`, day), region), service), "aws4_request");
    const signature = createHmac("sha256", key).update(stringToSign, "utf8").digest("hex");
    headers.authorization = `${ALGORITHM} Credential=${creds.accessKeyId}/${scope}, SignedHeaders=${signedHeaders}, Signature=${signature}`;
    return headers;
}
