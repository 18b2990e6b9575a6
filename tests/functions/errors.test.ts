import * as assert from "node:assert/strict";
import { classifyError, type FailureKind } from "../../functions/failover/errors";

/** An error shaped like the SDK's service exceptions. */
function serviceError(name: string, status: number, message = "boom"): Error {
    return Object.assign(new Error(message), { name, $metadata: { httpStatusCode: status } });
}

function networkError(code: string): Error {
    return Object.assign(new Error("The pending stream has been canceled"), { code: "ERR_HTTP2_STREAM_CANCEL", cause: Object.assign(new Error(`connect ${code}`), { code }) });
}

describe("classifyError", () => {
    const table: Array<[string, unknown, boolean, FailureKind, boolean]> = [
        // description, error, timedOut, kind, failOver
        ["our deadline fired", Object.assign(new Error("Request aborted"), { name: "AbortError" }), true, "timeout", true],
        ["429 ThrottlingException", serviceError("ThrottlingException", 429), false, "throttled", true],
        ["ServiceQuotaExceededException", serviceError("ServiceQuotaExceededException", 400), false, "throttled", true],
        ["ModelNotReadyException", serviceError("ModelNotReadyException", 429), false, "throttled", true],
        ["503 ServiceUnavailableException", serviceError("ServiceUnavailableException", 503), false, "server-error", true],
        ["500 InternalServerException", serviceError("InternalServerException", 500), false, "server-error", true],
        ["502 from a proxy, unknown name", serviceError("Unknown", 502), false, "server-error", true],
        ["408 ModelTimeoutException", serviceError("ModelTimeoutException", 408), false, "server-error", true],
        ["connection refused (wrapped by HTTP/2)", networkError("ECONNREFUSED"), false, "network", true],
        ["connection reset", Object.assign(new Error("socket hang up"), { code: "ECONNRESET" }), false, "network", true],
        ["DNS failure", Object.assign(new Error("getaddrinfo"), { code: "ENOTFOUND" }), false, "network", true],
        ["SDK stream TimeoutError", Object.assign(new Error("http2 request did not get a response"), { name: "TimeoutError" }), false, "network", true],
        ["unparseable body", Object.assign(new SyntaxError("Unexpected token"), { $metadata: { httpStatusCode: 200 } }), false, "malformed-response", true],
        ["SDK deserialization error", new Error("Deserialization error: to see the raw response..."), false, "malformed-response", true],
        ["model not in region", serviceError("ResourceNotFoundException", 404), false, "model-unavailable", true],
        ["something unrecognised", new Error("???"), false, "unknown", true],
        ["a thrown string", "nope", false, "unknown", true],
        ["400 ValidationException", serviceError("ValidationException", 400), false, "validation", false],
        ["413 payload too large", serviceError("RequestEntityTooLarge", 413), false, "validation", false],
        // Bedrock model access is granted per region and per model: another step may be allowed.
        ["403 AccessDeniedException", serviceError("AccessDeniedException", 403), false, "access-denied", true],
        ["expired credentials", serviceError("ExpiredTokenException", 400), false, "access-denied", true],
    ];
    for (const [description, error, timedOut, kind, failOver] of table) {
        it(`${description} -> ${kind}, ${failOver ? "fail over" : "answer now"}`, () => {
            const verdict = classifyError(error, timedOut);
            assert.equal(verdict.kind, kind);
            assert.equal(verdict.failOver, failOver);
        });
    }

    it("counts regional failures against the breaker, and not the caller's own errors", () => {
        assert.equal(classifyError(serviceError("ThrottlingException", 429), false).countsAgainstRegion, true);
        assert.equal(classifyError(serviceError("ValidationException", 400), false).countsAgainstRegion, false);
        assert.equal(classifyError(serviceError("ResourceNotFoundException", 404), false).countsAgainstRegion, false);
    });

    it("counts AccessDenied and ResourceNotFound against the (region, model) step only", () => {
        for (const err of [serviceError("AccessDeniedException", 403), serviceError("ResourceNotFoundException", 404)]) {
            const verdict = classifyError(err, false);
            assert.deepEqual([verdict.failOver, verdict.countsAgainstRegion, verdict.countsAgainstStep], [true, false, true], verdict.detail);
        }
        assert.equal(classifyError(serviceError("ThrottlingException", 429), false).countsAgainstStep, false);
    });

    it("describes the error with its name, status and root cause code", () => {
        assert.equal(classifyError(serviceError("ThrottlingException", 429, "Too many requests"), false).detail, "ThrottlingException 429: Too many requests");
        assert.match(classifyError(networkError("ECONNREFUSED"), false).detail, /ECONNREFUSED/);
    });
});
