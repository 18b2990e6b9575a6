import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy, type Report } from "./lib/define";
import { list, num, record, shown, str, strings } from "./lib/props";
import type { ResourceView } from "./lib/resource";

/** Encryption at rest and in transit for the resource types this product uses. */

interface AtRestConfig {
    readonly requireCustomerManagedKeys: boolean;
    readonly allowedS3Algorithms: readonly string[];
    readonly requireLogGroupKms: boolean;
}

const AT_REST_TYPES: readonly string[] = [
    T.rdsInstance, T.rdsCluster, T.rdsGlobalCluster, T.cacheReplicationGroup, T.dynamoTable, T.dynamoTableReplica,
    T.s3Encryption, T.s3EncryptionV2, T.s3Bucket, T.s3BucketV2, T.ebsVolume, T.snsTopic, T.logGroup, T.secret,
    T.sqsQueue, T.kinesisStream, T.efsFileSystem, T.ec2Instance, "aws:ec2/launchTemplate:LaunchTemplate",
];

/** EBS volumes an instance or launch template creates (AWSGuard encrypted-volumes, for launch templates too). */
function checkBlockDevices(r: ResourceView, report: Report): void {
    if (r.type === T.ec2Instance) {
        const root = record(r.props.rootBlockDevice);
        if (root?.encrypted !== true) report(`${r.label}: rootBlockDevice.encrypted is ${shown(root?.encrypted)}; expected true`);
        list(r.props.ebsBlockDevices).forEach((d, i) => {
            if (record(d)?.encrypted !== true) report(`${r.label}: ebsBlockDevices[${i}].encrypted is ${shown(record(d)?.encrypted)}; expected true`);
        });
        return;
    }
    list(r.props.blockDeviceMappings).forEach((m, i) => {
        const ebs = record(record(m)?.ebs);
        if (ebs && ebs.encrypted !== true && ebs.encrypted !== "true" && str(ebs.snapshotId) === undefined) {
            report(`${r.label}: blockDeviceMappings[${i}].ebs.encrypted is ${shown(ebs.encrypted)}; expected true`);
        }
    });
}

function expectTrue(r: ResourceView, input: string, report: Report, why: string): void {
    const value = r.props[input];
    if (value !== true) report(`${r.label}: ${input} is ${shown(value)}; expected true (${why})`);
}

function expectSet(r: ResourceView, input: string, report: Report, why: string): void {
    if (str(r.props[input]) === undefined) report(`${r.label}: ${input} is ${shown(r.props[input])}; expected ${why}`);
}

function checkS3Rules(r: ResourceView, rules: readonly unknown[], via: string, cfg: AtRestConfig, report: Report): void {
    if (rules.length === 0) report(`${r.label}: ${via} has no rules; expected a default encryption rule with ${cfg.allowedS3Algorithms.join(" or ")}`);
    rules.forEach((rule, i) => {
        const algorithm = record(record(rule)?.applyServerSideEncryptionByDefault)?.sseAlgorithm;
        if (typeof algorithm !== "string" || !cfg.allowedS3Algorithms.includes(algorithm)) {
            report(`${r.label}: ${via}[${i}].applyServerSideEncryptionByDefault.sseAlgorithm is ${shown(algorithm)}; expected one of ${cfg.allowedS3Algorithms.join(", ")}`);
        }
    });
}

