/**
 * The exact closures the BedrockFailover component passes to `aws.lambda.CallbackFunction` as
 * `callback`. Pulumi serializes each closure with everything it references: the functions/
 * modules by value, `@aws-sdk/*` as `require(...)` (the Lambda Node.js runtime ships SDK v3).
 * Keep them this small: tests load the serialized text and run it, so what deploys is what was
 * tested.
 *
 * Each factory creates one plain object the closure captures. Pulumi emits it once at the top
 * of the generated module, so it lives as long as the container: that is where the warm state
 * (clients, circuit breakers, health hysteresis) is kept between invocations.
 */
import { handleFailoverInvocation, type FailoverReply, type WarmFailoverState } from "../../functions/failover/handler";
import { handleHealthInvocation, type HealthInvocationResult, type WarmHealthState } from "../../functions/health/handler";
import type { HttpResult, LambdaContext } from "../../functions/lambda";

/** Serves model calls with failover. Reads BEDROCK_FAILOVER_SETTINGS (FailoverSettings JSON). */
export function failoverCallback(): (event: unknown, context: LambdaContext) => Promise<FailoverReply | HttpResult> {
    const warm: WarmFailoverState = {};
    return (event, context) => handleFailoverInvocation(event, context, process.env, warm);
}

/** Scheduled health checks and planned drains. Reads HEALTH_CHECK_SETTINGS (HealthCheckSettings JSON). */
export function healthCheckCallback(): (event: unknown, context: LambdaContext) => Promise<HealthInvocationResult> {
    const warm: WarmHealthState = {};
    return (event, context) => handleHealthInvocation(event, context, process.env, warm);
}
