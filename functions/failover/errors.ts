/**
 * Error classification: which failures another region (or model) could fix, and which would fail
 * everywhere. A pure function of the error, so the failover engine, the benchmark and the health
 * probe all agree on what "this region failed" means.
 */

/** Why an attempt at one chain step failed. */
export type FailureKind =
    /** 429 / ThrottlingException / quota: this region is saturated; another may not be. */
    | "throttled"
    /** 5xx and Bedrock's server-side model errors. */
    | "server-error"
    /** No answer within the attempt's deadline (ours, enforced with an AbortSignal). */
    | "timeout"
    /** Refused, reset, DNS, HTTP/2 session errors: nothing usable came back. */
    | "network"
    /** A 2xx whose body could not be read: the service misbehaved. */
    | "malformed-response"
    /** The model ID does not exist in that region; a later step may use another model or region. */
    | "model-unavailable"
    /** Anything unrecognised: treated as regional, so a healthy region still gets the request. */
    | "unknown"
    /** The request itself is wrong (400, ValidationException): it would fail in every region. */
    | "validation"
    /**
     * Credentials or IAM refuse it (401/403). Bedrock model access is granted per region and per
     * model, so another step may still be allowed: fail over, and count it against this step.
     */
    | "access-denied"
    /** Streaming: no chunk within the stall timeout after the first token. */
    | "stalled"
    /** Streaming: the stream ended (or was cut) without the model's stop event. */
    | "incomplete-stream";

export interface ErrorVerdict {
    readonly kind: FailureKind;
    /** Try the next step of the chain. False means answer the caller with this error now. */
    readonly failOver: boolean;
    /** Count it against the region's circuit breaker (a sign the region is unhealthy). */
    readonly countsAgainstRegion: boolean;
    /** Count it against this (region, model) step only: the region is up, this model is not ours there. */
    readonly countsAgainstStep: boolean;
    /** Short human-readable cause, for the all-regions-failed message and logs. */
    readonly detail: string;
}

// Plain arrays, not Sets: these constants are serialized into the Lambda with the closure, and
// Pulumi's closure serializer copies plain objects and arrays but not Map/Set internals.

/** Socket and HTTP/2 error codes that mean "the region did not answer" (not "the request is wrong"). */
const NETWORK_CODES: readonly string[] = [
    "ECONNREFUSED",
    "ECONNRESET",
    "ECONNABORTED",
    "ETIMEDOUT",
    "EPIPE",
    "ENOTFOUND",
    "EAI_AGAIN",
    "EHOSTUNREACH",
    "ENETUNREACH",
    "ERR_HTTP2_STREAM_CANCEL",
    "ERR_HTTP2_STREAM_ERROR",
    "ERR_HTTP2_SESSION_ERROR",
    "ERR_HTTP2_GOAWAY_SESSION",
    "ERR_HTTP2_INVALID_SESSION",
    "ERR_HTTP2_ERROR",
    "UND_ERR_SOCKET",
    "UND_ERR_CONNECT_TIMEOUT",
];

const THROTTLING_NAMES: readonly string[] = [
    "ThrottlingException",
    "TooManyRequestsException",
    "ModelNotReadyException",
    "ServiceQuotaExceededException",
];
const SERVER_NAMES: readonly string[] = [
    "InternalServerException",
    "ServiceUnavailableException",
    "ModelTimeoutException",
    "ModelErrorException",
    "ModelStreamErrorException",
];
const ACCESS_NAMES: readonly string[] = [
    "AccessDeniedException",
    "UnrecognizedClientException",
    "ExpiredTokenException",
    "InvalidSignatureException",
    "IncompleteSignature",
    "MissingAuthenticationTokenException",
];
const VALIDATION_NAMES: readonly string[] = ["ValidationException", "SerializationException"];

interface ErrorFacts {
    readonly name: string;
    readonly message: string;
    readonly status?: number;
    readonly codes: readonly string[];
}

/**
 * Classifies a failed attempt. `timedOut` is true when our own per-attempt deadline aborted it:
 * the SDK then reports a generic AbortError, and only the caller knows it was a timeout.
 */