export const encryptionAtRest = resourcePolicy<AtRestConfig>({
    name: "encryption-at-rest",
    description: "Data stores are encrypted at rest, with KMS where the service offers it: RDS instances/clusters, ElastiCache, DynamoDB, S3 default encryption, EBS (volumes, instance and launch-template block devices), SNS, CloudWatch log groups (and SQS, Kinesis, EFS, Secrets Manager keys when used).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            requireCustomerManagedKeys: prop.boolean("Also require a customer-managed KMS key where AWS would otherwise use an AWS-owned or AWS-managed key (RDS, DynamoDB, Secrets Manager).", false),
            allowedS3Algorithms: prop.strings("S3 default-encryption algorithms accepted.", ["aws:kms", "aws:kms:dsse"]),
            requireLogGroupKms: prop.boolean("Require CloudWatch log groups to be encrypted with a KMS key (kmsKeyId).", true),
        },
    },
    remediationSteps: "Set the encryption input shown in the message (with the region's KMS key).",
    types: AT_REST_TYPES,
    check: (r, cfg, report) => {
        const p = r.props;
        const cmk = (input: string) => {
            if (cfg.requireCustomerManagedKeys) expectSet(r, input, report, "a customer-managed KMS key ARN (requireCustomerManagedKeys)");
        };
        switch (r.type) {
            case T.rdsInstance: {
                const source = str(p.replicateSourceDb);
                if (source?.startsWith("arn:")) expectSet(r, "kmsKeyId", report, "a KMS key in the replica's region (a cross-region replica is encrypted only through kmsKeyId)");
                else if (source === undefined) expectTrue(r, "storageEncrypted", report, "encrypt the database storage");
                cmk("kmsKeyId");
                return;
            }
            case T.rdsCluster:
                expectTrue(r, "storageEncrypted", report, "encrypt the cluster storage");
                cmk("kmsKeyId");
                return;
            case T.rdsGlobalCluster:
                if (str(p.sourceDbClusterIdentifier) === undefined) expectTrue(r, "storageEncrypted", report, "encrypt the global database");
                return;
            case T.cacheReplicationGroup:
                // A global datastore's secondary inherits the primary's encryption and may not set it.
                if (str(p.globalReplicationGroupId) === undefined) expectTrue(r, "atRestEncryptionEnabled", report, "encrypt cache data and snapshots");
                return;
            case T.dynamoTable: {
                const sse = record(p.serverSideEncryption);
                if (sse?.enabled !== true) report(`${r.label}: serverSideEncryption.enabled is ${shown(sse?.enabled)}; expected true (KMS encryption instead of an AWS-owned key)`);
                if (cfg.requireCustomerManagedKeys && str(sse?.kmsKeyArn) === undefined) {
                    report(`${r.label}: serverSideEncryption.kmsKeyArn is not set; expected a customer-managed KMS key ARN (requireCustomerManagedKeys)`);
                }
                return;
            }
            case T.dynamoTableReplica:
                cmk("kmsKeyArn");
                return;
            case T.s3Encryption:
            case T.s3EncryptionV2:
                checkS3Rules(r, list(p.rules), "rules", cfg, report);
                return;
            case T.s3Bucket:
            case T.s3BucketV2: {
                // The inline (deprecated) configuration; the split resource is checked above.
                const inline = record(p.serverSideEncryptionConfiguration);
                if (inline) checkS3Rules(r, inline.rule === undefined ? [] : [inline.rule], "serverSideEncryptionConfiguration.rule", cfg, report);
                return;
            }
            case T.ebsVolume:
                expectTrue(r, "encrypted", report, "encrypt the volume");
                return;
            case T.snsTopic:
                expectSet(r, "kmsMasterKeyId", report, "a KMS key (alarm messages can carry resource names and data)");
                return;
            case T.logGroup:
                if (cfg.requireLogGroupKms) expectSet(r, "kmsKeyId", report, "the region's KMS key ARN (logs can hold personal data)");
                return;
            case T.secret:
                cmk("kmsKeyId");
                return;
            case T.sqsQueue:
                if (p.sqsManagedSseEnabled === false && str(p.kmsMasterKeyId) === undefined) {
                    report(`${r.label}: sqsManagedSseEnabled is false and kmsMasterKeyId is not set; expected SSE-SQS or a KMS key`);
                }
                return;
            case T.kinesisStream:
                if (p.encryptionType !== "KMS") report(`${r.label}: encryptionType is ${shown(p.encryptionType)}; expected "KMS"`);
                return;
            case T.efsFileSystem:
                expectTrue(r, "encrypted", report, "encrypt the file system");
                return;
            default:
                checkBlockDevices(r, report);
        }
    },
});

