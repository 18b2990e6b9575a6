import * as assert from "assert";
import { physicalNames } from "../../../components/regional/names";

describe("regional/names: physicalNames", function () {
    const cases = [
        { env: "prod", region: "eu-central-1", cluster: "ai-platform-prod-eu-central-1", db: "ai-platform-prod-eu-central-1-postgres", alias: "alias/ai-platform-prod" },
        { env: "dev", region: "eu-west-1", cluster: "ai-platform-dev-eu-west-1", db: "ai-platform-dev-eu-west-1-postgres", alias: "alias/ai-platform-dev" },
    ];
    for (const c of cases) {
        it(`${c.env} / ${c.region}`, function () {
            const n = physicalNames({ name: c.env }, { code: c.region });
            assert.strictEqual(n.clusterName, c.cluster);
            assert.strictEqual(n.databaseIdentifier, c.db);
            assert.strictEqual(n.finalSnapshotIdentifier, `${c.db}-final`);
            assert.strictEqual(n.kmsAlias, c.alias);
            // These two are fixed by the services: EKS and RDS write exactly here.
            assert.strictEqual(n.clusterLogGroup, `/aws/eks/${c.cluster}/cluster`);
            assert.strictEqual(n.databaseLogGroup("postgresql"), `/aws/rds/instance/${c.db}/postgresql`);
        });
    }

    it("stays within AWS name limits for the longest environment name and region code", function () {
        const n = physicalNames({ name: "abcdefghijklmnop" }, { code: "ap-southeast-7" });
        // RDS identifiers: 1..63 letters, digits, hyphens, starting with a letter, no double hyphen.
        assert.ok(n.databaseIdentifier.length <= 63, n.databaseIdentifier);
        assert.match(n.databaseIdentifier, /^[a-z](?!.*--)[a-z0-9-]*[a-z0-9]$/);
        assert.ok(n.finalSnapshotIdentifier.length <= 255);
        // EKS cluster names: 1..100, starting with a letter.
        assert.ok(n.clusterName.length <= 100);
        assert.match(n.clusterName, /^[a-zA-Z][a-zA-Z0-9-_]*$/);
    });
});
