import { GLOBAL_SERVICES_REGION, T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy } from "./lib/define";
import { decodeJson, isRecord, list, num, record, shown, str } from "./lib/props";

/** The edge: CloudFront behind a WAF web ACL, and that ACL doing its job. */

export const cloudFrontWafAttached = resourcePolicy<Record<string, never>>({
    name: "cloudfront-waf-attached",
    description: "Every CloudFront distribution has a WAF web ACL (webAclId), and CLOUDFRONT-scope web ACLs are created in us-east-1, where AWS requires them.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: { properties: {} },
    remediationSteps: "Create a wafv2.WebAcl with scope CLOUDFRONT through the us-east-1 provider and pass its ARN as webAclId.",
    types: [T.cloudfrontDistribution, T.wafWebAcl],
    check: (r, _cfg, report, notApplicable) => {
        if (r.type === T.cloudfrontDistribution) {
            if (str(r.props.webAclId) === undefined) report(`${r.label}: webAclId is ${shown(r.props.webAclId)}; expected the ARN of a CLOUDFRONT-scope WAFv2 web ACL`);
            return;
        }
        if (r.props.scope !== "CLOUDFRONT") return notApplicable("a REGIONAL web ACL");
        const region = r.region().region;
        if (region !== GLOBAL_SERVICES_REGION) {
            report(`${r.label}: scope is CLOUDFRONT but its region is ${region ?? "undetermined"}; expected ${GLOBAL_SERVICES_REGION} (AWS accepts CLOUDFRONT-scope web ACLs only there)`);
        }
    },
});

interface WafRulesConfig {
    readonly requiredManagedRuleGroups: readonly string[];
    readonly maxRequestsPerIpPer5Minutes: number;
}

/** A web ACL rule in the shape the checks need, from `rules` (camelCase) or `ruleJson` (API PascalCase). */
interface RuleSummary {
    readonly name: string;
    readonly managedGroup?: { readonly vendor: string; readonly name: string };
    readonly rate?: { readonly limit?: number; readonly windowSec: number; readonly key?: string };
    readonly countsOnly: boolean;
}

function pick(o: Readonly<Record<string, unknown>> | undefined, camel: string): unknown {
    if (!o) return undefined;
    return o[camel] ?? o[camel.charAt(0).toUpperCase() + camel.slice(1)];
}

export function summarizeRules(rules: readonly unknown[]): RuleSummary[] {
    return rules.filter(isRecord).map((rule) => {
        const statement = record(pick(rule, "statement"));
        const managed = record(pick(statement, "managedRuleGroupStatement"));
        const rate = record(pick(statement, "rateBasedStatement"));
        const action = record(pick(rule, "action"));
        return {
            name: String(pick(rule, "name") ?? "?"),
            managedGroup: managed ? { vendor: String(pick(managed, "vendorName") ?? ""), name: String(pick(managed, "name") ?? "") } : undefined,
            rate: rate ? { limit: num(pick(rate, "limit")), windowSec: num(pick(rate, "evaluationWindowSec")) ?? 300, key: str(pick(rate, "aggregateKeyType")) } : undefined,
            countsOnly: action !== undefined && pick(action, "count") !== undefined,
        };
    });
}

export const wafWebAclRules = resourcePolicy<WafRulesConfig>({
    name: "waf-web-acl-rules",
    description: "Web ACLs carry the AWS managed rule groups listed in requiredManagedRuleGroups and a blocking per-IP rate-based rule no looser than maxRequestsPerIpPer5Minutes (seed: 2000 per 5 minutes).",
    enforcementLevel: "advisory",
    severity: "medium",
    configSchema: {
        properties: {
            requiredManagedRuleGroups: prop.strings("AWS managed rule groups every web ACL includes.", ["AWSManagedRulesCommonRuleSet"]),
            maxRequestsPerIpPer5Minutes: prop.integer("Loosest per-IP rate limit accepted, requests per 5 minutes.", 2000, 10),
        },
    },
    remediationSteps: "Add managedRuleGroupStatement rules (vendorName AWS) and a rateBasedStatement with aggregateKeyType IP and a block action.",
    types: [T.wafWebAcl],
    check: (r, cfg, report) => {
        const fromJson = decodeJson(r.props.ruleJson);
        const rules = summarizeRules(Array.isArray(fromJson) ? fromJson : list(r.props.rules));
        for (const group of cfg.requiredManagedRuleGroups) {
            if (!rules.some((x) => x.managedGroup?.vendor === "AWS" && x.managedGroup.name === group)) {
                report(`${r.label}: no rule uses the AWS managed rule group ${group}; expected a managedRuleGroupStatement { vendorName: "AWS", name: "${group}" }`);
            }
        }
        const rateRules = rules.filter((x) => x.rate !== undefined && (x.rate.key === "IP" || x.rate.key === "FORWARDED_IP"));
        if (rateRules.length === 0) {
            report(`${r.label}: no per-IP rate-based rule; expected a rateBasedStatement with aggregateKeyType "IP" and limit <= ${cfg.maxRequestsPerIpPer5Minutes} per 5 minutes`);
            return;
        }
        const effective = rateRules.filter((x) => !x.countsOnly && x.rate?.limit !== undefined
            && (x.rate.limit * 300) / x.rate.windowSec <= cfg.maxRequestsPerIpPer5Minutes);
        if (effective.length === 0) {
            const seen = rateRules.map((x) => `${x.name}: ${x.rate?.limit ?? "?"} per ${x.rate?.windowSec}s${x.countsOnly ? ", count only" : ""}`).join("; ");
            report(`${r.label}: per-IP rate rules (${seen}) do not block at <= ${cfg.maxRequestsPerIpPer5Minutes} requests per 5 minutes; expected a blocking rule at that limit or tighter`);
        }
    },
});