interface InTransitConfig {
    readonly allowedListenerSslPolicies: readonly string[];
    readonly tlsPassthroughPorts: readonly number[];
    readonly allowHttpRedirectListeners: boolean;
    readonly requireHttpsToOrigins: boolean;
    readonly allowedOriginSslProtocols: readonly string[];
}

/** ELB policies whose minimum is TLS 1.2 (AWS's recommended TLS13-1-2 family, and the TLS-1-2 / FS-1-2 ones). */
export const TLS12_LISTENER_POLICIES: readonly string[] = [
    "ELBSecurityPolicy-TLS13-1-2-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Res-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext1-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-Ext2-2021-06",
    "ELBSecurityPolicy-TLS13-1-3-2021-06",
    "ELBSecurityPolicy-TLS13-1-2-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-2-Res-FIPS-2023-04",
    "ELBSecurityPolicy-TLS13-1-3-FIPS-2023-04",
    "ELBSecurityPolicy-TLS-1-2-2017-01",
    "ELBSecurityPolicy-TLS-1-2-Ext-2018-06",
    "ELBSecurityPolicy-FS-1-2-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2019-08",
    "ELBSecurityPolicy-FS-1-2-Res-2020-10",
];

const HTTPS_VIEWER_POLICIES = ["https-only", "redirect-to-https"];

function checkListener(r: ResourceView, cfg: InTransitConfig, report: Report): void {
    const p = r.props;
    const protocol = (str(p.protocol) ?? "HTTP").toUpperCase();
    const port = num(p.port);
    if (protocol === "HTTPS" || protocol === "TLS") {
        const policy = str(p.sslPolicy);
        if (policy === undefined || !cfg.allowedListenerSslPolicies.includes(policy)) {
            report(`${r.label}: sslPolicy is ${shown(p.sslPolicy)}; expected a TLS 1.2+ policy such as ${cfg.allowedListenerSslPolicies[0]} (set it explicitly: older AWS defaults accept TLS 1.0)`);
        }
        return;
    }
    if (protocol === "HTTP") {
        const actions = list(p.defaultActions).map(record);
        const redirects = actions.length > 0 && actions.every((a) => a?.type === "redirect" && str(record(a.redirect)?.protocol)?.toUpperCase() === "HTTPS");
        if (!(redirects && cfg.allowHttpRedirectListeners)) {
            report(`${r.label}: protocol is HTTP on port ${shown(port)} and does not only redirect to HTTPS; expected HTTPS (or TLS), or a redirect-to-HTTPS default action`);
        }
        return;
    }
    if (["TCP", "UDP", "TCP_UDP"].includes(protocol)) {
        if (port === undefined || !cfg.tlsPassthroughPorts.includes(port)) {
            report(`${r.label}: protocol ${protocol} on port ${shown(port)} carries plaintext; expected TLS (or TCP on a TLS pass-through port: ${cfg.tlsPassthroughPorts.join(", ")})`);
        }
    }
}

function checkDistributionTransport(r: ResourceView, cfg: InTransitConfig, report: Report): void {
    const p = r.props;
    const behaviors: Array<[string, unknown]> = [["defaultCacheBehavior", p.defaultCacheBehavior], ...list(p.orderedCacheBehaviors).map((b, i): [string, unknown] => [`orderedCacheBehaviors[${i}]`, b])];
    for (const [via, b] of behaviors) {
        const policy = record(b)?.viewerProtocolPolicy;
        if (typeof policy !== "string" || !HTTPS_VIEWER_POLICIES.includes(policy)) {
            report(`${r.label}: ${via}.viewerProtocolPolicy is ${shown(policy)}; expected "redirect-to-https" or "https-only"`);
        }
    }
    list(p.origins).forEach((o, i) => {
        const custom = record(record(o)?.customOriginConfig);
        if (!custom) return; // S3 and VPC origins: CloudFront connects over HTTPS
        if (cfg.requireHttpsToOrigins && custom.originProtocolPolicy !== "https-only") {
            report(`${r.label}: origins[${i}].customOriginConfig.originProtocolPolicy is ${shown(custom.originProtocolPolicy)}; expected "https-only"`);
        }
        const weak = strings(custom.originSslProtocols).filter((s) => !cfg.allowedOriginSslProtocols.includes(s));
        if (weak.length > 0) {
            report(`${r.label}: origins[${i}].customOriginConfig.originSslProtocols includes ${weak.join(", ")}; expected only ${cfg.allowedOriginSslProtocols.join(", ")}`);
        }
    });
}

