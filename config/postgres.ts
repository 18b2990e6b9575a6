/**
 * RDS for PostgreSQL versions this program may create. RDS removes minor versions from creation
 * on a schedule ("Cannot find version 16.4 for postgres"), and force-upgrades instances on them,
 * so the default is a major version ("17") with automatic minor upgrades: RDS then picks the
 * newest creatable minor and keeps it current. A pinned minor must be in this table.
 *
 * Source: RDS for PostgreSQL release calendar
 * (https://docs.aws.amazon.com/AmazonRDS/latest/PostgreSQLReleaseNotes/postgresql-release-calendar.html)
 * and the RDS notice of end of standard support for 16.5-16.8 and 17.1-17.4 on 2026-05-31
 * ("Starting May 1, 2026, you will not be able to create new database instances on ... 16.5 ...
 * 16.8, 17.1 ... 17.4"; upgrade targets 16.11 / 17.7). Refresh it with
 * `aws rds describe-db-engine-versions --engine postgres --query "DBEngineVersions[].EngineVersion"`.
 */
export const CREATABLE_POSTGRES_VERSIONS: Readonly<Record<string, readonly string[]>> = {
    "16": ["16.9", "16.10", "16.11"],
    "17": ["17.5", "17.6", "17.7"],
};

/** The default: a major version, so RDS chooses (and keeps upgrading) a creatable minor. */
export const DEFAULT_POSTGRES_VERSION = "17";

/** Why `version` cannot be created, or undefined when it can. */
export function postgresVersionProblem(version: string): string | undefined {
    const majors = Object.keys(CREATABLE_POSTGRES_VERSIONS);
    const major = version.split(".")[0];
    const minors = CREATABLE_POSTGRES_VERSIONS[major];
    if (minors === undefined) return `expected a PostgreSQL major version RDS can create (${majors.join(", ")}), got "${version}"`;
    if (version === major || minors.includes(version)) return undefined;
    return `RDS can no longer create PostgreSQL ${version}; use the major version "${major}" (automatic minor upgrades) or one of ${minors.join(", ")}`;
}
