/**
 * The exact closures the BedrockFailover component deploys, packaged by packaging.ts as
 * `aws.lambda.CallbackFunction` would. Pulumi serializes each with everything it references: the
 * functions/ modules by value, `@aws-sdk/*` as `require(...)` (the Lambda Node.js runtime ships
 * SDK v3). Keep them this small: tests load the serialized text and run it, so what deploys is
 * what was tested.
 *
 * The failover function streams (function URL invokeMode RESPONSE_STREAM), so its handler must be
 * wrapped by `awslambda.streamifyResponse`, a global that exists only inside Lambda's Node.js
 * runtime: it is serialized as a factory (CallbackFunction's `callbackFactory`), which the
 * generated module calls once when Lambda loads it. Each factory creates one plain object for the
 * warm state (clients, circuit breakers, health hysteresis), kept for the life of the container.
 */
import { handleFailoverStreamingInvocation, type WarmFailoverState } from "../../functions/failover/handler";
import { handleHealthInvocation, type HealthInvocationResult, type WarmHealthState } from "../../functions/health/handler";
import type { LambdaContext, LambdaStreamingRuntime, StreamingHandler } from "../../functions/lambda";

/**
 * Serves model calls with failover, buffered or as server-sent events. Reads
 * BEDROCK_FAILOVER_SETTINGS (FailoverSettings JSON). Runs at module load inside Lambda.
 */
export function failoverCallbackFactory(): () => StreamingHandler {
    return () => {
        const runtime = (globalThis as unknown as { awslambda?: LambdaStreamingRuntime }).awslambda;
        if (runtime === undefined) throw new Error("the awslambda global is missing: the failover function needs a Lambda Node.js runtime with response streaming");
        const warm: WarmFailoverState = {};
        return runtime.streamifyResponse((event, responseStream, context) => handleFailoverStreamingInvocation(event, responseStream, context, process.env, warm, runtime));
    };
}

/** Scheduled health checks and planned drains. Reads HEALTH_CHECK_SETTINGS (HealthCheckSettings JSON). */
export function healthCheckCallback(): (event: unknown, context: LambdaContext) => Promise<HealthInvocationResult> {
    const warm: WarmHealthState = {};
    return (event, context) => handleHealthInvocation(event, context, process.env, warm);
}
