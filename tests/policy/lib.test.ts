import * as assert from "node:assert/strict";
import { DEFAULT_PROFILE_PREFIX_ZONES, modelIdIssue, type BedrockConfig } from "../../policy-pack/policies/bedrock";
import { arnRegion, parseArn } from "../../policy-pack/policies/lib/arn";
import { schemaDefaults } from "../../policy-pack/policies/lib/config";
import { ENVIRONMENT_CONFIG_PROPERTIES, environmentOf, type EnvironmentConfig } from "../../policy-pack/policies/lib/environment";
import { effectiveRegion, providerDefaultTags, viewOf } from "../../policy-pack/policies/lib/resource";
import { holdsPersonalData, RESIDENCY_CONFIG_PROPERTIES, zoneOf, type ResidencyConfig } from "../../policy-pack/policies/lib/zones";

/** The pure decisions under the policies, table by table. */

const residency = (over: Partial<ResidencyConfig> = {}): ResidencyConfig => ({ ...(schemaDefaults({ properties: RESIDENCY_CONFIG_PROPERTIES }) as unknown as ResidencyConfig), ...over });
const bedrock: BedrockConfig = { ...residency(), profilePrefixZones: DEFAULT_PROFILE_PREFIX_ZONES, settingsEnvironmentVariables: [] };
const provider = (props: Record<string, unknown>, type = "pulumi:providers:aws") => ({ type, name: "p", urn: "urn:p", props });
const view = (tags: Record<string, string>, providerTags: Record<string, string> = {}, region = "eu-central-1") =>
    viewOf({ type: "aws:s3/bucket:Bucket", name: "b", urn: "urn:b", props: { tags }, opts: { protect: false, ignoreChanges: [], aliases: [], customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 }, additionalSecretOutputs: [] }, provider: provider({ region, defaultTags: JSON.stringify({ tags: providerTags }) }) });

describe("ARNs", () => {
    const TABLE: ReadonlyArray<readonly [string, string | undefined]> = [
        ["arn:aws:dynamodb:eu-central-1:123456789012:table/t", "eu-central-1"],
        ["arn:aws:bedrock:eu-west-1::foundation-model/anthropic.claude-3:0", "eu-west-1"],
        ["arn:aws:s3:::bucket", undefined],
        ["arn:aws:iam::123456789012:role/r", undefined],
        ["not-an-arn", undefined],
    ];
    for (const [arn, region] of TABLE) it(`${arn} -> ${region ?? "no region"}`, () => assert.equal(arnRegion(arn), region));
    it("keeps colons in the resource part", () => assert.equal(parseArn("arn:aws:rds:eu-central-1:1:db:main")?.resource, "db:main"));
});

describe("effective region and provider tags", () => {
    it("own region input wins over the provider's", () => assert.deepEqual(effectiveRegion({ region: "eu-west-1" }, provider({ region: "us-east-1" })), { region: "eu-west-1", source: "resource" }));
    it("else the provider's region", () => assert.deepEqual(effectiveRegion({}, provider({ region: "us-east-1" })), { region: "us-east-1", source: "provider" }));
    it("only an AWS provider's region counts", () => assert.deepEqual(effectiveRegion({}, provider({ region: "us-east-1" }, "pulumi:providers:eks")), { source: "none" }));
    it("reads defaultTags JSON-encoded (as the engine sends it) or as an object", () => {
        assert.deepEqual(providerDefaultTags(provider({ defaultTags: '{"tags":{"A":"1"}}' })), { A: "1" });
        assert.deepEqual(providerDefaultTags(provider({ defaultTags: { tags: { A: "1" } } })), { A: "1" });
        assert.deepEqual(providerDefaultTags(provider({ defaultTags: "{broken" })), {});
    });
});

describe("zones", () => {
    const TABLE: ReadonlyArray<readonly [string, ReturnType<typeof view>, Partial<ResidencyConfig>, string]> = [
        ["own tag wins over provider default", view({ DataResidency: "US" }, { DataResidency: "eu" }), {}, "zone:us:tag DataResidency"],
        ["provider default tag", view({}, { DataResidency: "eu" }), {}, "zone:eu:provider default tag DataResidency"],
        ["stack's regionZones", view({}), { regionZones: { "eu-central-1": "eu" } }, 'zone:eu:regionZones["eu-central-1"]'],
        ["defaultZone last", view({}), { defaultZone: "eu" }, "zone:eu:defaultZone"],
        ["nothing says", view({}), {}, "undetermined"],
        ["declared global", view({ DataResidency: "global" }), {}, "no-zone"],
    ];
    for (const [name, v, cfg, expected] of TABLE) {
        it(name, () => {
            const z = zoneOf(v, residency(cfg), "eu-central-1");
            assert.equal(z.kind === "zone" ? `zone:${z.zone}:${z.source}` : z.kind, expected);
        });
    }
    it("personal data by classification, unclassified per config", () => {
        assert.equal(holdsPersonalData(view({ DataClassification: "Personal" }), residency()), true);
        assert.equal(holdsPersonalData(view({ DataClassification: "internal" }), residency()), false);
        assert.equal(holdsPersonalData(view({}), residency()), true);
        assert.equal(holdsPersonalData(view({}), residency({ unclassifiedIsPersonal: false })), false);
    });
});

describe("Bedrock model IDs for zone eu", () => {
    const TABLE: ReadonlyArray<readonly [string, string | undefined]> = [
        ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0", undefined],
        ["anthropic.claude-3-haiku-20240307-v1:0", undefined],
        ["amazon.titan-text-express-v1", undefined],
        ["us.anthropic.claude-sonnet-4-5-20250929-v1:0", '"us" geography'],
        ["apac.anthropic.claude-3-haiku-20240307-v1:0", '"apac" geography'],
        ["jp.anthropic.claude-3-haiku", "zone \"apac\""],
        ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global inference profile"],
        ["arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude", undefined],
        ["arn:aws:bedrock:us-west-2::foundation-model/anthropic.claude", "us-west-2 is not allowed"],
        ["arn:aws:bedrock:eu-central-1:1:inference-profile/global.anthropic.claude", "global inference profile"],
        ["arn:aws:bedrock:*::foundation-model/anthropic.claude", "names no single region"],
    ];
    for (const [id, issue] of TABLE) {
        it(`${id}: ${issue ?? "stays in the EU"}`, () => {
            const got = modelIdIssue(id, "eu", bedrock);
            if (issue === undefined) assert.equal(got, undefined);
            else assert.ok(got?.includes(issue), got);
        });
    }
});

describe("production decision", () => {
    const cfg = (over: Partial<EnvironmentConfig> = {}): EnvironmentConfig => ({ ...(schemaDefaults({ properties: ENVIRONMENT_CONFIG_PROPERTIES }) as unknown as EnvironmentConfig), ...over });
    it("Environment tag in productionEnvironments", () => assert.equal(environmentOf(view({}, { Environment: "prod" }), cfg()).production, true));
    it("other environments are not production", () => assert.equal(environmentOf(view({ Environment: "dev" }), cfg()).production, false));
    it("the stack setting overrides the tag", () => assert.equal(environmentOf(view({ Environment: "prod" }), cfg({ production: false })).production, false));
    it("a stack tag when the resource has none", () => {
        const v = { ...view({}), stackTags: new Map([["Environment", "production"]]) };
        assert.equal(environmentOf(v, cfg()).production, true);
    });
});