export function classifyError(err: unknown, timedOut: boolean): ErrorVerdict {
    const facts = errorFacts(err);
    const detail = describeError(facts);
    const verdict = (kind: FailureKind, failOver: boolean, countsAgainstRegion: boolean, countsAgainstStep = false): ErrorVerdict => ({ kind, failOver, countsAgainstRegion, countsAgainstStep, detail });
    if (timedOut) return verdict("timeout", true, true);
    if (THROTTLING_NAMES.includes(facts.name) || facts.status === 429) return verdict("throttled", true, true);
    if (ACCESS_NAMES.includes(facts.name) || facts.status === 401 || facts.status === 403) return verdict("access-denied", true, false, true);
    if (VALIDATION_NAMES.includes(facts.name)) return verdict("validation", false, false);
    if (facts.name === "ResourceNotFoundException" || facts.status === 404) return verdict("model-unavailable", true, false, true);
    if (facts.name === "StreamStalledError") return verdict("stalled", true, true);
    if (facts.name === "IncompleteStreamError") return verdict("incomplete-stream", true, true);
    if (SERVER_NAMES.includes(facts.name) || (facts.status !== undefined && facts.status >= 500)) return verdict("server-error", true, true);
    if (facts.name === "MalformedResponseError" || facts.name === "SyntaxError" || /deserialization error/i.test(facts.message)) {
        return verdict("malformed-response", true, true);
    }
    if (facts.codes.some((c) => NETWORK_CODES.includes(c)) || facts.name === "TimeoutError") return verdict("network", true, true);
    // Any other 4xx is about the request (payload too large, bad model input...): it fails everywhere.
    if (facts.status !== undefined && facts.status >= 400 && facts.status < 500) return verdict("validation", false, false);
    return verdict("unknown", true, true);
}

function errorFacts(err: unknown): ErrorFacts {
    if (typeof err !== "object" || err === null) return { name: "Error", message: String(err), codes: [] };
    const e = err as { name?: unknown; message?: unknown; $metadata?: { httpStatusCode?: unknown } };
    const status = typeof e.$metadata?.httpStatusCode === "number" ? e.$metadata.httpStatusCode : undefined;
    return {
        name: typeof e.name === "string" ? e.name : "Error",
        message: typeof e.message === "string" ? e.message : "",
        // A 2xx status on an error means the body was unreadable, not a status to classify by.
        status: status !== undefined && status >= 400 ? status : undefined,
        codes: causeCodes(err),
    };
}

/** `code` of the error and of its `cause` chain (the SDK wraps ECONNREFUSED in an HTTP/2 cancel). */
function causeCodes(err: unknown): string[] {
    const codes: string[] = [];
    let current: unknown = err;
    for (let depth = 0; depth < 5 && typeof current === "object" && current !== null; depth++) {
        const c = current as { code?: unknown; cause?: unknown };
        if (typeof c.code === "string") codes.push(c.code);
        current = c.cause;
    }
    return codes;
}

// Not named `describe`: under mocha that is a global, and Pulumi's serializer does not capture
// names it finds on the global object.
function describeError(facts: ErrorFacts): string {
    const firstLine = facts.message.split("\n")[0].slice(0, 160);
    const status = facts.status !== undefined ? ` ${facts.status}` : "";
    const code = facts.codes.length > 0 && !firstLine.includes(facts.codes[facts.codes.length - 1]) ? ` [${facts.codes[facts.codes.length - 1]}]` : "";
    return `${facts.name}${status}: ${firstLine}${code}`;
}

/** A stream that ended without the model's stop event (aborted mid-stream), classified as incomplete-stream. */
export function incompleteStream(message: string): Error {
    const err = new Error(message);
    err.name = "IncompleteStreamError";
    return err;
}

/** Error raised by our own response parsing (InvokeModel bodies), classified as malformed-response. */
export function malformedResponse(message: string): Error {
    const err = new Error(message);
    err.name = "MalformedResponseError";
    return err;
}
