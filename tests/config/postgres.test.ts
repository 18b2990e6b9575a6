import * as assert from "assert";
import { CREATABLE_POSTGRES_VERSIONS, DEFAULT_POSTGRES_VERSION, postgresVersionProblem } from "../../config/postgres";
import { platformConfig } from "../support/configs";

// Table source: RDS for PostgreSQL release calendar and the 2026-05-31 end-of-support notice
// (16.5-16.8 and 17.1-17.4 not creatable from 2026-05-01); see config/postgres.ts.
describe("config/postgres: creatable RDS PostgreSQL versions", function () {
    const cases: Array<[string, boolean]> = [
        ["17", true],
        ["16", true],
        ["17.7", true],
        ["16.9", true],
        ["16.4", false],
        ["16.8", false],
        ["17.4", false],
        ["15", false],
        ["18.1", false],
    ];
    for (const [version, ok] of cases) {
        it(`${version} ${ok ? "can" : "cannot"} be created`, function () {
            assert.strictEqual(postgresVersionProblem(version) === undefined, ok, postgresVersionProblem(version));
        });
    }
    it("the default is a major version in the table (automatic minor upgrades)", function () {
        assert.ok(!DEFAULT_POSTGRES_VERSION.includes("."));
        assert.ok(CREATABLE_POSTGRES_VERSIONS[DEFAULT_POSTGRES_VERSION]);
    });
    for (const stack of ["dev", "prod"]) {
        it(`${stack}: every region defaults to major ${DEFAULT_POSTGRES_VERSION}`, function () {
            for (const r of platformConfig(stack).regions) assert.strictEqual(r.sizing.database.engineVersion, DEFAULT_POSTGRES_VERSION);
        });
    }
});
