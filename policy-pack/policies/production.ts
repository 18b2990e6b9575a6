import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy, type NotApplicable } from "./lib/define";
import { ENVIRONMENT_CONFIG_PROPERTIES, environmentOf, type EnvironmentConfig } from "./lib/environment";
import { list, num, record, shown, str } from "./lib/props";
import type { ResourceView } from "./lib/resource";

/** Production data survives mistakes and outages: backups, deletion protection, Multi-AZ. */

function requireProduction(r: ResourceView, cfg: EnvironmentConfig, notApplicable: NotApplicable): string {
    const env = environmentOf(r, cfg);
    if (!env.production) return notApplicable(`not production (${env.why})`);
    return env.why;
}

/** A read replica takes its backups, Multi-AZ and retention from its source. */
const isReadReplica = (r: ResourceView) => r.type === T.rdsInstance && str(r.props.replicateSourceDb) !== undefined;

interface BackupConfig extends EnvironmentConfig {
    readonly minimumRetentionDays: number;
}

export const prodBackups = resourcePolicy<BackupConfig>({
    name: "prod-backups",
    description: "Production databases keep backups: RDS backup retention at least minimumRetentionDays and a final snapshot on delete; DynamoDB point-in-time recovery on every table and replica.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            ...ENVIRONMENT_CONFIG_PROPERTIES,
            minimumRetentionDays: prop.integer("Minimum RDS automated-backup retention in production, days (RDS allows up to 35).", 35, 1),
        },
    },
    remediationSteps: "Set backupRetentionPeriod, keep skipFinalSnapshot false, enable pointInTimeRecovery.",
    types: [T.rdsInstance, T.rdsCluster, T.dynamoTable, T.dynamoTableReplica],
    check: (r, cfg, report, notApplicable) => {
        if (isReadReplica(r)) return notApplicable("a read replica; backups are the source's");
        const why = requireProduction(r, cfg, notApplicable);
        const p = r.props;
        switch (r.type) {
            case T.rdsInstance:
            case T.rdsCluster: {
                const days = num(p.backupRetentionPeriod);
                if (days === undefined || days < cfg.minimumRetentionDays) {
                    report(`${r.label}: in production (${why}), backupRetentionPeriod is ${shown(p.backupRetentionPeriod)}; expected at least ${cfg.minimumRetentionDays} days`);
                }
                if (p.skipFinalSnapshot === true) {
                    report(`${r.label}: in production (${why}), skipFinalSnapshot is true; expected false with a finalSnapshotIdentifier, so deleting it keeps a snapshot`);
                }
                return;
            }
            case T.dynamoTable: {
                const pitr = record(p.pointInTimeRecovery);
                if (pitr?.enabled !== true) report(`${r.label}: in production (${why}), pointInTimeRecovery.enabled is ${shown(pitr?.enabled)}; expected true`);
                list(p.replicas).forEach((rep, i) => {
                    const on = record(rep)?.pointInTimeRecovery;
                    if (on !== true) report(`${r.label}: in production (${why}), replicas[${i}].pointInTimeRecovery is ${shown(on)}; expected true (each replica's PITR is separate)`);
                });
                return;
            }
            case T.dynamoTableReplica:
                if (p.pointInTimeRecovery !== true) report(`${r.label}: in production (${why}), pointInTimeRecovery is ${shown(p.pointInTimeRecovery)}; expected true`);
                return;
        }
    },
});

interface DeletionConfig extends EnvironmentConfig {
    readonly requireProtectFor: readonly string[];
}

const DELETION_INPUT: Readonly<Record<string, string>> = {
    [T.rdsInstance]: "deletionProtection",
    [T.rdsCluster]: "deletionProtection",
    [T.rdsGlobalCluster]: "deletionProtection",
    [T.dynamoTable]: "deletionProtectionEnabled",
    [T.dynamoTableReplica]: "deletionProtectionEnabled",
    // AWSGuard elb-deletion-protection-enabled, for the aws v7 types.
    [T.lbLoadBalancer]: "enableDeletionProtection",
    [T.albLoadBalancer]: "enableDeletionProtection",
};

export const prodDeletionProtection = resourcePolicy<DeletionConfig>({
    name: "prod-deletion-protection",
    description: "Production databases and load balancers cannot be deleted by accident: AWS deletion protection on RDS instances, clusters, global clusters, DynamoDB tables (and their replicas) and load balancers, and Pulumi `protect` on the types listed in requireProtectFor.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            ...ENVIRONMENT_CONFIG_PROPERTIES,
            requireProtectFor: prop.strings("Types that must also have the Pulumi `protect` resource option in production.", [T.rdsInstance, T.rdsCluster]),
        },
    },
    remediationSteps: "Set the deletion-protection input and the `protect: true` (and retainOnDelete) resource options in production.",
    types: Object.keys(DELETION_INPUT),
    check: (r, cfg, report, notApplicable) => {
        const why = requireProduction(r, cfg, notApplicable);
        const input = DELETION_INPUT[r.type];
        if (r.props[input] !== true) report(`${r.label}: in production (${why}), ${input} is ${shown(r.props[input])}; expected true`);
        if (r.type === T.dynamoTable) {
            list(r.props.replicas).forEach((rep, i) => {
                const on = record(rep)?.deletionProtectionEnabled;
                if (on !== true) report(`${r.label}: in production (${why}), replicas[${i}].deletionProtectionEnabled is ${shown(on)}; expected true`);
            });
        }
        if (cfg.requireProtectFor.includes(r.type) && !r.protect) {
            report(`${r.label}: in production (${why}), the resource option protect is false; expected protect: true so \`pulumi destroy\` or a replacement cannot delete it`);
        }
    },
});

export const prodMultiAz = resourcePolicy<EnvironmentConfig>({
    name: "prod-multi-az",
    description: "Production databases and caches survive the loss of an availability zone: RDS multiAz; ElastiCache automatic failover with Multi-AZ.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: { properties: { ...ENVIRONMENT_CONFIG_PROPERTIES } },
    remediationSteps: "Set multiAz (RDS) or automaticFailoverEnabled and multiAzEnabled with 2+ nodes (ElastiCache).",
    types: [T.rdsInstance, T.cacheReplicationGroup],
    check: (r, cfg, report, notApplicable) => {
        if (isReadReplica(r)) return notApplicable("a read replica");
        const why = requireProduction(r, cfg, notApplicable);
        const inputs = r.type === T.rdsInstance ? ["multiAz"] : ["automaticFailoverEnabled", "multiAzEnabled"];
        for (const input of inputs) {
            if (r.props[input] !== true) report(`${r.label}: in production (${why}), ${input} is ${shown(r.props[input])}; expected true`);
        }
    },
});
