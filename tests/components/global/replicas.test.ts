import * as assert from "assert";
import { placeTable, placeTables, type ReplicaRegionInput } from "../../../components/global/replicas";
import { AWS_REGION_CODES, awsRegion, RESIDENCY_ZONES } from "../../../config/awsRegions";
import { platformConfig } from "../../support/configs";

const region = (code: string, personalData = true): ReplicaRegionInput => ({ code, residency: awsRegion(code)?.jurisdiction ?? "unknown", personalData });

describe("global tables: replica placement", () => {
    const cases: Array<{ name: string; regions: ReplicaRegionInput[]; table: { name: string; residency: string; personalData: boolean }; home: string; replicas: string[] }> = [
        {
            name: "EU table in prod: home Frankfurt (primary), replica Ireland, never us-east-1",
            regions: [region("eu-central-1"), region("eu-west-1"), region("us-east-1"), region("us-west-2")],
            table: { name: "conversations", residency: "eu", personalData: true },
            home: "eu-central-1",
            replicas: ["eu-west-1"],
        },
        {
            name: "US table in prod: home is the zone's highest-ranked region, not the stack primary",
            regions: [region("eu-central-1"), region("eu-west-1"), region("us-east-1"), region("us-west-2")],
            table: { name: "conversations-us", residency: "us", personalData: true },
            home: "us-east-1",
            replicas: ["us-west-2"],
        },
        {
            name: "a zone with one region: a table without replicas",
            regions: [region("eu-central-1"), region("us-east-1")],
            table: { name: "t", residency: "us", personalData: true },
            home: "us-east-1",
            replicas: [],
        },
        {
            name: "personal data skips zone regions marked personalData: false",
            regions: [region("eu-central-1", false), region("eu-west-1"), region("eu-north-1")],
            table: { name: "t", residency: "eu", personalData: true },
            home: "eu-west-1",
            replicas: ["eu-north-1"],
        },
        {
            name: "non-personal data may use every region of the zone",
            regions: [region("eu-central-1", false), region("eu-west-1"), region("eu-north-1")],
            table: { name: "t", residency: "eu", personalData: false },
            home: "eu-central-1",
            replicas: ["eu-west-1", "eu-north-1"],
        },
        {
            name: "London and Zurich are not EU: an EU table never lands there",
            regions: [region("eu-west-2"), region("eu-central-2"), region("eu-west-3"), region("eu-south-1")],
            table: { name: "t", residency: "eu", personalData: true },
            home: "eu-west-3",
            replicas: ["eu-south-1"],
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const placed = placeTable(c.table, c.regions);
            assert.deepStrictEqual(placed, { table: c.table.name, residency: c.table.residency, homeRegion: c.home, replicaRegions: c.replicas });
        });
    }

    it("refuses a table whose zone has no region that may hold it", () => {
        assert.throws(() => placeTable({ name: "t", residency: "apac", personalData: true }, [region("eu-west-1")]), /table t: no region of zone "apac"/);
        assert.throws(() => placeTable({ name: "t", residency: "eu", personalData: true }, [region("eu-west-1", false)]), /personal data/);
    });

    it("keeps every replica inside its zone for a stack spanning every AWS region", () => {
        const all = AWS_REGION_CODES.map((code) => region(code));
        for (const zone of RESIDENCY_ZONES) {
            const placed = placeTable({ name: `t-${zone}`, residency: zone, personalData: true }, all);
            for (const code of [placed.homeRegion, ...placed.replicaRegions]) {
                assert.strictEqual(awsRegion(code)?.jurisdiction, zone, `${code} holds a replica of a "${zone}" table`);
            }
            assert.strictEqual(placed.replicaRegions.length + 1, all.filter((r) => r.residency === zone).length);
        }
    });

    it("places the committed stacks' tables, drained regions included", () => {
        const prod = platformConfig("prod");
        assert.deepStrictEqual(placeTables(prod.global.tables, prod.regions).map((p) => [p.table, p.homeRegion, p.replicaRegions]), [
            ["conversations", "eu-central-1", ["eu-west-1"]],
            ["conversations-us", "us-east-1", ["us-west-2"]],
            ["sessions-eu", "eu-central-1", ["eu-west-1"]],
            ["sessions-us", "us-east-1", ["us-west-2"]],
        ]);
        const dev = platformConfig("dev");
        const drained = dev.regions.map((r) => (r.code === "eu-north-1" ? { ...r, weight: 0 } : r));
        assert.deepStrictEqual(placeTables(dev.global.tables, drained).map((p) => [p.table, p.homeRegion, p.replicaRegions]), [
            ["conversations", "eu-west-1", ["eu-north-1"]],
        ]);
    });
});
