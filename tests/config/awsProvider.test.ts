import * as assert from "assert";
import { providerArgsFor } from "../../components/providers";
import { awsStackSettingsFrom, validatedAwsStackSettings } from "../../components/stackSettings";
import { TAG } from "../../components/tags";
import { ConfigError } from "../../config";
import { platformConfig } from "../support/configs";

const env = platformConfig("dev").environment;
const issueOf = (f: () => unknown): { key: string; message: string }[] => {
    try {
        f();
    } catch (err) {
        if (err instanceof ConfigError) return [...err.issues];
        throw err;
    }
    return [];
};

describe("stack aws:* settings reach every explicit provider (issue 12, item 5)", () => {
    it("carries every provider setting the user sets, decoded, except region", () => {
        const s = awsStackSettingsFrom({
            "aws:region": "eu-west-1",
            "aws:profile": "platform",
            "aws:skipCredentialsValidation": "true",
            "aws:maxRetries": "7",
            "aws:allowedAccountIds": '["111111111111"]',
            "aws:assumeRoles": '[{"roleArn":"arn:aws:iam::111111111111:role/x"}]',
            "aws:ignoreTags": '{"keyPrefixes":["kubernetes.io/"]}',
            "ai-platform:environment": "{}",
        });
        assert.deepStrictEqual(s.providerArgs, {
            profile: "platform",
            skipCredentialsValidation: true,
            maxRetries: 7,
            allowedAccountIds: ["111111111111"],
            assumeRoles: [{ roleArn: "arn:aws:iam::111111111111:role/x" }],
            ignoreTags: { keyPrefixes: ["kubernetes.io/"] },
        });
    });

    it("merges aws:defaultTags under the program's tags on each provider", () => {
        const s = awsStackSettingsFrom({ "aws:defaultTags": '{"tags":{"CostCenter":"cc-42","Team":"ml"}}' });
        const args = providerArgsFor(s, "eu-west-1", { [TAG.project]: "ai-platform", [TAG.environment]: "dev" });
        assert.deepStrictEqual(args.defaultTags, { tags: { CostCenter: "cc-42", Team: "ml", Project: "ai-platform", Environment: "dev" } });
        assert.strictEqual(args.region, "eu-west-1");
    });

    const bad: Array<[string, Record<string, string>, string, RegExp]> = [
        ["a misspelt provider key", { "aws:defaulttags": "{}" }, "aws:defaulttags", /did you mean aws:defaultTags/],
        ["an unknown provider key", { "aws:regoin": "eu-west-1" }, "aws:regoin", /not an AWS provider setting/],
        ["aws:region that is not a region", { "aws:region": "eu-westt-1" }, "aws:region", /not an AWS region code/],
        ["aws:defaultTags without tags", { "aws:defaultTags": '{"Team":"ml"}' }, "aws:defaultTags", /expected \{ tags:/],
        ["a default tag the program sets", { "aws:defaultTags": '{"tags":{"Environment":"prod"}}' }, "aws:defaultTags.tags.Environment", /program sets the "Environment" tag/],
        ["an aws: default tag key", { "aws:defaultTags": '{"tags":{"aws:x":"1"}}' }, "aws:defaultTags.tags.aws:x", /reserved/],
        ["a default tag value over 256", { "aws:defaultTags": JSON.stringify({ tags: { T: "v".repeat(257) } }) }, "aws:defaultTags.tags.T", /256/],
    ];
    for (const [what, all, key, says] of bad) {
        it(`refuses ${what}, naming ${key}`, () => {
            const issues = issueOf(() => awsStackSettingsFrom(all));
            assert.ok(issues.some((i) => i.key === key && says.test(i.message)), JSON.stringify(issues));
        });
    }

    it("refuses more tags than leave room for the program's, across environment.tags and aws:defaultTags", () => {
        const tags = Object.fromEntries(Array.from({ length: 35 }, (_, i) => [`d${i}`, "x"]));
        const envWith = { ...env, tags: Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`e${i}`, "x"])) };
        const issues = issueOf(() => validatedAwsStackSettings(envWith, { "aws:defaultTags": JSON.stringify({ tags }) }));
        assert.ok(issues.some((i) => i.key === "environment.tags + aws:defaultTags.tags" && /45 tags/.test(i.message)), JSON.stringify(issues));
    });
});
