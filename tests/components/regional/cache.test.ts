import * as assert from "assert";
import { cacheSettings } from "../../../components/regional/cache";
import { protectionsFor } from "../../../components/regional/protection";

describe("regional/cache: cacheSettings", function () {
    const prod = protectionsFor({ production: true, nonProductionBackupDays: 7 });
    const dev = protectionsFor({ production: false, nonProductionBackupDays: 7 });
    const cases = [
        { title: "prod, 3 nodes", sizing: { nodeType: "cache.r6g.large", nodes: 3 }, protections: prod, want: { numCacheClusters: 3, snapshotRetentionDays: 7, applyImmediately: false } },
        { title: "prod, 2 nodes", sizing: { nodeType: "cache.r6g.large", nodes: 2 }, protections: prod, want: { numCacheClusters: 2, snapshotRetentionDays: 7, applyImmediately: false } },
        { title: "dev, 2 nodes", sizing: { nodeType: "cache.t4g.small", nodes: 2 }, protections: dev, want: { numCacheClusters: 2, snapshotRetentionDays: 0, applyImmediately: true } },
    ];
    for (const c of cases) {
        it(`${c.title}: failover and Multi-AZ always on, snapshots ${c.want.snapshotRetentionDays} days`, function () {
            const s = cacheSettings(c.sizing, c.protections);
            assert.strictEqual(s.nodeType, c.sizing.nodeType);
            assert.strictEqual(s.engine, "redis");
            assert.strictEqual(s.automaticFailover, true);
            assert.strictEqual(s.multiAz, true);
            for (const [k, v] of Object.entries(c.want)) assert.strictEqual(s[k as keyof typeof s], v, k);
            assert.ok(s.authTokenLength >= 16 && s.authTokenLength <= 128, "ElastiCache AUTH tokens are 16..128 characters");
        });
    }

    it("refuses a single node: automatic failover needs a replica", function () {
        assert.throws(() => cacheSettings({ nodeType: "cache.t4g.small", nodes: 1 }, dev), /at least 2 nodes/);
    });
});
