import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { stackPolicy, type StackReport } from "./lib/define";
import { list, record, str } from "./lib/props";
import { ReferenceIndex, s3BucketFromArn } from "./lib/references";
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

const CACHE_GROUP: readonly string[] = [T.cacheReplicationGroup];
const CACHE_GLOBAL: readonly string[] = [T.cacheGlobalReplicationGroup];
const BUCKETS: readonly string[] = [T.s3Bucket, T.s3BucketV2];

/**
 * ElastiCache global datastores: the GlobalReplicationGroup names its primary by
 * primaryReplicationGroupId, each secondary names the datastore by globalReplicationGroupId; both
 * are outputs of other resources, resolved here to the resources they name. The datastore's data
 * is the primary's, so the primary's zone is the group's.
 */
function elastiCacheGlobalDatastores(index: ReferenceIndex, cfg: ResidencyConfig, report: StackReport): void {
    const resources = index.resources;
    const globals = resources.filter((r) => r.type === T.cacheGlobalReplicationGroup);
    const claimed = new Set<ResourceView>();
    for (const g of globals) {
        const primaryRef = str(g.props.primaryReplicationGroupId);
        const primary = index.find(primaryRef, CACHE_GROUP);
        const suffix = str(g.props.globalReplicationGroupIdSuffix);
        const id = str(g.props.globalReplicationGroupId) ?? suffix ?? g.name;
        const secondaries = resources.filter((rg) => {
            if (rg.type !== T.cacheReplicationGroup || rg === primary) return false;
            const joined = str(rg.props.globalReplicationGroupId);
            if (joined === undefined) return false;
            // Before AWS adds its prefix only the suffix is known: "<prefix>-<suffix>".
            return index.find(joined, CACHE_GLOBAL) === g || (suffix !== undefined && joined.endsWith(`-${suffix}`));
        });
        [primary, ...secondaries].forEach((m) => m && claimed.add(m));
        if (primary === undefined) {
            report(`ElastiCache global datastore "${id}" (${g.label}): cannot resolve primaryReplicationGroupId ${primaryRef ?? "(not set)"} to a replication group in this plan, `
                + "so the zone of the data it replicates cannot be determined; expected the primary declared in this stack", g.urn);
        }
        const members = primary ? [primary, ...secondaries] : [g, ...secondaries];
        checkGroup("ElastiCache global datastore", id, members, primary ?? g, cfg, report);
    }
    for (const rg of resources) {
        const joined = str(rg.props.globalReplicationGroupId);
        if (rg.type !== T.cacheReplicationGroup || joined === undefined || claimed.has(rg)) continue;
        if (!holdsPersonalData(rg, cfg)) continue;
        report(`${rg.label} joins global datastore ${joined} as a secondary, but no GlobalReplicationGroup in this plan has that id, `
            + "so the region its data comes from cannot be determined; expected the datastore and its primary declared in this stack", rg.urn);
    }
}

function s3Replication(index: ReferenceIndex, cfg: LinkedConfig, report: StackReport): void {
    const configs: Array<{ owner: ResourceView; source: ResourceView | undefined; rules: readonly unknown[] }> = [];
    for (const r of index.resources) {
        if (r.type === T.s3Replication) {
            configs.push({ owner: r, source: index.find(str(r.props.bucket), BUCKETS), rules: list(r.props.rules) });
        } else if ((r.type === T.s3Bucket || r.type === T.s3BucketV2) && record(r.props.replicationConfiguration)) {
            configs.push({ owner: r, source: r, rules: list(record(r.props.replicationConfiguration)?.rules) });
        }
    }
    for (const { owner, source, rules } of configs) {
        if (source === undefined) {
            if (holdsPersonalData(owner, cfg)) {
                report(`${owner.label}: cannot resolve its source bucket ${shownRef(owner.props.bucket)} to a bucket in this plan, so the zone of what it replicates cannot be determined; expected the bucket declared in this stack`, owner.urn);
            }
            continue;
        }
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
            const resolved = index.resolve(dest, BUCKETS);
            const known = cfg.knownBucketRegions[dest] ?? cfg.knownBucketRegions[s3BucketFromArn(dest) ?? dest];
            const region = resolved.region ?? known;
            const where = resolved.region !== undefined ? resolved.how : `knownBucketRegions: ${known}`;
            if (region === undefined) {
                report(`${owner.label}: cannot resolve ${via} (${dest}) to a bucket in this plan (${resolved.how}), and knownBucketRegions does not list it, `
                    + "so the region it replicates to cannot be determined; expected the bucket declared in this stack or listed in knownBucketRegions", owner.urn);
                return;
            }
            const why = regionNotAllowed(cfg, z.zone, region);
            if (why) report(`${owner.label} replicates zone "${z.zone}" data (${source.name}'s ${z.source}) to ${dest}, ${where}, via ${via}: ${why}`, owner.urn);
        });
    }
}

const shownRef = (v: unknown): string => (typeof v === "string" ? v : "(not set)");

export const linkedReplicasInZone = stackPolicy<LinkedConfig>({
    name: "residency-linked-replicas-in-zone",
    description: "Replication linked by identifier stays in one zone: Aurora global database members, ElastiCache global datastore members, and S3 replication destinations (references resolved to the resources of the plan they name, else knownBucketRegions).",
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
        const index = new ReferenceIndex(resources);
        auroraGlobalDatabases(resources, cfg, report);
        elastiCacheGlobalDatastores(index, cfg, report);
        s3Replication(index, cfg, report);
    },
});
