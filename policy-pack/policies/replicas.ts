import { arnRegion } from "./lib/arn";
import { T } from "./lib/awsTypes";
import { resourcePolicy } from "./lib/define";
import { list, record, str } from "./lib/props";
import type { ResourceView } from "./lib/resource";
import {
    holdsPersonalData,
    regionNotAllowed,
    RESIDENCY_CONFIG_PROPERTIES,
    taggedZone,
    zoneOf,
    zonesOfRegion,
    type ResidencyConfig,
} from "./lib/zones";

/**
 * Copies of data must stay in the zone of the data they copy. A copy is either made by the
 * resource itself (a table's replicas, a secret's replicas, a log subscription's destination) or
 * is the resource (a TableReplica, a cross-region read replica, a KMS replica key), in which case
 * its source is named by an ARN, whose region says which zone the data came from.
 */

/** Where one copy goes. `target` is undefined when the input does not say (violation). */
export interface CopyTarget {
    /** The input that names it, e.g. `replicas[1].regionName`. */
    readonly via: string;
    readonly target: string | undefined;
    /** The raw value, for messages. */
    readonly value: string | undefined;
}

/** The source of the copied data: the resource itself, or what an ARN input names. */
export type CopySource =
    | { readonly kind: "self" }
    | { readonly kind: "arn"; readonly via: string; readonly value: string | undefined; readonly region: string | undefined };

export interface CopyPlan {
    readonly source: CopySource;
    readonly copies: readonly CopyTarget[];
}

const toRegion = (via: string, value: unknown): CopyTarget => ({ via, target: str(value), value: str(value) });
const toArnRegion = (via: string, value: unknown): CopyTarget => ({ via, target: arnRegion(str(value)), value: str(value) });
const arnSource = (via: string, value: unknown): CopySource => ({ kind: "arn", via, value: str(value), region: arnRegion(str(value)) });
const ownRegion = (r: ResourceView): CopyTarget => ({ via: "its own region", target: r.region().region, value: r.region().region });

/** The copies each type makes; undefined when this resource makes none. Exported for tests. */
export function copyPlan(r: ResourceView): CopyPlan | undefined {
    const p = r.props;
    switch (r.type) {
        case T.dynamoTable: {
            const copies = list(p.replicas).map((rep, i) => toRegion(`replicas[${i}].regionName`, record(rep)?.regionName));
            const witness = record(p.globalTableWitness)?.regionName;
            if (witness !== undefined) copies.push(toRegion("globalTableWitness.regionName", witness));
            return copies.length > 0 ? { source: { kind: "self" }, copies } : undefined;
        }
        case T.dynamoTableReplica:
            return { source: arnSource("globalTableArn", p.globalTableArn), copies: [ownRegion(r)] };
        case T.dynamoKinesisDestination:
            return { source: { kind: "self" }, copies: [toArnRegion("streamArn", p.streamArn)] };
        case T.rdsInstance:
            // A same-region replica names its source by identifier; only an ARN can be in another region.
            return str(p.replicateSourceDb)?.startsWith("arn:")
                ? { source: arnSource("replicateSourceDb", p.replicateSourceDb), copies: [ownRegion(r)] }
                : undefined;
        case T.rdsCluster:
            return str(p.replicationSourceIdentifier)?.startsWith("arn:")
                ? { source: arnSource("replicationSourceIdentifier", p.replicationSourceIdentifier), copies: [ownRegion(r)] }
                : undefined;
        case T.rdsGlobalCluster:
            return str(p.sourceDbClusterIdentifier)?.startsWith("arn:")
                ? { source: arnSource("sourceDbClusterIdentifier", p.sourceDbClusterIdentifier), copies: [ownRegion(r)] }
                : undefined;
        case T.rdsBackupReplication:
            return { source: arnSource("sourceDbInstanceArn", p.sourceDbInstanceArn), copies: [ownRegion(r)] };
        case T.kmsReplicaKey:
            return { source: arnSource("primaryKeyArn", p.primaryKeyArn), copies: [ownRegion(r)] };
        case T.secret: {
            const copies = list(p.replicas).map((rep, i) => toRegion(`replicas[${i}].region`, record(rep)?.region));
            return copies.length > 0 ? { source: { kind: "self" }, copies } : undefined;
        }
        case T.logSubscriptionFilter:
            return { source: { kind: "self" }, copies: [toArnRegion("destinationArn", p.destinationArn)] };
        case T.ec2FlowLog: {
            // CloudWatch Logs and Firehose ARNs name a region; S3 bucket ARNs do not (not checked here).
            const dest = str(p.logDestination);
            return dest !== undefined && !dest.startsWith("arn:aws:s3:")
                ? { source: { kind: "self" }, copies: [toArnRegion("logDestination", dest)] }
                : undefined;
        }
        case T.backupPlan: {
            const copies = list(p.rules).flatMap((rule, i) =>
                list(record(rule)?.copyActions).map((c, j) => toArnRegion(`rules[${i}].copyActions[${j}].destinationVaultArn`, record(c)?.destinationVaultArn)));
            return copies.length > 0 ? { source: { kind: "self" }, copies } : undefined;
        }
        default:
            return undefined;
    }
}

