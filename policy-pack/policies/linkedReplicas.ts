import { parseArn } from "./lib/arn";
import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { stackPolicy, type StackReport } from "./lib/define";
import { list, record, str } from "./lib/props";
import type { ResourceView } from "./lib/resource";
import {
    holdsPersonalData,
    regionNotAllowed,
    RESIDENCY_CONFIG_PROPERTIES,
    taggedZone,
    zoneOf,
    type ResidencyConfig,
} from "./lib/zones";

/**
 * Replication that links separate resources by identifier, so no single resource shows both ends:
 * Aurora global databases (GlobalCluster + member Clusters), ElastiCache global datastores
 * (GlobalReplicationGroup + member ReplicationGroups) and S3 replication (a BucketReplicationConfig
 * and its destination buckets, whose ARNs name no region). A stack policy sees every resource.
 */

interface LinkedConfig extends ResidencyConfig {
    /** Bucket name or ARN -> region, for replication destinations outside this stack. */
    readonly knownBucketRegions: Readonly<Record<string, string>>;
}

interface Zone {
    readonly zone: string;
    readonly why: string;
}

/**
 * The zone a group of linked resources holds: the anchor's (the global resource, which lives with
 * the primary), else the first zone a member's tags declare. Every member must be in that zone.
 */
function groupZone(members: readonly ResourceView[], anchor: ResourceView, cfg: ResidencyConfig): Zone | undefined {
    const z = zoneOf(anchor, cfg, anchor.region().region);
    if (z.kind === "zone") return { zone: z.zone, why: `${anchor.name}'s ${z.source}` };
    for (const m of members) {
        const t = taggedZone(m, cfg);
        if (t.kind === "zone") return { zone: t.zone, why: `${m.name}'s ${t.source}` };
    }
    return undefined;
}

function checkGroup(kind: string, id: string, members: readonly ResourceView[], anchor: ResourceView, cfg: ResidencyConfig, report: StackReport): void {
    if (!members.some((m) => holdsPersonalData(m, cfg))) return;
    const zone = groupZone(members, anchor, cfg);
    if (zone === undefined) {
        report(`${kind} "${id}" (${members.map((m) => m.name).join(", ")}): cannot determine its residency zone; expected a zone tag on its members, or regionZones / defaultZone in the policy config`, anchor.urn);
        return;
    }
    for (const m of members) {
        const region = m.region().region;
        if (region === undefined) {
            report(`${kind} "${id}": cannot determine the region of member ${m.label}; expected an explicit region or provider region`, m.urn);
            continue;
        }
        const why = regionNotAllowed(cfg, zone.zone, region);
        if (why) report(`${kind} "${id}" replicates zone "${zone.zone}" data (${zone.why}) to ${m.label} in ${region}: ${why}`, m.urn);
    }
}

function auroraGlobalDatabases(resources: readonly ResourceView[], cfg: ResidencyConfig, report: StackReport): void {
    const groups = new Map<string, { global?: ResourceView; members: ResourceView[] }>();
    const group = (id: string) => groups.get(id) ?? groups.set(id, { members: [] }).get(id)!;
    for (const r of resources) {
        const id = str(r.props.globalClusterIdentifier);
        if (id === undefined) continue;
        if (r.type === T.rdsGlobalCluster) group(id).global = r;
        else if (r.type === T.rdsCluster) group(id).members.push(r);
    }
    for (const [id, g] of groups) {
        const all = g.global ? [g.global, ...g.members] : g.members;
        const anchor = g.global ?? g.members[0];
        if (anchor) checkGroup("Aurora global database", id, all, anchor, cfg, report);
    }
}

