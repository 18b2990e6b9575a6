import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { stackPolicyConfigPath, POLICY_CONFIG_DIR, readPolicyConfigFile, stackSettingsFor } from "../../plan/policy";
import { stackConfigLayer } from "../../policy-pack/offline";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "../../policy-pack/policies";
import { reconcilePolicyConfig } from "../../policy-pack/policyConfig";
import { policyReference, withReference } from "../../policy-pack/reference";
import { platformConfig, REPO_ROOT, stackConfig } from "../support/configs";

/**
 * The committed `--policy-config` files are what the Pulumi CLI runs the pack with, so they must
 * carry the stack settings the plan derives from Pulumi.<stack>.yaml (the CLI cannot derive them),
 * and the Pulumi CLI must accept them. The README's policy table is generated from the pack.
 */

const committed = fs.readdirSync(POLICY_CONFIG_DIR).filter((f) => f.endsWith(".json")).map((f) => f.replace(/\.json$/, ""));

describe("committed policy config files (policy-pack/config/<stack>.json)", () => {
    it("exist for every committed stack, and only for those", () => {
        const stacks = fs.readdirSync(REPO_ROOT).map((f) => /^Pulumi\.([^.]+)\.yaml$/.exec(f)?.[1]).filter((s): s is string => s !== undefined).sort();
        assert.deepEqual([...committed].sort(), stacks);
    });

    for (const stack of committed) {
        it(`${stack}: carries the stack settings derived from Pulumi.${stack}.yaml`, () => {
            const file = readPolicyConfigFile(stackPolicyConfigPath(stack));
            const derived = stackConfigLayer(POLICIES, stackSettingsFor(stack, stackConfig(stack), platformConfig(stack)));
            const missing: Record<string, Record<string, unknown>> = {};
            for (const [policy, settings] of Object.entries(derived)) {
                const entry = file[policy];
                for (const [key, value] of Object.entries(settings as Record<string, unknown>)) {
                    const given = typeof entry === "object" ? (entry as Record<string, unknown>)[key] : undefined;
                    if (JSON.stringify(given) !== JSON.stringify(value)) (missing[policy] ??= {})[key] = value;
                }
            }
            assert.deepEqual(missing, {}, `policy-pack/config/${stack}.json disagrees with Pulumi.${stack}.yaml; set these entries:\n${JSON.stringify(missing, null, 2)}`);
        });

        it(`${stack}: is valid for the pack's schemas, naming only its policies and keys`, () => {
            const { warnings } = reconcilePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, [readPolicyConfigFile(stackPolicyConfigPath(stack))]);
            assert.deepEqual(warnings, []);
        });
    }

    it("prod relaxes nothing: every entry is a stack setting", () => {
        const file = readPolicyConfigFile(stackPolicyConfigPath("prod"));
        const derived = stackConfigLayer(POLICIES, stackSettingsFor("prod", stackConfig("prod"), platformConfig("prod")));
        assert.deepEqual(file, derived);
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
