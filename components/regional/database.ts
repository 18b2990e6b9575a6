import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, RegionConfig } from "../../config";
import type { Protections } from "./protection";
import type { RegionalScope } from "./scope";

export const POSTGRES_PORT = 5432;
/** Log types RDS PostgreSQL can export to CloudWatch Logs. */
export const DATABASE_LOG_EXPORTS = ["postgresql", "upgrade"] as const;
/** Performance Insights retention inside the free tier. */
export const PERFORMANCE_INSIGHTS_RETENTION_DAYS = 7;
/** Without a configured ceiling, storage may grow to this multiple of the initial size. */
export const DEFAULT_STORAGE_GROWTH_FACTOR = 2;

/** "16.4" -> 16. */
export function postgresMajorVersion(engineVersion: string): number {
    const m = /^(\d+)(?:\.\d+)?$/.exec(engineVersion);
    if (!m) throw new Error(`expected a PostgreSQL version like 16 or 16.4, got "${engineVersion}"`);
    return Number(m[1]);
}

/** Parameter groups are per major version: "16.4" -> "postgres16". */
export function parameterGroupFamily(engineVersion: string): string {
    return `postgres${postgresMajorVersion(engineVersion)}`;
}

export interface DatabaseSettings {
    readonly engineVersion: string;
    readonly parameterGroupFamily: string;
    /**
     * A pinned minor version ("16.4") and automatic minor upgrades contradict each other: AWS
     * upgrades, the next `pulumi up` tries to go back and fails. So automatic minor upgrades are on
     * exactly when the config names only a major version ("16").
     */
    readonly autoMinorVersionUpgrade: boolean;
    readonly instanceClass: string;
    readonly allocatedStorageGb: number;
    /** Storage autoscaling ceiling; must be above the allocated size or autoscaling is off. */
    readonly maxAllocatedStorageGb: number;
    readonly multiAz: boolean;
    readonly backupRetentionDays: number;
    readonly deletionProtection: boolean;
    readonly skipFinalSnapshot: boolean;
    readonly finalSnapshotIdentifier?: string;
    readonly deleteAutomatedBackups: boolean;
    readonly applyImmediately: boolean;
}

export function databaseSettings(
    sizing: RegionConfig["sizing"]["database"],
    protections: Protections,
    finalSnapshotIdentifier: string,
): DatabaseSettings {
    const allocated = sizing.allocatedStorageGb;
    return {
        engineVersion: sizing.engineVersion,
        parameterGroupFamily: parameterGroupFamily(sizing.engineVersion),
        autoMinorVersionUpgrade: !sizing.engineVersion.includes("."),
        instanceClass: sizing.instanceClass,
        allocatedStorageGb: allocated,
        maxAllocatedStorageGb: sizing.maxAllocatedStorageGb ?? allocated * DEFAULT_STORAGE_GROWTH_FACTOR,
        multiAz: protections.databaseMultiAz,
        backupRetentionDays: protections.databaseBackupRetentionDays,
        deletionProtection: protections.deletionProtection,
        skipFinalSnapshot: !protections.databaseFinalSnapshot,
        finalSnapshotIdentifier: protections.databaseFinalSnapshot ? finalSnapshotIdentifier : undefined,
        deleteAutomatedBackups: !protections.keepAutomatedBackups,
        applyImmediately: protections.applyImmediately,
    };
}

export function databaseIssues(region: Pick<RegionConfig, "code" | "sizing">): ConfigIssue[] {
    const db = region.sizing.database;
    const issues: ConfigIssue[] = [];
    if (db.maxAllocatedStorageGb !== undefined && db.maxAllocatedStorageGb <= db.allocatedStorageGb) {
        issues.push({
            key: `regions.${region.code}.sizing.database.maxAllocatedStorageGb`,
            message: `expected more than allocatedStorageGb (${db.allocatedStorageGb}) so storage can autoscale, got ${db.maxAllocatedStorageGb}`,
        });
    }
    return issues;
}

export interface Database {
    readonly instance: aws.rds.Instance;
    readonly securityGroup: aws.ec2.SecurityGroup;
}

/**
 * PostgreSQL in the isolated tier, reachable only from the cluster's security group on 5432.
 * The master password is generated and rotated by RDS in Secrets Manager (never in Pulumi state);
 * applications should prefer IAM database authentication.
 */
