import * as assert from "assert";
import { parsePlatformConfig } from "../../config";
import { MAX_DRILL_MINUTES, operationsIssues, operationsSchema } from "../../config/operations";
import { configIssuesOf, mutatedConfig, rawProjectConfig, type RawConfig } from "../support/configs";

describe("config: operations section", () => {
    describe("accepted", () => {
        it("the committed dev and prod stacks, with deployments and drills on and a budget per region", () => {
            for (const stack of ["dev", "prod"] as const) {
                assert.deepStrictEqual(configIssuesOf(rawProjectConfig(stack)), []);
                const ops = parsePlatformConfig(rawProjectConfig(stack)).operations;
                assert.strictEqual(ops.deployments.enabled, true);
                assert.strictEqual(ops.drills.enabled, true);
                const regions = Object.keys(rawProjectConfig(stack).regions as RawConfig).sort();
                assert.deepStrictEqual(Object.keys(ops.budgets).sort(), regions);
            }
        });

        it("an omitted section is safe: no deployment role, no fault injection, no budgets, default thresholds", () => {
            const ops = parsePlatformConfig(mutatedConfig("dev", (c) => { delete c.operations; })).operations;
            assert.deepStrictEqual(ops, {
                deployments: { enabled: false, sessionHours: 2 },
                drills: { enabled: false, durationMinutes: 10 },
                alerts: { bedrockServerErrorsPerMinute: 5, bedrockThrottlesPer15Minutes: 50, replicationLagWarningMs: 300000, replicationLagCriticalMs: 900000 },
                budgets: {},
            });
            assert.strictEqual(ops.pulumiOrg, undefined);
        });

        it("a partial section keeps the defaults of what it leaves out", () => {
            const ops = operationsSchema.parse({ drills: { enabled: true } });
            assert.deepStrictEqual(ops.drills, { enabled: true, durationMinutes: 10 });
            assert.strictEqual(ops.deployments.enabled, false);
        });

        it("an existing OIDC provider of the account may be named instead of creating a second one", () => {
            const arn = "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc";
            assert.deepStrictEqual(configIssuesOf(mutatedConfig("prod", (c) => { c.operations.deployments.oidcProviderArn = arn; })), []);
        });
    });

    describe("rejected, with the offending key", () => {
        const cases: Array<[string, (c: RawConfig) => void, string, RegExp]> = [
            ["a budget for a region the stack does not have", (c) => { c.operations.budgets["us-east-1"] = 100; }, "operations.budgets.us-east-1", /not a region in this stack.*eu-west-1/],
            ["a budget that is not a region code at all", (c) => { c.operations.budgets.frankfurt = 100; }, "operations.budgets.frankfurt", /not a region in this stack/],
            ["a zero budget", (c) => { c.operations.budgets["eu-west-1"] = 0; }, "operations.budgets.eu-west-1", /positive amount/],
            ["a drill longer than the bound", (c) => { c.operations.drills.durationMinutes = MAX_DRILL_MINUTES + 1; }, "operations.drills.durationMinutes", /at most 30 minutes/],
            ["a drill of zero minutes", (c) => { c.operations.drills.durationMinutes = 0; }, "operations.drills.durationMinutes", /from 1 to 30/],
            ["a fractional drill", (c) => { c.operations.drills.durationMinutes = 2.5; }, "operations.drills.durationMinutes", /integer/],
            ["deployments without a Pulumi org", (c) => { delete c.operations.pulumiOrg; }, "operations.pulumiOrg", /deployments\.enabled needs the Pulumi organization/],
            ["a wildcard org (it would widen the OIDC trust)", (c) => { c.operations.pulumiOrg = "example-*"; }, "operations.pulumiOrg", /no wildcards/],
            ["an org with a colon (it would shift the subject's fields)", (c) => { c.operations.pulumiOrg = "a:b"; }, "operations.pulumiOrg", /no wildcards/],
            ["a session longer than IAM allows", (c) => { c.operations.deployments.sessionHours = 13; }, "operations.deployments.sessionHours", /IAM's maximum/],
            ["an OIDC provider of another issuer", (c) => { c.operations.deployments.oidcProviderArn = "arn:aws:iam::123456789012:oidc-provider/token.actions.githubusercontent.com"; }, "operations.deployments.oidcProviderArn", /api\.pulumi\.com\/oidc/],
            ["a critical replication lag not above the warning", (c) => { c.operations.alerts = { replicationLagWarningMs: 600000, replicationLagCriticalMs: 600000 }; }, "operations.alerts.replicationLagCriticalMs", /more than replicationLagWarningMs \(600000\)/],
            ["a misspelt setting", (c) => { c.operations.drill = {}; }, "operations.drill", /unknown setting/],
        ];
        for (const [what, mutate, key, message] of cases) {
            it(what, () => {
                const issues = configIssuesOf(mutatedConfig("dev", mutate));
                const hit = issues.find((i) => i.key === key);
                assert.ok(hit, `expected an issue at ${key}, got ${JSON.stringify(issues)}`);
                assert.match(hit.message, message);
            });
        }
    });

    it("operationsIssues reports every problem at once", () => {
        const ops = operationsSchema.parse({ deployments: { enabled: true }, budgets: { "ap-south-1": 1, "sa-east-1": 2 } });
        const keys = operationsIssues(ops, {}).map((i) => i.key).sort();
        assert.deepStrictEqual(keys, ["operations.budgets.ap-south-1", "operations.budgets.sa-east-1", "operations.pulumiOrg"]);
    });
});
