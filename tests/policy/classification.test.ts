import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { AWS_REGION_CODES, awsRegion, EU_MEMBER_STATE_REGIONS as CONFIG_EU } from "../../config/awsRegions";
import { INFERENCE_PROFILE_ZONES } from "../../config/bedrock";
import { DEFAULT_PROFILE_PREFIX_ZONES } from "../../policy-pack/policies/bedrock";
import {
    DATA_HOLDING_TYPES,
    GLOBAL_SERVICE_MODULES,
    globalServiceReason,
    isGlobalServiceType,
    isRegionalAwsType,
    T,
} from "../../policy-pack/policies/lib/awsTypes";
import { COPY_TYPES } from "../../policy-pack/policies/replicas";
import { TAGGABLE_TYPES } from "../../policy-pack/policies/tagging";
import { DEFAULT_ZONES, EU_MEMBER_STATE_REGIONS } from "../../policy-pack/policies/lib/zones";
import { RESIDENCY_ZONE_REGIONS } from "../../functions/residencyZones";

/**
 * The pack names types and inputs as strings (it does not depend on @pulumi/aws), so these tests
 * hold every name against the installed @pulumi/aws 7.x and @pulumi/eks 4.x.
 */

const AWS_DIR = path.dirname(require.resolve("@pulumi/aws/package.json"));

/** Every `__pulumiType` token in @pulumi/aws, with the .d.ts that declares it. */
function awsTokens(): Map<string, string> {
    const tokens = new Map<string, string>();
    for (const dir of fs.readdirSync(AWS_DIR)) {
        const full = path.join(AWS_DIR, dir);
        if (dir === "types" || dir === "node_modules" || !fs.statSync(full).isDirectory()) continue;
        for (const file of fs.readdirSync(full).filter((f) => f.endsWith(".js"))) {
            const m = /__pulumiType = '([^']+)'/.exec(fs.readFileSync(path.join(full, file), "utf8"));
            if (m) tokens.set(m[1], path.join(full, file.replace(/\.js$/, ".d.ts")));
        }
    }
    return tokens;
}

const TOKENS = awsTokens();

/** The input names of a type's `<Name>Args` interface. */
function argsOf(token: string): Set<string> {
    const file = TOKENS.get(token);
    assert.ok(file, `${token} is not a type of @pulumi/aws`);
    const name = token.split(":")[2];
    const src = fs.readFileSync(file, "utf8");
    const start = src.indexOf(`export interface ${name}Args {`);
    assert.ok(start >= 0, `${name}Args not found in ${file}`);
    const body = src.slice(start, src.indexOf("\n}", start));
    return new Set([...body.matchAll(/^\s+(?:readonly )?([A-Za-z0-9]+)\??:/gm)].map((m) => m[1]));
}

