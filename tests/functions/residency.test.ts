import * as assert from "node:assert/strict";
import { profileGeography, residencyVerdict } from "../../functions/failover/residency";
import { step } from "../support/bedrockFixtures";

describe("residency guard", () => {
    const eu = { residency: "eu", allowedRegions: ["eu-central-1", "eu-west-1"] };
    const table: Array<[string, string, string, boolean, RegExp?]> = [
        // description, region, modelId, allowed, reason
        ["EU region, EU profile", "eu-central-1", "eu.anthropic.claude-3-7-sonnet-20250219-v1:0", true],
        ["EU region, plain model ID", "eu-west-1", "anthropic.claude-3-haiku-20240307-v1:0", true],
        ["US region", "us-east-1", "anthropic.claude-3-haiku-20240307-v1:0", false, /us-east-1 is not an allowed region for "eu" data/],
        ["London is not EU", "eu-west-2", "eu.anthropic.claude-3-haiku-20240307-v1:0", false, /eu-west-2 is not an allowed region/],
        ["EU region but a US profile", "eu-central-1", "us.anthropic.claude-3-haiku-20240307-v1:0", false, /"us" geography, outside "eu"/],
        ["EU region but a global profile", "eu-central-1", "global.anthropic.claude-sonnet-4-20250514-v1:0", false, /global inference profile/],
        ["profile ARN", "eu-central-1", "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/apac.anthropic.claude-x", false, /"apac" geography/],
    ];
    for (const [description, region, modelId, allowed, reason] of table) {
        it(`${description}: ${allowed ? "called" : "refused"}`, () => {
            const verdict = residencyVerdict(step(undefined, { region, modelId }), eu);
            assert.equal(verdict.allowed, allowed);
            if (!verdict.allowed && reason) assert.match(verdict.reason, reason);
        });
    }

    it("allows global profiles only when the settings say the zone may use them", () => {
        const global = step(undefined, { region: "eu-central-1", modelId: "global.anthropic.claude-sonnet-4-20250514-v1:0" });
        assert.equal(residencyVerdict(global, { ...eu, allowGlobalInferenceProfiles: true }).allowed, true);
    });

    it("reads the geography of IDs, profiles and ARNs", () => {
        assert.equal(profileGeography("anthropic.claude-v2"), undefined);
        assert.equal(profileGeography("eu.meta.llama3-2-3b-instruct-v1:0"), "eu");
        assert.equal(profileGeography("constructor.x.y"), undefined);
    });
});
