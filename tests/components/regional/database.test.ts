import * as assert from "assert";
import { databaseIssues, databaseSettings, parameterGroupFamily, postgresMajorVersion } from "../../../components/regional/database";
import { protectionsFor } from "../../../components/regional/protection";
import type { RegionConfig } from "../../../config";
import { platformConfig } from "../../support/configs";

type DbSizing = RegionConfig["sizing"]["database"];
const sizing = (over: Partial<DbSizing> = {}): DbSizing => ({ instanceClass: "db.r6g.large", allocatedStorageGb: 100, engineVersion: "17", ...over });
const prod = protectionsFor({ production: true, nonProductionBackupDays: 7 });
const dev = protectionsFor({ production: false, nonProductionBackupDays: 3 });

describe("regional/database: versions", function () {
    const cases: Array<[string, number, string]> = [
        ["16.4", 16, "postgres16"],
        ["16", 16, "postgres16"],
        ["17.2", 17, "postgres17"],
        ["15.10", 15, "postgres15"],
    ];
    for (const [version, major, family] of cases) {
        it(`${version} -> major ${major}, family ${family}`, function () {
            assert.strictEqual(postgresMajorVersion(version), major);
            assert.strictEqual(parameterGroupFamily(version), family);
        });
    }
    for (const bad of ["", "v16", "16.4.1", "latest"]) {
        it(`rejects "${bad}"`, function () {
            assert.throws(() => postgresMajorVersion(bad), /PostgreSQL version/);
        });
    }
});

describe("regional/database: databaseSettings", function () {
    const cases = [
        {
            title: "production: Multi-AZ, 35 days, deletion protection, final snapshot, backups kept, changes in the maintenance window",
            sizing: sizing(),
            protections: prod,
            want: { multiAz: true, backupRetentionDays: 35, deletionProtection: true, skipFinalSnapshot: false, finalSnapshotIdentifier: "db-final", deleteAutomatedBackups: false, applyImmediately: false },
        },
        {
            title: "non-production: single AZ, configured days, no protection, no final snapshot",
            sizing: sizing(),
            protections: dev,
            want: { multiAz: false, backupRetentionDays: 3, deletionProtection: false, skipFinalSnapshot: true, finalSnapshotIdentifier: undefined, deleteAutomatedBackups: true, applyImmediately: true },
        },
    ];
    for (const c of cases) {
        it(c.title, function () {
            const s = databaseSettings(c.sizing, c.protections, "db-final");
            for (const [k, v] of Object.entries(c.want)) assert.strictEqual(s[k as keyof typeof s], v, k);
        });
    }

    const storage = [
        { title: "configured ceiling", over: { allocatedStorageGb: 200, maxAllocatedStorageGb: 1000 }, max: 1000 },
        { title: "no ceiling: twice the initial size", over: { allocatedStorageGb: 20 }, max: 40 },
    ];
    for (const c of storage) {
        it(`storage autoscaling: ${c.title}`, function () {
            const s = databaseSettings(sizing(c.over), dev, "x");
            assert.strictEqual(s.maxAllocatedStorageGb, c.max);
            assert.ok(s.maxAllocatedStorageGb > s.allocatedStorageGb);
        });
    }

    const upgrades = [
        { version: "17.7", auto: false, why: "a pinned minor version would drift after AWS upgrades it" },
        { version: "16", auto: true, why: "a major-only version lets AWS apply minor releases" },
    ];
    for (const c of upgrades) {
        it(`engine ${c.version}: automatic minor upgrades ${c.auto ? "on" : "off"} (${c.why})`, function () {
            const s = databaseSettings(sizing({ engineVersion: c.version }), prod, "x");
            assert.strictEqual(s.autoMinorVersionUpgrade, c.auto);
            assert.strictEqual(s.engineVersion, c.version);
        });
    }
});

describe("regional/database: databaseIssues", function () {
    const region = platformConfig("prod").regions[0];
    const withDb = (over: Partial<DbSizing>): RegionConfig => ({ ...region, sizing: { ...region.sizing, database: { ...region.sizing.database, ...over } } });
    const cases = [
        { title: "committed config", region, keys: [] as string[] },
        { title: "no ceiling", region: withDb({ maxAllocatedStorageGb: undefined }), keys: [] },
        { title: "ceiling equal to the allocation", region: withDb({ allocatedStorageGb: 100, maxAllocatedStorageGb: 100 }), keys: [`regions.${region.code}.sizing.database.maxAllocatedStorageGb`] },
        { title: "ceiling below the allocation", region: withDb({ allocatedStorageGb: 100, maxAllocatedStorageGb: 50 }), keys: [`regions.${region.code}.sizing.database.maxAllocatedStorageGb`] },
    ];
    for (const c of cases) {
        it(`${c.title}: ${c.keys.length} issue(s)`, function () {
            assert.deepStrictEqual(databaseIssues(c.region).map((i) => i.key), c.keys);
        });
    }
});