describe("type tokens and inputs against @pulumi/aws", () => {
    it("every aws token the pack names exists", () => {
        const named = [...Object.values(T), ...DATA_HOLDING_TYPES, ...TAGGABLE_TYPES, ...COPY_TYPES].filter((t) => t.startsWith("aws:"));
        const missing = [...new Set(named)].filter((t) => !TOKENS.has(t));
        assert.deepEqual(missing, []);
    });

    it("the eks.Cluster component token is @pulumi/eks's", () => {
        // eslint-disable-next-line @typescript-eslint/no-require-imports
        const src = fs.readFileSync(require.resolve("@pulumi/eks/cluster.js"), "utf8");
        assert.ok(src.includes(`__pulumiType = '${T.eksComponentCluster}'`));
        const dts = fs.readFileSync(require.resolve("@pulumi/eks/cluster.d.ts"), "utf8");
        for (const input of ["endpointPrivateAccess", "endpointPublicAccess", "publicAccessCidrs", "encryptionConfigKeyArn"]) {
            assert.match(dts, new RegExp(`\\s${input}\\?:`), `eks ClusterArgs has no ${input}`);
        }
    });

    it("CallbackFunction registers as aws:lambda/function:Function (it subclasses Function)", () => {
        const src = fs.readFileSync(path.join(AWS_DIR, "lambda", "lambdaMixins.js"), "utf8");
        assert.match(src, /class CallbackFunction extends function_1\.Function/);
        assert.ok(fs.readFileSync(path.join(AWS_DIR, "lambda", "function.js"), "utf8").includes(`__pulumiType = '${T.lambdaFunction}'`));
    });

    it("every taggable type has a tags input", () => {
        for (const t of TAGGABLE_TYPES) assert.ok(argsOf(t).has("tags"), `${t} has no tags input`);
    });

    // The inputs each policy reads, by type: a renamed input would otherwise make a check silently pass.
    const INPUTS: ReadonlyArray<readonly [string, readonly string[]]> = [
        [T.rdsInstance, ["region", "storageEncrypted", "kmsKeyId", "replicateSourceDb", "publiclyAccessible", "backupRetentionPeriod", "skipFinalSnapshot", "deletionProtection", "multiAz", "tags"]],
        [T.rdsCluster, ["storageEncrypted", "kmsKeyId", "replicationSourceIdentifier", "globalClusterIdentifier", "backupRetentionPeriod", "skipFinalSnapshot", "deletionProtection"]],
        [T.rdsClusterInstance, ["publiclyAccessible"]],
        [T.rdsGlobalCluster, ["globalClusterIdentifier", "sourceDbClusterIdentifier", "storageEncrypted", "deletionProtection"]],
        [T.rdsBackupReplication, ["sourceDbInstanceArn", "region"]],
        [T.cacheReplicationGroup, ["atRestEncryptionEnabled", "transitEncryptionEnabled", "transitEncryptionMode", "automaticFailoverEnabled", "multiAzEnabled", "globalReplicationGroupId", "replicationGroupId"]],
        [T.cacheGlobalReplicationGroup, ["globalReplicationGroupIdSuffix", "primaryReplicationGroupId"]],
        [T.dynamoTable, ["replicas", "globalTableWitness", "serverSideEncryption", "pointInTimeRecovery", "deletionProtectionEnabled"]],
        [T.dynamoTableReplica, ["globalTableArn", "kmsKeyArn", "pointInTimeRecovery", "deletionProtectionEnabled"]],
        [T.dynamoKinesisDestination, ["streamArn"]],
        [T.s3Bucket, ["acl", "bucket", "serverSideEncryptionConfiguration", "replicationConfiguration"]],
        [T.s3Encryption, ["bucket", "rules"]],
        [T.s3EncryptionV2, ["bucket", "rules"]],
        [T.s3Replication, ["bucket", "rules"]],
        [T.s3PublicAccessBlock, ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]],
        [T.s3BucketAclV2, ["acl"]],
        [T.ebsVolume, ["encrypted"]],
        [T.eksCluster, ["vpcConfig", "encryptionConfig"]],
        [T.snsTopic, ["kmsMasterKeyId"]],
        [T.sqsQueue, ["sqsManagedSseEnabled", "kmsMasterKeyId"]],
        [T.kinesisStream, ["encryptionType"]],
        [T.efsFileSystem, ["encrypted"]],
        [T.logGroup, ["kmsKeyId", "retentionInDays"]],
        [T.logSubscriptionFilter, ["destinationArn"]],
        [T.ec2FlowLog, ["logDestination"]],
        [T.backupPlan, ["rules"]],
        [T.cloudfrontDistribution, ["webAclId", "defaultCacheBehavior", "orderedCacheBehaviors", "origins", "viewerCertificate"]],
        [T.lbListener, ["protocol", "port", "sslPolicy", "defaultActions"]],
        [T.albListener, ["protocol", "port", "sslPolicy", "defaultActions"]],
        [T.iamPolicy, ["policy"]],
        [T.iamRolePolicy, ["policy"]],
        [T.iamRole, ["inlinePolicies", "managedPolicyArns"]],
        [T.iamRolePolicyAttachment, ["policyArn"]],
        [T.iamRolePolicyAttachmentsExclusive, ["policyArns"]],
        [T.iamPolicyAttachment, ["policyArn"]],
        [T.lambdaFunction, ["runtime", "packageType", "environment"]],
        [T.wafWebAcl, ["scope", "rules", "ruleJson"]],
        [T.kmsReplicaKey, ["primaryKeyArn"]],
        [T.secret, ["replicas", "kmsKeyId"]],
    ];
    for (const [token, inputs] of INPUTS) {
        it(`${token} has ${inputs.join(", ")}`, () => {
            const args = argsOf(token);
            assert.deepEqual(inputs.filter((i) => !args.has(i)), []);
        });
    }

    it("nested inputs the policies read exist in types/input.d.ts", () => {
        const src = fs.readFileSync(path.join(AWS_DIR, "types", "input.d.ts"), "utf8");
        const fields = (iface: string) => {
            const start = src.indexOf(`interface ${iface} {`);
            assert.ok(start >= 0, `${iface} not found`);
            return src.slice(start, src.indexOf("\n    }", start));
        };
        const expect: ReadonlyArray<readonly [string, readonly string[]]> = [
            ["TableReplica", ["regionName", "pointInTimeRecovery", "deletionProtectionEnabled"]],
            ["TableGlobalTableWitness", ["regionName"]],
            ["TableServerSideEncryption", ["enabled", "kmsKeyArn"]],
            ["TablePointInTimeRecovery", ["enabled"]],
            ["SecretReplica", ["region"]],
            ["BucketReplicationConfigRuleDestination", ["bucket"]],
            ["BucketServerSideEncryptionConfigurationRuleApplyServerSideEncryptionByDefault", ["sseAlgorithm"]],
            ["ClusterVpcConfig", ["endpointPrivateAccess", "endpointPublicAccess", "publicAccessCidrs"]],
            ["ClusterEncryptionConfig", ["provider", "resources"]],
            ["DistributionDefaultCacheBehavior", ["viewerProtocolPolicy"]],
            ["DistributionViewerCertificate", ["cloudfrontDefaultCertificate", "minimumProtocolVersion"]],
            ["DistributionOriginCustomOriginConfig", ["originProtocolPolicy", "originSslProtocols"]],
            ["PlanRuleCopyAction", ["destinationVaultArn"]],
            ["WebAclRuleStatementRateBasedStatement", ["limit", "aggregateKeyType", "evaluationWindowSec"]],
            ["WebAclRuleStatementManagedRuleGroupStatement", ["vendorName", "name"]],
            ["ProviderDefaultTags", ["tags"]],
        ];
        for (const [iface, names] of expect) {
            const body = fields(iface);
            for (const n of names) assert.match(body, new RegExp(`\\s${n}\\??:`), `${iface} has no ${n}`);
        }
    });
});

