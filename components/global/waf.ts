import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, GlobalConfig } from "../../config";
import { GLOBAL_SERVICES_REGION } from "../../config/awsRegions";
import { GLOBAL_LAYER_TAGS } from "./globalTags";
import { createLogKey, logGroupKeyPolicy } from "./logKeys";

/** The AWS managed rule groups every web ACL gets, cheapest and broadest first. */
export const AWS_MANAGED_RULE_GROUPS = [
    "AWSManagedRulesAmazonIpReputationList",
    "AWSManagedRulesCommonRuleSet",
    "AWSManagedRulesKnownBadInputsRuleSet",
    "AWSManagedRulesSQLiRuleSet",
] as const;

/** Rate-based rules count requests over this window; 300 s matches "per 5 minutes" in config. */
export const RATE_WINDOW_SECONDS = 300;

/**
 * Rules of the Common rule set set to count instead of block. SizeRestrictions_BODY blocks
 * bodies over 8 KB, and a model prompt with conversation context routinely is larger.
 */
export const COUNT_ONLY_COMMON_RULES = ["SizeRestrictions_BODY"] as const;

type Rule = aws.types.input.wafv2.WebAclRule;

const visibility = (metricName: string) => ({ cloudwatchMetricsEnabled: true, sampledRequestsEnabled: true, metricName });

/**
 * The web ACL's rules, in evaluation order: known-bad IPs first (cheap), then the per-IP rate
 * limit, then the optional country block, then the request-inspecting groups. Pure, so tests
 * can read the exact rules without a Pulumi runtime.
 */
export function webAclRules(waf: GlobalConfig["waf"], metricPrefix: string): Rule[] {
    const managed = (group: (typeof AWS_MANAGED_RULE_GROUPS)[number], priority: number): Rule => ({
        name: `aws-${group}`,
        priority,
        overrideAction: { none: {} },
        statement: {
            managedRuleGroupStatement: {
                vendorName: "AWS",
                name: group,
                ruleActionOverrides: group === "AWSManagedRulesCommonRuleSet"
                    ? COUNT_ONLY_COMMON_RULES.map((rule) => ({ name: rule, actionToUse: { count: {} } }))
                    : undefined,
            },
        },
        visibilityConfig: visibility(`${metricPrefix}-${group}`),
    });
    const rules: Rule[] = [
        managed("AWSManagedRulesAmazonIpReputationList", 0),
        {
            name: "rate-limit-per-ip",
            priority: 1,
            action: { block: {} },
            statement: {
                rateBasedStatement: {
                    limit: waf.rateLimitPer5Minutes,
                    evaluationWindowSec: RATE_WINDOW_SECONDS,
                    aggregateKeyType: "IP",
                },
            },
            visibilityConfig: visibility(`${metricPrefix}-rate-limit-per-ip`),
        },
    ];
    if (waf.blockedCountries.length > 0) {
        rules.push({
            name: "blocked-countries",
            priority: 2,
            action: { block: {} },
            statement: { geoMatchStatement: { countryCodes: [...waf.blockedCountries] } },
            visibilityConfig: visibility(`${metricPrefix}-blocked-countries`),
        });
    }
    rules.push(
        managed("AWSManagedRulesCommonRuleSet", 10),
        managed("AWSManagedRulesKnownBadInputsRuleSet", 11),
        managed("AWSManagedRulesSQLiRuleSet", 12),
    );
    return rules;
}

export interface EdgeWebAclArgs {
    readonly environment: EnvironmentConfig;
    readonly waf: GlobalConfig["waf"];
}

export interface EdgeWebAcl {
    readonly webAcl: aws.wafv2.WebAcl;
    /** Absent when `waf.logging` is off. */
    readonly logGroup?: aws.cloudwatch.LogGroup;
}

/**
 * A CLOUDFRONT-scope web ACL. AWS only accepts that scope in us-east-1, so `opts` must carry the
 * global-services provider, and its CloudWatch log group must sit in the same region. To keep
 * what reaches us-east-1 small, only requests the WAF blocked are logged (counted ones are
 * mostly legitimate large prompts), with credentials (Authorization, Cookie) redacted; what
 * remains is security telemetry about refused clients, their IP addresses included. Stacks that
 * may not keep even that outside their zones set `waf.logging: false` and rely on the metrics.
 */
export function createEdgeWebAcl(name: string, args: EdgeWebAclArgs, opts: pulumi.CustomResourceOptions): EdgeWebAcl {
    const aclName = `${args.environment.name}-edge`;
    const webAcl = new aws.wafv2.WebAcl(name, {
        name: aclName,
        description: `Edge protection for the ${args.environment.name} AI platform (CloudFront)`,
        scope: "CLOUDFRONT",
        defaultAction: { allow: {} },
        rules: webAclRules(args.waf, aclName),
        visibilityConfig: visibility(aclName),
        tags: { ...GLOBAL_LAYER_TAGS },
    }, opts);
    if (!args.waf.logging) return { webAcl };

    const key = createLogKey(`${name}-logs-key`, {
        environment: args.environment,
        description: `${args.environment.name}: WAF logs of the CloudFront web ACL`,
        policy: (accountId) => logGroupKeyPolicy(accountId, GLOBAL_SERVICES_REGION),
        tags: GLOBAL_LAYER_TAGS,
    }, opts);
    const logGroup = new aws.cloudwatch.LogGroup(`${name}-logs`, {
        // AWS WAF only logs to destinations whose name starts with aws-waf-logs-.
        name: `aws-waf-logs-${aclName}`,
        retentionInDays: args.environment.logRetentionDays,
        kmsKeyId: key.arn,
        tags: { ...GLOBAL_LAYER_TAGS },
    }, opts);

    new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
        resourceArn: webAcl.arn,
        logDestinationConfigs: [logGroup.arn],
        redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        loggingFilter: {
            defaultBehavior: "DROP",
            filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }],
        },
    }, { ...opts, parent: webAcl });

    return { webAcl, logGroup };
}
