import * as aws from "@pulumi/aws";
import type * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig } from "../../config";
import type { GlobalTableConfig } from "../../config/global";
import { TAG } from "../tags";
import type { TablePlacement } from "./replicas";

export interface GlobalTableArgs {
    readonly environment: EnvironmentConfig;
    readonly table: GlobalTableConfig;
    readonly placement: TablePlacement;
    /** Customer managed KMS key per region; must cover the home region and every replica region. */
    readonly kmsKeyArns: Readonly<Record<string, pulumi.Input<string>>>;
}

/** The table's physical name, the same in every replica region. */
export function tableName(environment: EnvironmentConfig, table: GlobalTableConfig): string {
    return `${environment.name}-${table.name}`;
}

/**
 * One DynamoDB global table (version 2019.11.21, via `replicas`). `opts` must carry the home
 * region's provider: the table is created there and AWS adds the replicas. Each replica is
 * encrypted with its own region's key (a KMS key cannot leave its region), keeps PITR, and
 * inherits the table's tags, which name the table's residency zone.
 */
export function createGlobalTable(name: string, args: GlobalTableArgs, opts: pulumi.CustomResourceOptions): aws.dynamodb.Table {
    const { environment, table, placement } = args;
    const keyFor = (region: string): pulumi.Input<string> => {
        const key = args.kmsKeyArns[region];
        if (key === undefined) throw new Error(`table ${table.name}: no KMS key given for region ${region}`);
        return key;
    };
    const production = environment.production;
    const keyAttributes = [table.hashKey, ...(table.rangeKey ? [table.rangeKey] : [])];
    return new aws.dynamodb.Table(name, {
        name: tableName(environment, table),
        billingMode: "PAY_PER_REQUEST",
        hashKey: table.hashKey.name,
        rangeKey: table.rangeKey?.name,
        attributes: keyAttributes.map((a) => ({ name: a.name, type: a.type })),
        // Global tables replicate through the stream; AWS requires both images.
        streamEnabled: true,
        streamViewType: "NEW_AND_OLD_IMAGES",
        pointInTimeRecovery: { enabled: true },
        serverSideEncryption: { enabled: true, kmsKeyArn: keyFor(placement.homeRegion) },
        ttl: table.ttlAttribute ? { enabled: true, attributeName: table.ttlAttribute } : undefined,
        deletionProtectionEnabled: production,
        replicas: placement.replicaRegions.map((region) => ({
            regionName: region,
            kmsKeyArn: keyFor(region),
            pointInTimeRecovery: true,
            propagateTags: true,
            deletionProtectionEnabled: production,
        })),
        tags: {
            [TAG.residency]: table.residency,
            [TAG.classification]: table.personalData ? "personal" : "internal",
        },
    }, { ...opts, protect: production });
}