describe("global and regional types", () => {
    it("every type of a global module is global, except Route 53 Resolver and Profiles", () => {
        for (const token of TOKENS.keys()) {
            const mod = /^aws:([^/]+)\//.exec(token)?.[1] ?? "";
            if (!GLOBAL_SERVICE_MODULES.includes(mod)) continue;
            const regionalException = /^aws:route53\/(resolver|profiles)/.test(token);
            assert.equal(isGlobalServiceType(token), !regionalException, token);
        }
    });

    const TABLE: ReadonlyArray<readonly [string, Record<string, unknown>, string | undefined, "global" | "regional"]> = [
        [T.cloudfrontDistribution, {}, "us-east-1", "global"],
        ["aws:iam/role:Role", {}, "eu-central-1", "global"],
        ["aws:route53/record:Record", {}, undefined, "global"],
        ["aws:route53/resolverEndpoint:ResolverEndpoint", {}, "eu-central-1", "regional"],
        ["aws:globalaccelerator/endpointGroup:EndpointGroup", {}, "us-west-2", "global"],
        [T.wafWebAcl, { scope: "CLOUDFRONT" }, "us-east-1", "global"],
        [T.wafWebAcl, { scope: "REGIONAL" }, "eu-central-1", "regional"],
        [T.wafLogging, { resourceArn: "arn:aws:wafv2:us-east-1:1:global/webacl/x/1" }, "us-east-1", "global"],
        [T.acmCertificate, {}, "us-east-1", "global"],
        [T.acmCertificate, {}, "eu-central-1", "regional"],
        [T.rdsInstance, {}, "eu-central-1", "regional"],
        ["aws:ec2/subnet:Subnet", {}, "eu-central-1", "regional"],
        ["aws:wafregional/webAcl:WebAcl", {}, "eu-central-1", "regional"],
    ];
    for (const [type, props, region, expected] of TABLE) {
        it(`${type}${props.scope ? ` (${String(props.scope)})` : ""} in ${region ?? "no region"} is ${expected}`, () => {
            assert.equal(globalServiceReason(type, props, region) !== undefined, expected === "global");
            assert.equal(isRegionalAwsType(type, props, region), expected === "regional");
        });
    }

    it("data-holding types are all regional", () => {
        for (const t of DATA_HOLDING_TYPES) assert.ok(!isGlobalServiceType(t), t);
    });
    it("components are not AWS types", () => assert.equal(isRegionalAwsType(T.eksComponentCluster, {}, "eu-central-1"), false));
});

describe("default zones agree with the program's region table (config/awsRegions)", () => {
    it("eu is the EU member-state regions: no London, no Zurich", () => {
        assert.deepEqual([...EU_MEMBER_STATE_REGIONS].sort(), [...CONFIG_EU].sort());
        assert.ok(!DEFAULT_ZONES.eu.includes("eu-west-2"));
        assert.ok(!DEFAULT_ZONES.eu.includes("eu-central-2"));
    });
    it("each default zone holds exactly the regions of that jurisdiction", () => {
        for (const [zone, regions] of Object.entries(DEFAULT_ZONES)) {
            const expected = AWS_REGION_CODES.filter((c) => awsRegion(c)?.jurisdiction === zone);
            assert.deepEqual([...regions].sort(), [...expected].sort(), zone);
        }
    });
    it("each default zone equals the residency table in code (functions/residencyZones.ts), which config and the failover guard read", () => {
        for (const [zone, regions] of Object.entries(DEFAULT_ZONES)) assert.deepEqual([...regions].sort(), [...(RESIDENCY_ZONE_REGIONS[zone] ?? [])].sort(), zone);
    });
    it("inference-profile geographies match the config's", () => {
        assert.deepEqual(DEFAULT_PROFILE_PREFIX_ZONES, INFERENCE_PROFILE_ZONES);
    });
});