export function createDatabase(
    scope: RegionalScope,
    net: { vpcId: pulumi.Input<string>; isolatedSubnetIds: pulumi.Input<string[]> },
    clusterSecurityGroupId: pulumi.Input<string>,
    key: aws.kms.Key,
): Database {
    const { names } = scope;
    const settings = databaseSettings(scope.region.sizing.database, scope.protections, names.finalSnapshotIdentifier);

    // No inline rules and no egress: the provider removes AWS's default allow-all egress rule,
    // and a database never starts connections.
    const securityGroup = new aws.ec2.SecurityGroup(
        scope.child("db-sg"),
        { vpcId: net.vpcId, description: `PostgreSQL of ${names.prefix}: reachable only from the EKS cluster`, tags: scope.tags("db-sg") },
        scope.options(),
    );
    new aws.vpc.SecurityGroupIngressRule(
        scope.child("db-from-cluster"),
        {
            securityGroupId: securityGroup.id,
            referencedSecurityGroupId: clusterSecurityGroupId,
            ipProtocol: "tcp",
            fromPort: POSTGRES_PORT,
            toPort: POSTGRES_PORT,
            description: "PostgreSQL from EKS nodes and pods",
            tags: scope.tags("db-from-cluster"),
        },
        scope.options(),
    );

    const subnetGroup = new aws.rds.SubnetGroup(
        scope.child("db-subnets"),
        { subnetIds: net.isolatedSubnetIds, description: `Isolated subnets of ${names.prefix}`, tags: scope.tags("db-subnets") },
        scope.options(),
    );
    const parameterGroup = new aws.rds.ParameterGroup(
        scope.child("db-params"),
        {
            family: settings.parameterGroupFamily,
            description: `${names.prefix}: TLS-only connections`,
            parameters: [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }],
            tags: scope.tags("db-params"),
        },
        scope.options(),
    );
    const logGroups = DATABASE_LOG_EXPORTS.map(
        (type) =>
            new aws.cloudwatch.LogGroup(
                scope.child(`db-logs-${type}`),
                { name: names.databaseLogGroup(type), retentionInDays: scope.environment.logRetentionDays, kmsKeyId: key.arn, tags: scope.tags(`db-logs-${type}`) },
                scope.options(),
            ),
    );

    const instance = new aws.rds.Instance(
        scope.child("db"),
        {
            identifier: names.databaseIdentifier,
            engine: "postgres",
            engineVersion: settings.engineVersion,
            autoMinorVersionUpgrade: settings.autoMinorVersionUpgrade,
            instanceClass: settings.instanceClass,
            dbName: "platform",
            username: "platform_admin",
            manageMasterUserPassword: true,
            masterUserSecretKmsKeyId: key.arn,
            iamDatabaseAuthenticationEnabled: true,
            port: POSTGRES_PORT,
            dbSubnetGroupName: subnetGroup.name,
            vpcSecurityGroupIds: [securityGroup.id],
            publiclyAccessible: false,
            parameterGroupName: parameterGroup.name,
            storageType: "gp3",
            allocatedStorage: settings.allocatedStorageGb,
            maxAllocatedStorage: settings.maxAllocatedStorageGb,
            storageEncrypted: true,
            kmsKeyId: key.arn,
            multiAz: settings.multiAz,
            backupRetentionPeriod: settings.backupRetentionDays,
            copyTagsToSnapshot: true,
            deleteAutomatedBackups: settings.deleteAutomatedBackups,
            deletionProtection: settings.deletionProtection,
            skipFinalSnapshot: settings.skipFinalSnapshot,
            finalSnapshotIdentifier: settings.finalSnapshotIdentifier,
            performanceInsightsEnabled: true,
            performanceInsightsKmsKeyId: key.arn,
            performanceInsightsRetentionPeriod: PERFORMANCE_INSIGHTS_RETENTION_DAYS,
            enabledCloudwatchLogsExports: [...DATABASE_LOG_EXPORTS],
            applyImmediately: settings.applyImmediately,
            tags: scope.tags("db"),
        },
        scope.statefulOptions({ dependsOn: logGroups }),
    );
    return { instance, securityGroup };
}
