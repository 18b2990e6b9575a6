/**
 * Where each DynamoDB global table lives. A table belongs to one residency zone: it is created
 * in the zone's primary-most region and replicated to the zone's other regions, and nowhere
 * else, so EU data never gets a replica outside EU member-state regions. Traffic weights play
 * no part: a drained region keeps its replica so it can take traffic back with current data.
 *
 * Pure: no Pulumi import; table-tested in tests/components/global/replicas.test.ts.
 */

export interface ReplicaRegionInput {
    readonly code: string;
    readonly residency: string;
    /** Whether the region may hold personal data. */
    readonly personalData: boolean;
}

export interface TableInput {
    readonly name: string;
    readonly residency: string;
    readonly personalData: boolean;
}

export interface TablePlacement {
    readonly table: string;
    readonly residency: string;
    /** Region the table resource is created in (its provider's region). */
    readonly homeRegion: string;
    /** The other regions of the zone, each with a replica. */
    readonly replicaRegions: readonly string[];
}

/**
 * Places a table. `regions` must be in stack order (primary first), which makes the home region
 * the zone's highest-ranked region. Throws when the zone has no region that may hold the data;
 * config validation reports that case earlier with the offending key.
 */
export function placeTable(table: TableInput, regions: readonly ReplicaRegionInput[]): TablePlacement {
    const eligible = regions.filter((r) => r.residency === table.residency && (r.personalData || !table.personalData));
    if (eligible.length === 0) {
        const kind = table.personalData ? "personal data" : "data";
        throw new Error(`table ${table.name}: no region of zone "${table.residency}" may hold its ${kind}`);
    }
    const [home, ...replicas] = eligible.map((r) => r.code);
    return { table: table.name, residency: table.residency, homeRegion: home, replicaRegions: replicas };
}

export function placeTables(tables: readonly TableInput[], regions: readonly ReplicaRegionInput[]): TablePlacement[] {
    return tables.map((t) => placeTable(t, regions));
}
