import { bedrockInZone } from "../../../policy-pack/policies/bedrock";
import { T } from "../../../policy-pack/policies/lib/awsTypes";
import { PROVIDERS as P, res } from "../fixtures";
import type { PolicyCases } from "./types";

const EU = ["eu-central-1", "eu-west-1"];
const SONNET_EU = "eu.anthropic.claude-sonnet-4-5-20250929-v1:0";

/** A failover Lambda whose BEDROCK_FAILOVER_SETTINGS follows functions/contract.ts. */
function failoverLambda(settings: Record<string, unknown> | string, provider = P.euCentral) {
    const value = typeof settings === "string" ? settings : JSON.stringify({ hedgeDelayMs: 1500, overallDeadlineMs: 20000, ...settings });
    return res(T.lambdaFunction, { runtime: "nodejs22.x", role: "arn:aws:iam::123456789012:role/f", environment: { variables: { BEDROCK_FAILOVER_SETTINGS: value } } }, { provider });
}

const step = (region: string, modelId: string) => ({ region, modelId, api: "converse", timeoutMs: 5000, breakerThreshold: 3, breakerCooldownMs: 30000 });

export const BEDROCK: PolicyCases = {
    policy: bedrockInZone,
    cases: [
        { name: "EU chain: eu. profiles and a regional model in EU regions", resources: failoverLambda({ residency: "eu", allowedRegions: EU, chain: [step("eu-central-1", SONNET_EU), step("eu-west-1", "amazon.titan-text-express-v1")] }), expect: [] },
        { name: "EU chain using a us. profile", resources: failoverLambda({ residency: "eu", allowedRegions: EU, chain: [step("eu-central-1", "us.anthropic.claude-haiku-4-5-20251001-v1:0")] }), expect: ['routes inference within the "us" geography'] },
        { name: "EU chain using a global. profile", resources: failoverLambda({ residency: "eu", allowedRegions: EU, chain: [step("eu-central-1", "global.anthropic.claude-sonnet-4-5-20250929-v1:0")] }), expect: ["is a global inference profile"] },
        { name: "EU chain failing over to us-east-1", resources: failoverLambda({ residency: "eu", allowedRegions: EU, chain: [step("eu-central-1", SONNET_EU), step("us-east-1", "anthropic.claude-3-haiku-20240307-v1:0")] }), expect: ["chain[1] calls Bedrock in us-east-1"] },
        { name: "runtime guard list wider than the zone", resources: failoverLambda({ residency: "eu", allowedRegions: [...EU, "us-east-1"], chain: [step("eu-central-1", SONNET_EU)] }), expect: ["allowedRegions includes us-east-1"] },
        { name: "chain region the runtime guard would refuse", resources: failoverLambda({ residency: "eu", allowedRegions: ["eu-central-1"], chain: [step("eu-central-1", SONNET_EU), step("eu-west-3", SONNET_EU)] }), expect: ["which allowedRegions (eu-central-1) does not include"] },
        { name: "settings that are not JSON", resources: failoverLambda("{not json"), expect: ["is not a JSON object"] },
        { name: "settings for an unknown zone", resources: failoverLambda({ residency: "mars", allowedRegions: EU, chain: [] }), expect: ['residency "mars" has no allowed regions'] },
        { name: "EU settings on a function of the US zone", resources: failoverLambda({ residency: "eu", allowedRegions: EU, chain: [step("eu-central-1", SONNET_EU)] }, P.usEast), expect: ['the function itself is in zone "us"'] },
        { name: "US chain with us. profiles", resources: failoverLambda({ residency: "us", allowedRegions: ["us-east-1", "us-west-2"], chain: [step("us-east-1", "us.anthropic.claude-sonnet-4-5-20250929-v1:0")] }, P.usEast), expect: [] },
        { name: "a Lambda without failover settings", resources: res(T.lambdaFunction, { runtime: "nodejs22.x", role: "r" }), expect: [] },
    ],
};