export const encryptionInTransit = resourcePolicy<InTransitConfig>({
    name: "encryption-in-transit",
    description: "Traffic is encrypted in transit: ElastiCache transit encryption (mode required), load balancer listeners on HTTPS/TLS with a TLS 1.2+ policy (HTTP only to redirect), CloudFront viewers and custom origins on HTTPS with TLS 1.2.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowedListenerSslPolicies: prop.strings("ELB security policies accepted on HTTPS/TLS listeners.", TLS12_LISTENER_POLICIES),
            tlsPassthroughPorts: prop.integers("Ports on which a TCP listener is taken to pass TLS through to targets that terminate it.", [443]),
            allowHttpRedirectListeners: prop.boolean("Accept HTTP listeners whose every default action redirects to HTTPS.", true),
            requireHttpsToOrigins: prop.boolean("Require CloudFront custom origins to be reached over HTTPS only.", true),
            allowedOriginSslProtocols: prop.strings("TLS protocols CloudFront may use towards custom origins.", ["TLSv1.2"]),
        },
    },
    remediationSteps: "Use HTTPS/TLS listeners with ELBSecurityPolicy-TLS13-1-2-2021-06, redirect HTTP to HTTPS, enable ElastiCache transitEncryptionEnabled.",
    types: [T.cacheReplicationGroup, T.lbListener, T.albListener, T.cloudfrontDistribution],
    // Unambiguous fixes only: a TLS 1.2+ policy on an HTTPS/TLS listener, "required" for a cache
    // that already encrypts in transit ("preferred" is the migration state).
    remediate: (r, cfg) => {
        if (r.type === T.cacheReplicationGroup) {
            return r.props.transitEncryptionEnabled === true && r.props.transitEncryptionMode === "preferred" ? { transitEncryptionMode: "required" } : undefined;
        }
        const protocol = str(r.props.protocol)?.toUpperCase();
        if ((r.type === T.lbListener || r.type === T.albListener) && (protocol === "HTTPS" || protocol === "TLS")) {
            const policy = str(r.props.sslPolicy);
            return policy === undefined || !cfg.allowedListenerSslPolicies.includes(policy) ? { sslPolicy: cfg.allowedListenerSslPolicies[0] } : undefined;
        }
        return undefined;
    },
    check: (r, cfg, report) => {
        switch (r.type) {
            case T.cacheReplicationGroup:
                if (r.props.transitEncryptionEnabled !== true) {
                    report(`${r.label}: transitEncryptionEnabled is ${shown(r.props.transitEncryptionEnabled)}; expected true (TLS between clients and the cache)`);
                } else if (r.props.transitEncryptionMode !== undefined && r.props.transitEncryptionMode !== "required") {
                    report(`${r.label}: transitEncryptionMode is ${shown(r.props.transitEncryptionMode)}; expected "required" ("preferred" still accepts plaintext clients)`);
                }
                return;
            case T.cloudfrontDistribution:
                checkDistributionTransport(r, cfg, report);
                return;
            default:
                checkListener(r, cfg, report);
        }
    },
});

/** CloudFront viewer security policies, weakest first. */
export const CLOUDFRONT_TLS_POLICIES: readonly string[] = [
    "SSLv3", "TLSv1", "TLSv1_2016", "TLSv1.1_2016", "TLSv1.2_2018", "TLSv1.2_2019", "TLSv1.2_2021", "TLSv1.2_2025", "TLSv1.3_2025",
];

interface CloudFrontTlsConfig {
    readonly minimumProtocolVersion: string;
    readonly allowDefaultCertificate: boolean;
}

