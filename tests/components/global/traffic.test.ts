import * as assert from "assert";
import { acceleratorDials, route53Weights, trafficPlan, type TrafficInput } from "../../../components/global/traffic";
import { platformConfig } from "../../support/configs";

const eu = (code: string, weight: number): TrafficInput => ({ code, residency: "eu", weight });
const us = (code: string, weight: number): TrafficInput => ({ code, residency: "us", weight });

/** The committed prod map: EU 50/20, US 20/10. */
const prod = [eu("eu-central-1", 50), eu("eu-west-1", 20), us("us-east-1", 20), us("us-west-2", 10)];

/** Regions whose value differs between two result maps. */
function changed(before: Record<string, number>, after: Record<string, number>): string[] {
    return Object.keys({ ...before, ...after }).filter((k) => before[k] !== after[k]).sort();
}

describe("global traffic: accelerator dials", () => {
    const cases: Array<{ name: string; regions: TrafficInput[]; dials: Record<string, number> }> = [
        { name: "prod map: each zone's heaviest region keeps all, the rest relative to it", regions: prod, dials: { "eu-central-1": 100, "eu-west-1": 40, "us-east-1": 100, "us-west-2": 50 } },
        { name: "dev map 90/10 rounds 11.1 to 11", regions: [eu("eu-west-1", 90), eu("eu-north-1", 10)], dials: { "eu-west-1": 100, "eu-north-1": 11 } },
        { name: "a drained region gets exactly 0", regions: [eu("eu-central-1", 70), eu("eu-west-1", 0), us("us-east-1", 30)], dials: { "eu-central-1": 100, "eu-west-1": 0, "us-east-1": 100 } },
        { name: "draining the primary makes the zone's last region keep everything", regions: [eu("eu-central-1", 0), eu("eu-west-1", 70), us("us-east-1", 30)], dials: { "eu-central-1": 0, "eu-west-1": 100, "us-east-1": 100 } },
        { name: "a zone's only region keeps everything whatever its weight", regions: [eu("eu-central-1", 95), us("us-east-1", 5)], dials: { "eu-central-1": 100, "us-east-1": 100 } },
        { name: "rounding 33/67 to 49/100", regions: [eu("eu-west-1", 33), eu("eu-north-1", 67)], dials: { "eu-west-1": 49, "eu-north-1": 100 } },
        { name: "rounding 1/99 keeps the small region at 1", regions: [eu("eu-west-1", 1), eu("eu-north-1", 99)], dials: { "eu-west-1": 1, "eu-north-1": 100 } },
        { name: "rounding never drains a region with weight (0.2 vs 100 -> 1, not 0)", regions: [eu("eu-west-1", 0.2), eu("eu-north-1", 100)], dials: { "eu-west-1": 1, "eu-north-1": 100 } },
        { name: "equal weights in a zone all keep everything", regions: [eu("eu-west-1", 25), eu("eu-north-1", 25), us("us-east-1", 50)], dials: { "eu-west-1": 100, "eu-north-1": 100, "us-east-1": 100 } },
        { name: "a fully drained zone (no personal data) stays at 0", regions: [eu("eu-west-1", 100), us("us-east-1", 0), us("us-west-2", 0)], dials: { "eu-west-1": 100, "us-east-1": 0, "us-west-2": 0 } },
    ];
    for (const c of cases) {
        it(c.name, () => assert.deepStrictEqual(acceleratorDials(c.regions), c.dials));
    }

    it("rejects negative or non-finite weights and repeated regions", () => {
        assert.throws(() => acceleratorDials([eu("eu-west-1", -1)]), /weight must be a finite number >= 0/);
        assert.throws(() => acceleratorDials([eu("eu-west-1", Number.NaN)]), /finite/);
        assert.throws(() => acceleratorDials([eu("eu-west-1", 50), eu("eu-west-1", 50)]), /listed twice/);
    });
});

describe("global traffic: Route 53 weights", () => {
    const cases: Array<{ name: string; regions: TrafficInput[]; weights: Record<string, number> }> = [
        { name: "config weights (integers summing to 100) are used as they are", regions: prod, weights: { "eu-central-1": 50, "eu-west-1": 20, "us-east-1": 20, "us-west-2": 10 } },
        { name: "a drained region keeps a record at weight 0", regions: [eu("eu-central-1", 70), eu("eu-west-1", 0), us("us-east-1", 30)], weights: { "eu-central-1": 70, "eu-west-1": 0, "us-east-1": 30 } },
        { name: "thirds: largest remainder, ties to the first listed, sum stays 100", regions: [eu("a", 1), eu("b", 1), eu("c", 1)], weights: { a: 34, b: 33, c: 33 } },
        { name: "weights not summing to 100 are scaled (1:3 -> 25:75)", regions: [eu("a", 1), eu("b", 3)], weights: { a: 25, b: 75 } },
        { name: "2:3 -> 40:60", regions: [eu("a", 2), eu("b", 3)], weights: { a: 40, b: 60 } },
        { name: "rounding never drains a region with weight (a tiny share keeps 1)", regions: [eu("a", 0.001), eu("b", 50), eu("c", 50)], weights: { a: 1, b: 49, c: 50 } },
        { name: "all zero stays all zero", regions: [eu("a", 0), eu("b", 0)], weights: { a: 0, b: 0 } },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const weights = route53Weights(c.regions);
            assert.deepStrictEqual(weights, c.weights);
            const total = Object.values(weights).reduce((s, w) => s + w, 0);
            assert.ok(total === 100 || total === 0, `weights sum to ${total}`);
        });
    }
});

