import * as assert from "node:assert/strict";
import type { ChainStep } from "../../functions/contract";
import { endpointVerdict, profileGeography, residencyVerdict, type ResidencySettings } from "../../functions/failover/residency";
import { RESIDENCY_ZONE_REGIONS, zoneAllowsRegion } from "../../functions/residencyZones";
import { step } from "../support/bedrockFixtures";

describe("residency guard: a floor from the table in code, settings only narrow it", () => {
    const eu: ResidencySettings = { residency: "eu", allowedRegions: ["eu-central-1", "eu-west-1"] };
    const SONNET = "eu.anthropic.claude-3-7-sonnet-20250219-v1:0";
    const table: Array<[string, Partial<ChainStep> & { region: string }, ResidencySettings, boolean, RegExp?]> = [
        // description, step, settings, allowed, reason
        ["EU region, EU profile", { region: "eu-central-1", modelId: SONNET }, eu, true],
        ["EU region, plain model ID", { region: "eu-west-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0" }, eu, true],
        ["region code in capitals", { region: "EU-CENTRAL-1", modelId: SONNET }, eu, true],
        ["US region", { region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0" }, eu, false, /us-east-1 is outside the "eu" residency zone/],
        ["allowedRegions wrongly lists us-east-1: the floor still refuses it", { region: "us-east-1", modelId: "anthropic.claude-3-haiku-20240307-v1:0" }, { ...eu, allowedRegions: ["eu-central-1", "us-east-1"] }, false, /outside the "eu" residency zone/],
        ["London is not EU", { region: "eu-west-2", modelId: SONNET }, eu, false, /eu-west-2 is outside the "eu" residency zone/],
        ["an EU region the settings leave out (narrowing)", { region: "eu-west-3", modelId: SONNET }, eu, false, /eu-west-3 is not an allowed region for "eu" data/],
        ["unknown zone", { region: "eu-central-1", modelId: SONNET }, { ...eu, residency: "atlantis" }, false, /not a known residency zone/],
        ["EU region but a US profile", { region: "eu-central-1", modelId: "us.anthropic.claude-3-haiku-20240307-v1:0" }, eu, false, /"us" geography, outside "eu"/],
        ["US profile in capitals", { region: "eu-central-1", modelId: "US.anthropic.claude-3-haiku-20240307-v1:0" }, eu, false, /"us" geography/],
        ["EU region but a global profile", { region: "eu-central-1", modelId: "global.anthropic.claude-sonnet-4-20250514-v1:0" }, eu, false, /global inference profile/],
        ["GLOBAL profile in capitals", { region: "eu-central-1", modelId: "GLOBAL.anthropic.claude-sonnet-4-20250514-v1:0" }, eu, false, /global inference profile/],
        ["profile ARN with an apac profile", { region: "eu-central-1", modelId: "arn:aws:bedrock:eu-central-1:123456789012:inference-profile/apac.anthropic.claude-x" }, eu, false, /"apac" geography/],
        ["foundation-model ARN of a US region", { region: "eu-central-1", modelId: "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" }, eu, false, /names region us-east-1, not the step's region/],
        ["foundation-model ARN of the step's region", { region: "eu-central-1", modelId: "arn:aws:bedrock:EU-CENTRAL-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" }, eu, true],
        ["wildcard model", { region: "eu-central-1", modelId: "*" }, eu, false, /wildcard/],
        ["wildcard in an ARN", { region: "eu-central-1", modelId: "arn:aws:bedrock:*::foundation-model/anthropic.claude-3-haiku-20240307-v1:0" }, eu, false, /wildcard/],
        ["wildcard region", { region: "eu-*", modelId: SONNET }, eu, false, /wildcard/],
        ["endpoint of another region", { region: "eu-central-1", modelId: SONNET, endpointUrl: "https://bedrock-runtime.us-east-1.amazonaws.com" }, eu, false, /not a Bedrock runtime endpoint of eu-central-1/],
        ["endpoint elsewhere entirely", { region: "eu-central-1", modelId: SONNET, endpointUrl: "https://proxy.example.com" }, eu, false, /proxy\.example\.com is not a Bedrock runtime endpoint/],
        ["the region's own endpoint", { region: "eu-central-1", modelId: SONNET, endpointUrl: "https://bedrock-runtime.eu-central-1.amazonaws.com" }, eu, true],
        ["the region's VPC endpoint", { region: "eu-central-1", modelId: SONNET, endpointUrl: "https://vpce-0a1b2c3d4e5f-abcdefgh.bedrock-runtime.eu-central-1.vpce.amazonaws.com" }, eu, true],
        ["loopback without the test-only flag", { region: "eu-central-1", modelId: SONNET, endpointUrl: "http://127.0.0.1:8080" }, eu, false, /loopback address, allowed only in tests/],
        ["loopback with the test-only flag", { region: "eu-central-1", modelId: SONNET, endpointUrl: "http://127.0.0.1:8080" }, { ...eu, loopbackEndpointsForTests: true }, true],
    ];
    for (const [description, overrides, settings, allowed, reason] of table) {
        it(`${description}: ${allowed ? "called" : "refused"}`, () => {
            const verdict = residencyVerdict(step(undefined, { endpointUrl: undefined, ...overrides }), settings);
            assert.equal(verdict.allowed, allowed, verdict.allowed ? "allowed" : verdict.reason);
            if (!verdict.allowed && reason) assert.match(verdict.reason, reason);
        });
    }

    it("allows global profiles only when the settings say the zone may use them", () => {
        const global = step(undefined, { region: "eu-central-1", modelId: "global.anthropic.claude-sonnet-4-20250514-v1:0", endpointUrl: undefined });
        assert.equal(residencyVerdict(global, { ...eu, allowGlobalInferenceProfiles: true }).allowed, true);
    });

    it("reads the geography of IDs, profiles and ARNs, case-insensitively", () => {
        assert.equal(profileGeography("anthropic.claude-v2"), undefined);
        assert.equal(profileGeography("eu.meta.llama3-2-3b-instruct-v1:0"), "eu");
        assert.equal(profileGeography("Eu.meta.llama3-2-3b-instruct-v1:0"), "eu");
        assert.equal(profileGeography("constructor.x.y"), undefined);
    });

    it("endpoint check: https only outside loopback", () => {
        assert.match(endpointVerdict("http://bedrock-runtime.eu-central-1.amazonaws.com", "eu-central-1", false) ?? "", /not https/);
    });

    it("the table: EU is the six member-state regions; London and Zurich are zones of their own; no region in two zones", () => {
        assert.deepEqual([...RESIDENCY_ZONE_REGIONS.eu].sort(), ["eu-central-1", "eu-north-1", "eu-south-1", "eu-south-2", "eu-west-1", "eu-west-3"]);
        assert.ok(!zoneAllowsRegion("eu", "eu-west-2") && !zoneAllowsRegion("eu", "eu-central-2"));
        const all = Object.values(RESIDENCY_ZONE_REGIONS).flat();
        assert.equal(new Set(all).size, all.length);
    });
});