export const COPY_TYPES: readonly string[] = [
    T.dynamoTable, T.dynamoTableReplica, T.dynamoKinesisDestination, T.rdsInstance, T.rdsCluster, T.rdsGlobalCluster,
    T.rdsBackupReplication, T.kmsReplicaKey, T.secret, T.logSubscriptionFilter, T.ec2FlowLog, T.backupPlan,
];

/** The zones the copied data belongs to, each with where that came from. */
function sourceZones(r: ResourceView, cfg: ResidencyConfig, source: CopySource): Array<{ zone: string; why: string }> {
    const zones: Array<{ zone: string; why: string }> = [];
    if (source.kind === "self") {
        const z = zoneOf(r, cfg, r.region().region);
        if (z.kind === "zone") zones.push({ zone: z.zone, why: z.source });
        return zones;
    }
    const declared = taggedZone(r, cfg);
    if (declared.kind === "zone") zones.push({ zone: declared.zone, why: declared.source });
    if (source.region !== undefined) {
        for (const zone of zonesOfRegion(cfg, source.region)) {
            if (!zones.some((z) => z.zone === zone)) zones.push({ zone, why: `its source ${source.via} is in ${source.region}` });
        }
    }
    return zones;
}

export const replicasInZone = resourcePolicy<ResidencyConfig>({
    name: "residency-replicas-in-zone",
    description: "Replicas and copies stay in the zone of the data they copy: DynamoDB replicas and witnesses, TableReplica, cross-region RDS read replicas and Aurora secondaries, automated-backup replication, KMS replica keys, Secrets Manager replicas, log subscription and flow-log destinations, DynamoDB Kinesis streaming, AWS Backup copy actions.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: { properties: RESIDENCY_CONFIG_PROPERTIES },
    remediationSteps: "Replicate only to regions of the same zone (e.g. eu-central-1 <-> eu-west-1 for EU data).",
    types: COPY_TYPES,
    check: (r, cfg, report, notApplicable) => {
        const plan = copyPlan(r);
        if (!plan) return notApplicable("makes no cross-region copy");
        if (!holdsPersonalData(r, cfg)) return notApplicable("holds no personal data (classification tag)");
        const { source, copies } = plan;
        if (source.kind === "arn" && source.region === undefined) {
            report(`${r.label}: cannot determine the region of its source ${source.via} (${source.value ?? "not set"}); expected an ARN that names a region`);
        }
        const zones = sourceZones(r, cfg, source);
        if (zones.length === 0) {
            report(`${r.label} copies data but its zone cannot be determined; expected a ${cfg.zoneTagKey} tag, or regionZones / defaultZone in the policy config`);
            return;
        }
        for (const copy of copies) {
            if (copy.target === undefined) {
                report(`${r.label}: cannot determine the region ${copy.via} copies to (${copy.value ?? "not set"}); expected a region, or an ARN that names one`);
                continue;
            }
            for (const { zone, why } of zones) {
                const notAllowed = regionNotAllowed(cfg, zone, copy.target);
                if (notAllowed) report(`${r.label} copies zone "${zone}" data (${why}) to ${copy.target} via ${copy.via}: ${notAllowed}`);
            }
        }
    },
});
