/**
 * The few Lambda shapes the handlers use, declared here so functions/ needs no Pulumi or
 * @types/aws-lambda import. `aws.lambda.Context` satisfies LambdaContext structurally.
 */

export interface LambdaContext {
    getRemainingTimeInMillis(): number;
    readonly awsRequestId?: string;
}

/** A Lambda function URL (or API Gateway HTTP API, payload 2.0) request, as far as we read it. */
export interface HttpEvent {
    readonly body?: string;
    readonly isBase64Encoded?: boolean;
    readonly requestContext: { readonly http?: { readonly method?: string } };
}

export interface HttpResult {
    readonly statusCode: number;
    readonly headers: Readonly<Record<string, string>>;
    readonly body: string;
}

export function isHttpEvent(event: unknown): event is HttpEvent {
    return typeof event === "object" && event !== null && "requestContext" in event && typeof (event as { requestContext?: unknown }).requestContext === "object";
}

/** The event body as JSON (function URLs base64-encode binary bodies). */
export function httpJsonBody(event: HttpEvent): unknown {
    const text = event.body === undefined ? "" : event.isBase64Encoded ? Buffer.from(event.body, "base64").toString("utf8") : event.body;
    return JSON.parse(text);
}

export function jsonResult(statusCode: number, body: unknown): HttpResult {
    return { statusCode, headers: { "content-type": "application/json" }, body: JSON.stringify(body) };
}

/** Time left for work, keeping a margin to return an answer before Lambda kills the invocation. */
export function remainingBudgetMs(context: LambdaContext | undefined, marginMs: number): number {
    return context ? Math.max(0, context.getRemainingTimeInMillis() - marginMs) : Infinity;
}
