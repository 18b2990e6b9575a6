import * as assert from "node:assert/strict";
import { POLICIES } from "../../policy-pack/policies";
import { platformConfig } from "../support/configs";
import { planJsonFor } from "../support/planCli";

/**
 * The whole program, run under mocks by the offline plan for each committed stack, with every
 * policy of the pack evaluated on every resource it registered (and the stack's committed policy
 * config): no mandatory violation, and every policy really looked at something it applies to.
 */

for (const stack of ["dev", "prod"] as const) {
    describe(`policy pack on the whole ${stack} program`, function () {
        this.timeout(240_000);

        it("evaluates every policy of the pack, none disabled", () => {
            const plan = planJsonFor(stack);
            assert.deepEqual(plan.policy.policies.map((p) => p.policy), POLICIES.map((p) => p.name));
            assert.deepEqual(plan.policy.policies.filter((p) => p.status === "disabled").map((p) => p.policy), []);
        });

        it("has zero mandatory violations", () => {
            const plan = planJsonFor(stack);
            const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
            assert.deepEqual(mandatory.map((v) => `${v.policy} on ${v.resourceName} (${v.resourceType}): ${v.message}`), []);
        });

        it("applies the residency and data-store policies to the resources that hold data", () => {
            const plan = planJsonFor(stack);
            const checked = (name: string) => plan.policy.policies.find((p) => p.policy === name)?.checked ?? 0;
            const count = (type: string) => plan.resources.filter((r) => r.type === type).length;
            const regions = platformConfig(stack).regions.length;
            assert.equal(count("aws:rds/instance:Instance"), regions);
            assert.ok(checked("no-public-databases") >= regions, `no-public-databases checked ${checked("no-public-databases")}`);
            assert.ok(checked("residency-replicas-in-zone") >= count("aws:dynamodb/table:Table"), "every global table's replicas are checked");
            assert.ok(checked("residency-bedrock-in-zone") >= count("aws:lambda/function:Function") / 2, "the failover Lambdas' chains are checked");
            assert.ok(checked("residency-region-allowed") > plan.resources.length / 3, `residency-region-allowed checked only ${checked("residency-region-allowed")}`);
            assert.equal(checked("lambda-supported-runtime"), count("aws:lambda/function:Function"));
            const production = platformConfig(stack).environment.production;
            assert.equal(plan.policy.policies.find((p) => p.policy === "prod-backups")?.status, production ? "pass" : "not-applicable");
        });
    });
}