describe("global traffic: plan and config changes", () => {
    it("marks drained regions and each zone's last live region", () => {
        const plan = trafficPlan([eu("eu-central-1", 70), eu("eu-west-1", 0), us("us-east-1", 20), us("us-west-2", 10)]);
        assert.deepStrictEqual(
            plan.map((p) => [p.region, p.zone, p.drained, p.lastInZone]),
            [["eu-central-1", "eu", false, true], ["eu-west-1", "eu", true, false], ["us-east-1", "us", false, false], ["us-west-2", "us", false, false]],
        );
    });

    it("follows the committed prod config, in stack order", () => {
        const regions = platformConfig("prod").regions;
        const plan = trafficPlan(regions);
        assert.deepStrictEqual(plan.map((p) => p.region), regions.map((r) => r.code));
        assert.deepStrictEqual(plan.map((p) => [p.region, p.weight, p.acceleratorDial, p.route53Weight]), [
            ["eu-central-1", 50, 100, 50],
            ["eu-west-1", 20, 40, 20],
            ["us-east-1", 20, 100, 20],
            ["us-west-2", 10, 50, 10],
        ]);
    });

    const changes: Array<{ name: string; after: TrafficInput[]; dialsChanged: string[]; weightsChanged: string[] }> = [
        {
            name: "moving 10 points from eu-central-1 to eu-west-1 changes only eu-west-1's dial and the two EU weights",
            after: [eu("eu-central-1", 40), eu("eu-west-1", 30), us("us-east-1", 20), us("us-west-2", 10)],
            dialsChanged: ["eu-west-1"],
            weightsChanged: ["eu-central-1", "eu-west-1"],
        },
        {
            name: "draining us-west-2 into us-east-1 changes only us-west-2's dial (us-east-1 already keeps all)",
            after: [eu("eu-central-1", 50), eu("eu-west-1", 20), us("us-east-1", 30), us("us-west-2", 0)],
            dialsChanged: ["us-west-2"],
            weightsChanged: ["us-east-1", "us-west-2"],
        },
        {
            name: "moving weight across zones rescales only the zone whose heaviest region changed",
            after: [eu("eu-central-1", 60), eu("eu-west-1", 20), us("us-east-1", 20), us("us-west-2", 0)],
            dialsChanged: ["eu-west-1", "us-west-2"],
            weightsChanged: ["eu-central-1", "us-west-2"],
        },
        {
            name: "draining the EU primary hands eu-west-1 the whole zone, US untouched",
            after: [eu("eu-central-1", 0), eu("eu-west-1", 70), us("us-east-1", 20), us("us-west-2", 10)],
            dialsChanged: ["eu-central-1", "eu-west-1"],
            weightsChanged: ["eu-central-1", "eu-west-1"],
        },
    ];
    for (const c of changes) {
        it(c.name, () => {
            assert.deepStrictEqual(changed(acceleratorDials(prod), acceleratorDials(c.after)), c.dialsChanged);
            assert.deepStrictEqual(changed(route53Weights(prod), route53Weights(c.after)), c.weightsChanged);
        });
    }

    it("keeps its invariants over many generated integer maps", () => {
        let seed = 42;
        const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
        for (let run = 0; run < 500; run++) {
            const count = 1 + Math.floor(next() * 5);
            const cuts = Array.from({ length: count - 1 }, () => Math.floor(next() * 101)).sort((a, b) => a - b);
            const bounds = [0, ...cuts, 100];
            const regions = Array.from({ length: count }, (_, i) => ({ code: `r${i}`, residency: next() < 0.5 ? "eu" : "us", weight: bounds[i + 1] - bounds[i] }));
            const dials = acceleratorDials(regions);
            const weights = route53Weights(regions);
            for (const r of regions) {
                assert.strictEqual(weights[r.code], r.weight, `route 53 weight of ${JSON.stringify(regions)}`);
                assert.strictEqual(dials[r.code] === 0, r.weight === 0, `drained <=> dial 0 in ${JSON.stringify(regions)}`);
                const zone = regions.filter((o) => o.residency === r.residency);
                if (r.weight > 0 && r.weight === Math.max(...zone.map((o) => o.weight))) assert.strictEqual(dials[r.code], 100);
                for (const o of zone) {
                    if (o.weight > r.weight) assert.ok(dials[o.code] >= dials[r.code], `order kept in ${JSON.stringify(regions)}`);
                }
            }
        }
    });
});
