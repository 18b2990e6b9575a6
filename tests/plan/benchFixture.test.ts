import * as assert from "assert";
import { awsRegion, EU_MEMBER_STATE_REGIONS } from "../../config/awsRegions";
import { zoneAllowsRegion } from "../../functions/residencyZones";
import { benchPlatformConfig, shareOut } from "../../bench/planFixture";

/** The plan bench's committed 16-region stack and its 2/4/8-region subsets are valid, lawful configs. */
describe("plan bench fixture (bench/fixtures/Pulumi.bench16.yaml)", () => {
    for (const count of [2, 4, 8, 16]) {
        it(`its first ${count} regions are a config the product accepts, with weights summing to 100`, () => {
            const config = benchPlatformConfig(count);
            assert.strictEqual(config.regions.length, count);
            assert.strictEqual(config.regions.reduce((sum, r) => sum + r.weight, 0), 100);
            assert.strictEqual(config.regions.filter((r) => r.role === "primary").length, 1);
        });
    }

    it("keeps EU data in EU member states and every failover pair inside one zone (one country outside the EU)", () => {
        const config = benchPlatformConfig(16);
        const byCode = new Map(config.regions.map((r) => [r.code, r]));
        for (const r of config.regions) {
            if (r.residency === "eu") assert.ok(EU_MEMBER_STATE_REGIONS.includes(r.code), r.code);
            assert.ok(zoneAllowsRegion(r.residency, r.code), `${r.code} in zone ${r.residency}`);
            if (r.residency !== "eu") assert.strictEqual(awsRegion(r.code)?.country.toLowerCase(), r.residency, r.code);
            const target = byCode.get(r.failoverTarget);
            assert.ok(target, `${r.code} -> ${r.failoverTarget}`);
            assert.strictEqual(target.residency, r.residency, `${r.code} -> ${r.failoverTarget}`);
            assert.strictEqual(target.failoverTarget, r.code, `${r.code} and ${r.failoverTarget} are a pair`);
        }
        assert.deepStrictEqual([...new Set(config.regions.map((r) => r.residency))].sort(), ["ca", "eu", "in", "jp", "us"]);
    });

    const cases: Array<[number[], number[]]> = [
        [[20, 10], [67, 33]],
        [[1, 1, 1], [34, 33, 33]],
        [[50, 50], [50, 50]],
        [[0, 5], [0, 100]],
    ];
    for (const [weights, want] of cases) {
        it(`shareOut(${weights.join(", ")}) = ${want.join(", ")}`, () => assert.deepStrictEqual(shareOut(weights), want));
    }
});
