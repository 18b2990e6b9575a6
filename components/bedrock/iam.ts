/**
 * Least-privilege IAM documents for the Bedrock Lambdas, as plain JSON builders so tests can read
 * exactly what would be attached. No statement has a wildcard action; the only `*` resource is
 * the health role's cloudwatch:PutMetricData, which has no resource-level permissions and is
 * pinned to one namespace by condition instead.
 */

import type { PolicyDocument, PolicyStatement } from "../iamDocument";

/** Lambda may assume the role only on behalf of this account's functions (confused-deputy guard). */
export function lambdaAssumeRolePolicy(accountId: string): PolicyDocument {
    return {
        Version: "2012-10-17",
        Statement: [{
            Sid: "LambdaAssumesRole",
            Effect: "Allow",
            Principal: { Service: "lambda.amazonaws.com" },
            Action: ["sts:AssumeRole"],
            Condition: { StringEquals: { "aws:SourceAccount": accountId } },
        }],
    };
}

export function logWritingStatement(logGroupArn: string): PolicyStatement {
    return {
        Sid: "WriteOwnLogs",
        Effect: "Allow",
        Action: ["logs:CreateLogStream", "logs:PutLogEvents"],
        Resource: [`${logGroupArn}:*`],
    };
}

/** Read-only access to the region's drill fault flag (one SSM parameter), when drills are on. */
export function faultFlagStatement(parameterArn: string): PolicyStatement {
    return { Sid: "ReadDrillFaultFlag", Effect: "Allow", Action: ["ssm:GetParameter"], Resource: [parameterArn] };
}

/**
 * Active X-Ray tracing: Lambda rejects CreateFunction with tracing on unless the role may write
 * segments (AWSXRayDaemonWriteAccess grants exactly these two). Neither action supports
 * resource-level permissions, so the resource is "*" (Service Authorization Reference, AWS X-Ray).
 */
export function xrayStatement(): PolicyStatement {
    return { Sid: "WriteTraces", Effect: "Allow", Action: ["xray:PutTraceSegments", "xray:PutTelemetryRecords"], Resource: "*" };
}

/**
 * Bedrock first use: access to a third-party model is enabled on its first invocation, which
 * subscribes the account through AWS Marketplace; that needs these permissions on the invoking
 * role: aws-marketplace:Subscribe and ViewSubscriptions ("Request access to models", Amazon
 * Bedrock user guide; Unsubscribe is not needed to start). Marketplace has no resource ARNs, so
 * the resource is "*"; an account that knows its models' Marketplace product IDs can narrow it
 * with an `aws-marketplace:ProductId` condition. Anthropic also needs the one-time first-use
 * form per account (README, preflight): no permission replaces it.
 */
export function marketplaceFirstUseStatement(): PolicyStatement {
    return {
        Sid: "BedrockFirstUseSubscription",
        Effect: "Allow",
        Action: ["aws-marketplace:ViewSubscriptions", "aws-marketplace:Subscribe"],
        Resource: "*",
    };
}

/**
 * The failover Lambda publishes its `Failovers` metric as Embedded Metric Format log lines
 * (no API call on the request path), so it needs no cloudwatch permission at all.
 */
export function failoverPolicy(args: { bedrockArns: readonly string[]; logGroupArn: string; faultFlagParameterArn?: string; tracing?: boolean }): PolicyDocument {
    const statements: PolicyStatement[] = [
        {
            Sid: "InvokeChainModelsOnly",
            Effect: "Allow",
            // Converse and ConverseStream are authorized as InvokeModel / InvokeModelWithResponseStream.
            Action: ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"],
            Resource: [...args.bedrockArns],
        },
        marketplaceFirstUseStatement(),
        logWritingStatement(args.logGroupArn),
    ];
    if (args.tracing) statements.push(xrayStatement());
    if (args.faultFlagParameterArn) statements.push(faultFlagStatement(args.faultFlagParameterArn));
    return { Version: "2012-10-17", Statement: statements };
}

export function healthCheckPolicy(args: {
    bedrockArns: readonly string[];
    logGroupArn: string;
    metricNamespace: string;
    hostedZoneArn?: string;
    faultFlagParameterArn?: string;
}): PolicyDocument {
    const statements: PolicyStatement[] = [
        { Sid: "ProbeModelsOnly", Effect: "Allow", Action: ["bedrock:InvokeModel"], Resource: [...args.bedrockArns] },
        marketplaceFirstUseStatement(),
        metricStatement(args.metricNamespace),
        logWritingStatement(args.logGroupArn),
    ];
    if (args.faultFlagParameterArn) statements.push(faultFlagStatement(args.faultFlagParameterArn));
    if (args.hostedZoneArn) {
        statements.push({
            Sid: "PlannedDrainOnOwnZone",
            Effect: "Allow",
            Action: ["route53:ChangeResourceRecordSets", "route53:ListResourceRecordSets"],
            Resource: [args.hostedZoneArn],
        });
    }
    return { Version: "2012-10-17", Statement: statements };
}

function metricStatement(namespace: string): PolicyStatement {
    return {
        Sid: "PublishOwnMetrics",
        Effect: "Allow",
        Action: ["cloudwatch:PutMetricData"],
        Resource: "*",
        Condition: { StringEquals: { "cloudwatch:namespace": namespace } },
    };
}
