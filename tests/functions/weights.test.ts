import * as assert from "node:assert/strict";
import { allZero, routingWeights } from "../../functions/health/weights";

const regions = [
    { region: "eu-central-1", weight: 70 },
    { region: "eu-west-1", weight: 30 },
    { region: "eu-west-3", weight: 0 },
];

describe("routing weights", () => {
    const table: Array<[string, string[], Record<string, number>, boolean]> = [
        // description, regions out, weights, failOpen
        ["all healthy: configured weights", [], { "eu-central-1": 70, "eu-west-1": 30, "eu-west-3": 0 }, false],
        ["primary out: zero for it, the rest keep theirs", ["eu-central-1"], { "eu-central-1": 0, "eu-west-1": 30, "eu-west-3": 0 }, false],
        ["only the standby left: it gets all traffic", ["eu-central-1", "eu-west-1"], { "eu-central-1": 0, "eu-west-1": 0, "eu-west-3": 100 }, false],
        ["everything out: fail open, configured weights", ["eu-central-1", "eu-west-1", "eu-west-3"], { "eu-central-1": 70, "eu-west-1": 30, "eu-west-3": 0 }, true],
    ];
    for (const [description, out, weights, failOpen] of table) {
        it(description, () => {
            const decision = routingWeights(regions, (r) => out.includes(r));
            assert.deepEqual(decision.weights, weights);
            assert.equal(decision.failOpen, failOpen);
            assert.equal(allZero(decision.weights), false, "never every region at zero");
        });
    }

    it("says so when it fails open", () => {
        assert.match(routingWeights(regions, () => true).note ?? "", /every region .* is out: failing open/);
    });

    it("shares equally among several standbys", () => {
        const standbys = [{ region: "a", weight: 100 }, { region: "b", weight: 0 }, { region: "c", weight: 0 }, { region: "d", weight: 0 }];
        assert.deepEqual(routingWeights(standbys, (r) => r === "a").weights, { a: 0, b: 34, c: 33, d: 33 });
    });
});
