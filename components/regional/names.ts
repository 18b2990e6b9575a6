import type { EnvironmentConfig, RegionConfig } from "../../config";
import { PROJECT } from "../../config";

/**
 * Physical (AWS-side) names that something else depends on before the resource exists: EKS and
 * RDS write their logs to log groups whose names derive from the cluster name and DB identifier,
 * so those log groups can be created first (KMS-encrypted, with retention) only if the names are
 * fixed. Everything else is auto-named by Pulumi, which keeps replacements collision-free.
 */
export interface PhysicalNames {
    /** Prefix of Name tags: project, environment and region, e.g. `ai-platform-prod-eu-central-1`. */
    readonly prefix: string;
    readonly clusterName: string;
    readonly databaseIdentifier: string;
    readonly finalSnapshotIdentifier: string;
    readonly kmsAlias: string;
    readonly flowLogGroup: string;
    /** EKS always writes control-plane logs here. */
    readonly clusterLogGroup: string;
    /** RDS writes each exported log type to `/aws/rds/instance/<identifier>/<type>`. */
    readonly databaseLogGroup: (logType: string) => string;
    readonly cacheSlowLogGroup: string;
}

export function physicalNames(env: Pick<EnvironmentConfig, "name">, region: Pick<RegionConfig, "code">): PhysicalNames {
    const prefix = `${PROJECT}-${env.name}-${region.code}`;
    const databaseIdentifier = `${prefix}-postgres`;
    const clusterName = prefix;
    return {
        prefix,
        clusterName,
        databaseIdentifier,
        finalSnapshotIdentifier: `${databaseIdentifier}-final`,
        kmsAlias: `alias/${PROJECT}-${env.name}`,
        flowLogGroup: `/${PROJECT}/${env.name}/vpc-flow-logs`,
        clusterLogGroup: `/aws/eks/${clusterName}/cluster`,
        databaseLogGroup: (logType) => `/aws/rds/instance/${databaseIdentifier}/${logType}`,
        cacheSlowLogGroup: `/${PROJECT}/${env.name}/redis/slow-log`,
    };
}
