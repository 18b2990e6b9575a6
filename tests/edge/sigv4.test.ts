import * as assert from "assert";
import { createHash, createHmac, type Hash, type Hmac } from "node:crypto";
import { SignatureV4 } from "@smithy/signature-v4";
import { amzDate, signRequest } from "../../edge/src/sigv4";

// The reference is the AWS SDK's own signer (@smithy/signature-v4): same request, same clock,
// same credentials must give the same Authorization header byte for byte.
const bytes = (d: string | ArrayBuffer | ArrayBufferView): string | Buffer =>
    typeof d === "string" ? d : ArrayBuffer.isView(d) ? Buffer.from(d.buffer, d.byteOffset, d.byteLength) : Buffer.from(d);

/** The SDK's Checksum interface over node:crypto (what @smithy/hash-node does), HMAC when keyed. */
class Sha256 {
    private readonly h: Hash | Hmac;
    constructor(secret?: string | ArrayBuffer | ArrayBufferView) {
        this.h = secret === undefined ? createHash("sha256") : createHmac("sha256", bytes(secret));
    }
    update(data: string | ArrayBuffer | ArrayBufferView): void {
        this.h.update(bytes(data));
    }
    async digest(): Promise<Uint8Array> {
        return new Uint8Array(this.h.digest());
    }
}

const creds = { accessKeyId: "AKIDEXAMPLE", secretAccessKey: "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", sessionToken: "session/token+with=chars" };
const at = new Date("2026-11-30T08:10:17.123Z");

describe("edge/sigv4: matches @smithy/signature-v4", function () {
    const cases = [
        { title: "function URL root, JSON body", url: "https://abc123.lambda-url.eu-central-1.on.aws/", body: JSON.stringify({ messages: [{ role: "user", content: "hi" }], stream: true }) },
        { title: "path and query needing encoding", url: "https://abc123.lambda-url.eu-west-1.on.aws/v1/a b/c?z=1&a=x y&a=%2F", body: "" },
        { title: "unicode body", url: "https://abc123.lambda-url.us-east-1.on.aws/", body: JSON.stringify({ text: "grüße, 你好" }) },
    ];
    for (const c of cases) {
        it(c.title, async function () {
            const url = new URL(c.url);
            const region = url.hostname.split(".")[2];
            const ours = signRequest({ method: "POST", url, headers: { "Content-Type": "application/json" }, body: c.body }, creds, region, "lambda", at);
            const signer = new SignatureV4({ credentials: creds, region, service: "lambda", sha256: Sha256, applyChecksum: true });
            const query: Record<string, string | string[]> = {};
            for (const [k, v] of url.searchParams) query[k] = k in query ? ([] as string[]).concat(query[k], v) : v;
            const theirs = await signer.sign(
                { method: "POST", protocol: url.protocol, hostname: url.hostname, path: url.pathname, query, headers: { host: url.host, "content-type": "application/json", "x-amz-content-sha256": ours["x-amz-content-sha256"] }, body: c.body },
                { signingDate: at },
            );
            assert.strictEqual(ours.authorization, theirs.headers.authorization);
            assert.strictEqual(ours["x-amz-security-token"], creds.sessionToken);
        });
    }
    it("formats the x-amz-date as YYYYMMDDTHHMMSSZ", function () {
        assert.strictEqual(amzDate(at), "20261130T081017Z");
    });
});
