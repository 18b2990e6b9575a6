import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, GlobalConfig } from "../../config";
import { GLOBAL_LAYER_TAGS } from "./globalTags";

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
    /**
     * ARN of the `aws-waf-logs-` bucket in the stack's edge log region (the zone of its personal
     * data); required when `waf.logging` is on.
     */
    readonly logBucketArn?: pulumi.Input<string>;
}

export interface EdgeWebAcl {
    readonly webAcl: aws.wafv2.WebAcl;
    /** Whether WAF logs are delivered (to the bucket given). */
    readonly logging: boolean;
}

/**
 * A CLOUDFRONT-scope web ACL. AWS only accepts that scope in us-east-1, so `opts` must carry the
 * global-services provider. Its logs hold client IP addresses, so they do not go to a CloudWatch
 * log group (which for a CloudFront web ACL AWS requires in us-east-1) but to an S3 bucket whose
 * name starts with `aws-waf-logs-` ("Sending web ACL traffic logs to an Amazon S3 bucket", AWS WAF
 * Developer Guide; S3 destinations carry no us-east-1 requirement), created by the GlobalLayer in
 * the edge log region: an EU region for any stack holding EU personal data (config validation).
 * Only requests the WAF blocked are logged, with credentials (Authorization, Cookie) redacted.
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
    if (!args.waf.logging) return { webAcl, logging: false };
    if (args.logBucketArn === undefined) throw new Error("WAF logging is on but no aws-waf-logs- bucket was given");

    new aws.wafv2.WebAclLoggingConfiguration(`${name}-logging`, {
        resourceArn: webAcl.arn,
        logDestinationConfigs: [args.logBucketArn],
        redactedFields: [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }],
        loggingFilter: {
            defaultBehavior: "DROP",
            filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }],
        },
    }, { ...opts, parent: webAcl });

    return { webAcl, logging: true };
}
