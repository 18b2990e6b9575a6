import type { EnvironmentConfig } from "../../config";

/**
 * Everything that differs between a production and a non-production region, decided in one place
 * from `environment.production` (never from the stack's name), so a stack called "prod-copy" or
 * "staging" gets exactly the protections its config asks for.
 */
export interface Protections {
    /** One NAT gateway per AZ survives an AZ outage; one shared NAT is cheaper and fine for dev. */
    readonly natGatewayStrategy: "OnePerAz" | "Single";
    /** RDS standby in a second AZ. */
    readonly databaseMultiAz: boolean;
    /** RDS automated backup retention (days); 35 is the RDS maximum. */
    readonly databaseBackupRetentionDays: number;
    /** Keep a final snapshot when the database is deleted. */
    readonly databaseFinalSnapshot: boolean;
    /** Keep automated backups after the instance is deleted. */
    readonly keepAutomatedBackups: boolean;
    /** AWS-side deletion protection (RDS, EKS, load balancer). */
    readonly deletionProtection: boolean;
    /** Pulumi `protect` and `retainOnDelete` on the stateful resources (database, its KMS key). */
    readonly protectState: boolean;
    /** ElastiCache daily snapshots kept (days); 0 turns snapshots off. */
    readonly cacheSnapshotRetentionDays: number;
    /** Waiting period before a deleted KMS key is gone for good (AWS allows 7..30). */
    readonly kmsDeletionWindowDays: number;
    /** Apply risky modifications at once (dev) or in the maintenance window (prod). */
    readonly applyImmediately: boolean;
    /**
     * NLB access logs (TLS connections, client IPs) to a regional bucket. Production must keep
     * them (policy lb-access-logs); dev skips the bucket, its key grant and its storage.
     */
    readonly nlbAccessLogs: boolean;
}

export const PRODUCTION_BACKUP_RETENTION_DAYS = 35;
export const PRODUCTION_CACHE_SNAPSHOT_DAYS = 7;

export function protectionsFor(env: Pick<EnvironmentConfig, "production" | "nonProductionBackupDays">): Protections {
    const prod = env.production;
    return {
        natGatewayStrategy: prod ? "OnePerAz" : "Single",
        databaseMultiAz: prod,
        databaseBackupRetentionDays: prod ? PRODUCTION_BACKUP_RETENTION_DAYS : env.nonProductionBackupDays,
        databaseFinalSnapshot: prod,
        keepAutomatedBackups: prod,
        deletionProtection: prod,
        protectState: prod,
        cacheSnapshotRetentionDays: prod ? PRODUCTION_CACHE_SNAPSHOT_DAYS : 0,
        kmsDeletionWindowDays: prod ? 30 : 7,
        applyImmediately: !prod,
        nlbAccessLogs: prod,
    };
}
