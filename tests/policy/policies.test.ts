import * as assert from "node:assert/strict";
import { POLICIES } from "../../policy-pack/policies";
import { BASELINE } from "./cases/baseline";
import { BEDROCK } from "./cases/bedrock";
import { IDENTITIES } from "./cases/identities";
import { PARITY } from "./cases/parity";
import { GLOBAL_SERVICES, LINKED_REPLICAS, REGION_ALLOWED, REPLICAS } from "./cases/residency";
import type { PolicyCases } from "./cases/types";
import { runPolicy } from "./fixtures";
import { TRAFFIC } from "./cases/traffic";

/**
 * Every policy against its table of fake resources, through the offline evaluator: each case
 * lists the violations it expects (by message fragment, in order), none for a passing case.
 */

const ALL: readonly PolicyCases[] = [REGION_ALLOWED, REPLICAS, LINKED_REPLICAS, BEDROCK, IDENTITIES, GLOBAL_SERVICES, TRAFFIC, ...BASELINE, ...PARITY];

for (const { policy, cases } of ALL) {
    describe(`policy ${policy.name}`, () => {
        for (const c of cases) {
            it(`${c.expect.length === 0 ? "passes" : "flags"}: ${c.name}`, () => {
                const { messages } = runPolicy(policy, c.resources, c.config, c.stack ? { stack: c.stack } : {});
                assert.equal(messages.length, c.expect.length, `expected ${c.expect.length} violation(s), got:\n${messages.join("\n") || "(none)"}`);
                c.expect.forEach((fragment, i) => assert.ok(messages[i].includes(fragment), `violation ${i}:\n  ${messages[i]}\ndoes not contain:\n  ${fragment}`));
            });
        }
    });
}

describe("policy case coverage", () => {
    it("every policy of the pack has at least one passing and one violating case", () => {
        for (const policy of POLICIES) {
            const cases = ALL.filter((t) => t.policy.name === policy.name).flatMap((t) => t.cases);
            assert.ok(cases.length > 0, `no cases for ${policy.name}`);
            assert.ok(cases.some((c) => c.expect.length === 0), `${policy.name} has no passing case`);
            assert.ok(cases.some((c) => c.expect.length > 0), `${policy.name} has no violating case`);
        }
    });
});