function elastiCacheGlobalDatastores(resources: readonly ResourceView[], cfg: ResidencyConfig, report: StackReport): void {
    const globals = resources.filter((r) => r.type === T.cacheGlobalReplicationGroup);
    const groups = resources.filter((r) => r.type === T.cacheReplicationGroup);
    const claimed = new Set<ResourceView>();
    for (const g of globals) {
        const fullId = str(g.props.globalReplicationGroupId);
        const suffix = str(g.props.globalReplicationGroupIdSuffix);
        const primaryId = str(g.props.primaryReplicationGroupId);
        // AWS names a global datastore "<prefix>-<suffix>"; before it exists only the suffix is known.
        const isMember = (rg: ResourceView) => {
            const joined = str(rg.props.globalReplicationGroupId);
            const ownId = str(rg.props.replicationGroupId) ?? str(rg.props.id);
            return (joined !== undefined && (joined === fullId || (suffix !== undefined && joined.endsWith(`-${suffix}`))))
                || (primaryId !== undefined && ownId === primaryId);
        };
        const members = groups.filter(isMember);
        members.forEach((m) => claimed.add(m));
        checkGroup("ElastiCache global datastore", fullId ?? suffix ?? g.name, [g, ...members], g, cfg, report);
    }
    // Members of a global datastore declared outside this stack: they must at least agree among themselves.
    const external = new Map<string, ResourceView[]>();
    for (const rg of groups) {
        const joined = str(rg.props.globalReplicationGroupId);
        if (joined === undefined || claimed.has(rg)) continue;
        external.set(joined, [...(external.get(joined) ?? []), rg]);
    }
    for (const [id, members] of external) checkGroup("ElastiCache global datastore", id, members, members[0], cfg, report);
}

/** A bucket's name from an S3 ARN (`arn:aws:s3:::name`) or the name itself. */
function bucketName(value: string): string {
    const arn = parseArn(value);
    return arn && arn.service === "s3" ? arn.resource.split("/")[0] : value;
}

function findBucket(resources: readonly ResourceView[], ref: string): ResourceView | undefined {
    const name = bucketName(ref);
    return resources.find((r) => (r.type === T.s3Bucket || r.type === T.s3BucketV2)
        && (str(r.props.arn) === ref || str(r.props.bucket) === name || str(r.props.id) === name));
}

function s3Replication(resources: readonly ResourceView[], cfg: LinkedConfig, report: StackReport): void {
    const configs: Array<{ owner: ResourceView; source: ResourceView; rules: readonly unknown[] }> = [];
    for (const r of resources) {
        if (r.type === T.s3Replication) {
            const source = findBucket(resources, str(r.props.bucket) ?? "") ?? r;
            configs.push({ owner: r, source, rules: list(r.props.rules) });
        } else if ((r.type === T.s3Bucket || r.type === T.s3BucketV2) && record(r.props.replicationConfiguration)) {
            configs.push({ owner: r, source: r, rules: list(record(r.props.replicationConfiguration)?.rules) });
        }
    }
    for (const { owner, source, rules } of configs) {
        if (!holdsPersonalData(source, cfg)) continue;
        const z = zoneOf(source, cfg, source.region().region);
        if (z.kind !== "zone") {
            if (z.kind === "undetermined") {
                report(`${owner.label} replicates bucket ${source.name} whose residency zone cannot be determined; expected a zone tag or regionZones / defaultZone in the policy config`, owner.urn);
            }
            continue;
        }
        rules.forEach((rule, i) => {
            const dest = str(record(record(rule)?.destination)?.bucket);
            const via = `rules[${i}].destination.bucket`;
            if (dest === undefined) {
                report(`${owner.label}: ${via} is not set; expected the destination bucket's ARN`, owner.urn);
                return;
            }
            const inStack = findBucket(resources, dest);
            const region = inStack?.region().region ?? cfg.knownBucketRegions[dest] ?? cfg.knownBucketRegions[bucketName(dest)];
            if (region === undefined) {
                report(`${owner.label}: cannot determine the region of ${via} (${dest}); S3 ARNs name no region, so expected the bucket in this stack or in knownBucketRegions`, owner.urn);
                return;
            }
            const why = regionNotAllowed(cfg, z.zone, region);
            if (why) report(`${owner.label} replicates zone "${z.zone}" data (${source.name}'s ${z.source}) to ${dest} in ${region} via ${via}: ${why}`, owner.urn);
        });
    }
}

export const linkedReplicasInZone = stackPolicy<LinkedConfig>({
    name: "residency-linked-replicas-in-zone",
    description: "Replication linked by identifier stays in one zone: Aurora global database members, ElastiCache global datastore members, and S3 replication destinations (resolved to buckets in the stack or knownBucketRegions).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            ...RESIDENCY_CONFIG_PROPERTIES,
            knownBucketRegions: prop.stringMap("S3 bucket name or ARN -> region, for replication destinations not declared in this stack.", {}),
        },
    },
    remediationSteps: "Add secondary regions, datastore members and replication destinations only in regions of the same zone.",
    check: (resources, cfg, report) => {
        auroraGlobalDatabases(resources, cfg, report);
        elastiCacheGlobalDatastores(resources, cfg, report);
        s3Replication(resources, cfg, report);
    },
});