export const cloudFrontMinimumTls = resourcePolicy<CloudFrontTlsConfig>({
    name: "cloudfront-minimum-tls",
    description: "CloudFront viewers negotiate at least TLS 1.2: a custom ACM certificate with a TLS 1.2+ minimumProtocolVersion (the default *.cloudfront.net certificate also accepts TLS 1.0).",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: {
        properties: {
            minimumProtocolVersion: { type: "string", enum: [...CLOUDFRONT_TLS_POLICIES], default: "TLSv1.2_2021", description: "Weakest viewer security policy accepted." },
            allowDefaultCertificate: prop.boolean("Accept the default *.cloudfront.net certificate (TLS 1.0+) for stacks without a domain.", false),
        },
    },
    remediationSteps: "Give the distribution an ACM certificate in us-east-1 and minimumProtocolVersion TLSv1.2_2021.",
    types: [T.cloudfrontDistribution],
    // With a custom certificate, raising the minimum is the whole fix; the default certificate needs a certificate, which no policy can invent.
    remediate: (r, cfg) => {
        const cert = record(r.props.viewerCertificate);
        if (!cert || cert.cloudfrontDefaultCertificate === true) return undefined;
        const version = cert.minimumProtocolVersion;
        const rank = typeof version === "string" ? CLOUDFRONT_TLS_POLICIES.indexOf(version) : -1;
        return rank < CLOUDFRONT_TLS_POLICIES.indexOf(cfg.minimumProtocolVersion) ? { viewerCertificate: { ...cert, minimumProtocolVersion: cfg.minimumProtocolVersion } } : undefined;
    },
    check: (r, cfg, report) => {
        const cert = record(r.props.viewerCertificate);
        if (cert?.cloudfrontDefaultCertificate === true) {
            if (!cfg.allowDefaultCertificate) {
                report(`${r.label}: viewerCertificate.cloudfrontDefaultCertificate is true, which accepts TLS 1.0 whatever minimumProtocolVersion says; expected an ACM certificate (acmCertificateArn) with minimumProtocolVersion ${cfg.minimumProtocolVersion} or later`);
            }
            return;
        }
        const version = cert?.minimumProtocolVersion;
        const rank = typeof version === "string" ? CLOUDFRONT_TLS_POLICIES.indexOf(version) : -1;
        if (rank < CLOUDFRONT_TLS_POLICIES.indexOf(cfg.minimumProtocolVersion)) {
            report(`${r.label}: viewerCertificate.minimumProtocolVersion is ${shown(version)}; expected ${cfg.minimumProtocolVersion} or later`);
        }
    },
});

export const eksSecretsEncryption = resourcePolicy<Record<string, never>>({
    name: "eks-secrets-encryption",
    description: "EKS clusters encrypt Kubernetes secrets with a KMS key (envelope encryption): encryptionConfig on aws.eks.Cluster, encryptionConfigKeyArn on the eks.Cluster component.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: { properties: {} },
    remediationSteps: "Pass the region's KMS key ARN as encryptionConfigKeyArn (eks.Cluster) or encryptionConfig (aws.eks.Cluster).",
    types: [T.eksCluster, T.eksComponentCluster],
    check: (r, _cfg, report) => {
        if (r.type === T.eksComponentCluster) {
            if (str(r.props.encryptionConfigKeyArn) === undefined) {
                report(`${r.label}: encryptionConfigKeyArn is ${shown(r.props.encryptionConfigKeyArn)}; expected a KMS key ARN so Kubernetes secrets are envelope-encrypted`);
            }
            return;
        }
        const config = record(r.props.encryptionConfig);
        const resources = strings(config?.resources);
        const keyArn = str(record(config?.provider)?.keyArn);
        if (!resources.includes("secrets") || keyArn === undefined) {
            report(`${r.label}: encryptionConfig is ${shown(config)}; expected { resources: ["secrets"], provider: { keyArn: <KMS key ARN> } }`);
        }
    },
});
