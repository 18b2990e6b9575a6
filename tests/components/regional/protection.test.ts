import * as assert from "assert";
import { protectionsFor, type Protections } from "../../../components/regional/protection";

describe("regional/protection: protectionsFor", function () {
    const cases: Array<{ title: string; env: { production: boolean; nonProductionBackupDays: number }; want: Protections }> = [
        {
            title: "production: everything on, NAT per AZ, 35-day backups, 7-day cache snapshots",
            env: { production: true, nonProductionBackupDays: 3 },
            want: {
                natGatewayStrategy: "OnePerAz",
                databaseMultiAz: true,
                databaseBackupRetentionDays: 35,
                databaseFinalSnapshot: true,
                keepAutomatedBackups: true,
                deletionProtection: true,
                protectState: true,
                cacheSnapshotRetentionDays: 7,
                kmsDeletionWindowDays: 30,
                applyImmediately: false,
                nlbAccessLogs: true,
            },
        },
        {
            title: "non-production: single NAT, backups from config, nothing protected, changes applied at once",
            env: { production: false, nonProductionBackupDays: 3 },
            want: {
                natGatewayStrategy: "Single",
                databaseMultiAz: false,
                databaseBackupRetentionDays: 3,
                databaseFinalSnapshot: false,
                keepAutomatedBackups: false,
                deletionProtection: false,
                protectState: false,
                cacheSnapshotRetentionDays: 0,
                kmsDeletionWindowDays: 7,
                applyImmediately: true,
                nlbAccessLogs: false,
            },
        },
        {
            title: "production ignores nonProductionBackupDays",
            env: { production: true, nonProductionBackupDays: 1 },
            want: { ...protectionsFor({ production: true, nonProductionBackupDays: 7 }) },
        },
        {
            title: "non-production honours a longer configured retention",
            env: { production: false, nonProductionBackupDays: 14 },
            want: { ...protectionsFor({ production: false, nonProductionBackupDays: 3 }), databaseBackupRetentionDays: 14 },
        },
    ];
    for (const c of cases) {
        it(c.title, function () {
            assert.deepStrictEqual(protectionsFor(c.env), c.want);
        });
    }

    it("depends on the production flag only, not on the environment's name", function () {
        const named = (name: string, production: boolean) => protectionsFor({ ...{ name }, production, nonProductionBackupDays: 7 });
        assert.deepStrictEqual(named("dev", true), named("prod", true));
        assert.deepStrictEqual(named("prod", false), named("dev", false));
    });
});
