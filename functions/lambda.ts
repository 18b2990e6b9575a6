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

/** The writable stream `awslambda.streamifyResponse` hands the handler (a Node.js Writable). */
export interface ResponseStream {
    write(chunk: string | Uint8Array): boolean;
    end(): void;
}

export type StreamingHandler = (event: unknown, responseStream: ResponseStream, context: LambdaContext) => Promise<void>;

/**
 * The `awslambda` global of Lambda's Node.js runtimes, as far as response streaming uses it
 * (https://docs.aws.amazon.com/lambda/latest/dg/config-rs-write-functions.html): streamifyResponse
 * marks the handler as streaming; HttpResponseStream.from writes a function URL's status and
 * headers ahead of the body.
 */
export interface LambdaStreamingRuntime {
    streamifyResponse(handler: StreamingHandler): StreamingHandler;
    readonly HttpResponseStream: {
        from(stream: ResponseStream, prelude: { readonly statusCode: number; readonly headers: Readonly<Record<string, string>> }): ResponseStream;
    };
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

/** One metric in a CloudWatch embedded metric format (EMF) record. */
export interface EmbeddedMetric {
    readonly name: string;
    readonly unit: "Count" | "Milliseconds" | "None";
    readonly value: number;
}

/**
 * The members that make a log record an EMF document: CloudWatch Logs turns it into metric data
 * points as it ingests the line, so publishing costs no API call on the request path and no IAM
 * permission. One directive with one dimension set made of every given dimension.
 */
export function embeddedMetricFields(namespace: string, dimensions: Readonly<Record<string, string>>, metrics: readonly EmbeddedMetric[], timestampMs: number): Record<string, unknown> {
    return {
        _aws: {
            Timestamp: timestampMs,
            CloudWatchMetrics: [{ Namespace: namespace, Dimensions: [Object.keys(dimensions)], Metrics: metrics.map((m) => ({ Name: m.name, Unit: m.unit })) }],
        },
        ...dimensions,
        ...Object.fromEntries(metrics.map((m) => [m.name, m.value])),
    };
}

/**
 * Writes one structured record as a single line at warning level. Under Lambda's JSON log format
 * (AWS_LAMBDA_LOG_FORMAT=JSON, which the components set) the runtime wraps console output in its
 * own record with ours nested under `message`, and CloudWatch extracts EMF metrics only from a
 * top-level `_aws`: so the line goes to stdout untouched, carrying the fields the runtime would
 * have added. In text format console.warn is enough (the runtime only prefixes the line).
 */
export function writeLogRecord(record: Readonly<Record<string, unknown>>, env: Readonly<Record<string, string | undefined>>, context?: LambdaContext): void {
    if ((env.AWS_LAMBDA_LOG_FORMAT ?? "").toUpperCase() === "JSON") {
        process.stdout.write(`${JSON.stringify({ timestamp: new Date().toISOString(), level: "WARN", requestId: context?.awsRequestId, ...record })}\n`);
    } else {
        console.warn(JSON.stringify(record));
    }
}
