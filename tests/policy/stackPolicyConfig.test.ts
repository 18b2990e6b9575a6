import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { packInitialConfig, stackPolicyConfigPath, POLICY_CONFIG_DIR, readPolicyConfigFile } from "../../plan/policy";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../../policy-pack/policies";
import { reconcilePolicyConfig } from "../../policy-pack/policyConfig";
import { policyReference, withReference } from "../../policy-pack/reference";
import { initialConfigFrom, settingsFromStackConfig } from "../../policy-pack/stackConfig";
import { platformConfig, REPO_ROOT, stackConfig } from "../support/configs";

/**
 * The pack reads each stack's zones and environment from the stack config (Pulumi CLI 3.198+
 * hands it over), so the committed `--policy-pack-config` files carry only genuine policy
 * settings, never a copy of Pulumi.<stack>.yaml; and the Pulumi CLI must accept them.
 */

const committed = fs.readdirSync(POLICY_CONFIG_DIR).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));

describe("stack settings read from the stack config (policy-pack/stackConfig.ts)", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack}: the zone of every region and production, as the program's validated config says`, () => {
            const platform = platformConfig(stack);
            const settings = settingsFromStackConfig(stackConfig(stack), "ai-platform");
            assert.deepEqual(settings, { production: platform.environment.production, regionZones: Object.fromEntries(platform.regions.map((r) => [r.code, r.residency])) });
            const initial = initialConfigFrom(POLICIES, settings);
            assert.deepEqual(initial["residency-region-allowed"], { regionZones: settings.regionZones });
            assert.deepEqual(initial["prod-backups"], { production: platform.environment.production });
            assert.equal(initial["encryption-at-rest"], undefined, "only policies whose schema has the key get it");
        });
    }

    it("a stack config without the keys, or with malformed values, yields no settings", () => {
        assert.deepEqual(settingsFromStackConfig({ "aws:region": "eu-west-1" }, "ai-platform"), {});
        assert.deepEqual(settingsFromStackConfig({ "ai-platform:regions": "{not json", "ai-platform:environment": "[]" }, "ai-platform"), {});
        assert.deepEqual(settingsFromStackConfig({ "other:regions": JSON.stringify({ "eu-west-1": { residency: "eu" } }) }, "other"), { regionZones: { "eu-west-1": "eu" } });
    });

    it("the plan evaluates with the same initial config the pack gives itself", () => {
        assert.deepEqual(packInitialConfig(stackConfig("prod")), initialConfigFrom(POLICIES, settingsFromStackConfig(stackConfig("prod"), "ai-platform")));
    });
});

describe("committed policy config files (policy-pack/config/<stack>.json)", () => {
    it("exist for every committed stack, and only for those", () => {
        const stacks = fs.readdirSync(REPO_ROOT).map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
        assert.deepEqual([...committed].sort(), stacks);
    });

    for (const stack of committed) {
        it(`${stack}: duplicates nothing the stack config says (no regionZones, no production)`, () => {
            const file = readPolicyConfigFile(stackPolicyConfigPath(stack));
            const duplicated = Object.entries(file).filter(([, e]) => typeof e === "object" && ("regionZones" in e || "production" in e)).map(([p]) => p);
            assert.deepEqual(duplicated, []);
        });

        it(`${stack}: is valid for the pack's schemas, naming only its policies and keys`, () => {
            const { warnings } = reconcilePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, [readPolicyConfigFile(stackPolicyConfigPath(stack))]);
            assert.deepEqual(warnings, []);
        });
    }

    it("prod relaxes nothing: its file is empty", () => {
        assert.deepEqual(readPolicyConfigFile(stackPolicyConfigPath("prod")), {});
    });
});

describe("policy-pack/README.md", () => {
    it("has the policy reference generated from the pack (run `npx ts-node --transpile-only policy-pack/reference.ts --write` if stale)", () => {
        const readme = fs.readFileSync(path.join(REPO_ROOT, "policy-pack", "README.md"), "utf8");
        assert.equal(readme, withReference(readme), "the generated section is stale");
        for (const p of POLICIES) assert.ok(readme.includes(`\`${p.name}\``), `${p.name} is not in the README`);
        assert.ok(policyReference().includes("residency-region-allowed"));
    });
});
