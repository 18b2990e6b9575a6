import * as assert from "assert";
import type { PlannedResource } from "../../../plan/model";
import { mockRuntime, promiseOf } from "../../support/pulumi";
import { awsCustomResources, buildStack, byName, type BuiltRegion, type BuiltStack } from "./fixture";

/** Mock ids are `<logical name>-<hash of type and name>`: a reference to a resource's id starts with its name. */
function refersTo(value: unknown, resource: PlannedResource): boolean {
    // An id (security groups: `sg-...`) or a name-derived physical name (`<name>-<suffix>`).
    return typeof value === "string" && (value === resource.id || value.startsWith(`${resource.name}-`));
}

function ofType(resources: readonly PlannedResource[], type: string): PlannedResource[] {
    return resources.filter((r) => r.type === type);
}

/** AWS resource types that take no tags; everything else must carry a Name tag. */
const UNTAGGABLE = new Set([
    "aws:kms/alias:Alias",
    "aws:iam/rolePolicy:RolePolicy",
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "aws:secretsmanager/secretVersion:SecretVersion",
]);

const INGRESS_RULE = "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule";

for (const stackName of ["prod", "dev"] as const) {
    describe(`RegionalStack (${stackName} config)`, function () {
        let built: BuiltStack;
        before(async function () {
            built = await buildStack(stackName);
        });

        it("builds one RegionalStack per configured region, each naming its region", function () {
            assert.deepStrictEqual(built.regions.map((r) => r.stack.region), built.config.regions.map((r) => r.code));
            for (const r of built.regions) assert.ok(r.resources.length > 30, `${r.region.code}: only ${r.resources.length} resources`);
        });

        const eachRegion = (title: string, check: (r: BuiltRegion, b: BuiltStack) => Promise<void> | void) =>
            it(title, async function () {
                for (const r of built.regions) await check(r, built);
            });

        eachRegion("puts every resource in its own region, through that region's provider", (r) => {
            for (const res of r.resources) {
                assert.strictEqual(res.region, r.region.code, `${res.name} (${res.type}) is in ${res.region}`);
                if (res.type.startsWith("aws:") || res.type.startsWith("awsx:") || res.type.startsWith("eks:")) {
                    assert.strictEqual(res.provider?.name, `aws-${r.region.code}`, `${res.name} uses provider ${res.provider?.name}`);
                    assert.strictEqual(res.provider?.inputs.region, r.region.code);
                }
            }
        });

        eachRegion("tags every AWS resource: residency through provider default tags, a Name where AWS takes tags", (r, b) => {
            for (const res of awsCustomResources(r.resources)) {
                const raw = res.provider?.inputs.defaultTags;
                const defaults = (typeof raw === "string" ? JSON.parse(raw) : raw) as { tags?: Record<string, string> } | undefined;
                assert.strictEqual(defaults?.tags?.DataResidency, r.region.residency, `${res.name}: no residency default tag`);
                assert.strictEqual(defaults?.tags?.Environment, b.config.environment.name);
                if (!UNTAGGABLE.has(res.type)) {
                    const tags = res.inputs.tags as Record<string, string> | undefined;
                    assert.match(tags?.Name ?? "", new RegExp(`^ai-platform-${b.config.environment.name}-${r.region.code}-`), `${res.name} has no Name tag`);
                }
            }
            for (const remote of ["awsx:ec2:Vpc", "eks:index:Cluster", "eks:index:ManagedNodeGroup"]) {
                for (const res of ofType(r.resources, remote)) assert.ok((res.inputs.tags as Record<string, string>)?.Name, `${res.name} has no Name tag`);
            }
        });

        eachRegion("has one rotating KMS key whose policy lets only this region's CloudWatch Logs use it", (r) => {
            const [key] = ofType(r.resources, "aws:kms/key:Key");
            assert.strictEqual(ofType(r.resources, "aws:kms/key:Key").length, 1);
            assert.strictEqual(key.inputs.enableKeyRotation, true);
            const policy = JSON.parse(String(key.inputs.policy)) as { Statement: Array<{ Principal?: { Service?: string } }> };
            const services = policy.Statement.map((s) => s.Principal?.Service).filter(Boolean);
            assert.deepStrictEqual(services, [`logs.${r.region.code}.amazonaws.com`]);
            assert.ok(String(byName(r.resources, "kms-alias").inputs.name).startsWith("alias/"));
        });

        eachRegion("encrypts every data store and log group with the regional key", async (r, b) => {
            const keyArn = await promiseOf(r.stack.kmsKeyArn);
            assert.ok(keyArn.includes(`:kms:${r.region.code}:`), keyArn);
            const db = byName(r.resources, "db").inputs;
            assert.strictEqual(db.storageEncrypted, true);
            assert.strictEqual(db.kmsKeyId, keyArn);
            assert.strictEqual(db.performanceInsightsEnabled, true);
            assert.strictEqual(db.performanceInsightsKmsKeyId, keyArn);
            assert.strictEqual(db.masterUserSecretKmsKeyId, keyArn);
            const cache = byName(r.resources, "cache").inputs;
            assert.strictEqual(cache.atRestEncryptionEnabled, true);
            assert.strictEqual(cache.transitEncryptionEnabled, true);
            assert.strictEqual(cache.kmsKeyId, keyArn);
            assert.strictEqual(byName(r.resources, "eks").inputs.encryptionConfigKeyArn, keyArn);
            assert.strictEqual(byName(r.resources, "cache-auth").inputs.kmsKeyId, keyArn);
            const logGroups = ofType(r.resources, "aws:cloudwatch/logGroup:LogGroup");
            assert.strictEqual(logGroups.length, 5, logGroups.map((l) => l.name).join(", "));
            for (const lg of logGroups) {
                assert.strictEqual(lg.inputs.kmsKeyId, keyArn, `${lg.name} is not encrypted with the key`);
                assert.strictEqual(lg.inputs.retentionInDays, b.config.environment.logRetentionDays, `${lg.name} retention`);
            }
        });

        eachRegion("keeps the database and the cluster API off the internet", (r) => {
            const db = byName(r.resources, "db").inputs;
            assert.strictEqual(db.publiclyAccessible, false);
            const eks = byName(r.resources, "eks").inputs;
            assert.strictEqual(eks.endpointPublicAccess, false);
            assert.strictEqual(eks.endpointPrivateAccess, true);
            assert.strictEqual(eks.nodeAssociatePublicIpAddress, false);
        });

        eachRegion("lays out a VPC over 3 AZs with public, private and isolated tiers inside the region's CIDR", async (r) => {
            const vpc = byName(r.resources, "vpc");
            assert.strictEqual(vpc.type, "awsx:ec2:Vpc");
            assert.strictEqual(vpc.inputs.cidrBlock, r.region.vpcCidr);
            assert.strictEqual(vpc.inputs.numberOfAvailabilityZones, 3);
            assert.strictEqual(vpc.inputs.subnetStrategy, "Auto");
            assert.strictEqual(vpc.inputs.enableDnsHostnames, true, "the EKS private endpoint needs DNS hostnames");
            const specs = vpc.inputs.subnetSpecs as Array<{ type: string; cidrMask: number }>;
            assert.deepStrictEqual(specs.map((s) => s.type), ["Private", "Public", "Isolated"]);
            const vpcPrefix = Number(r.region.vpcCidr.split("/")[1]);
            for (const s of specs) assert.ok(s.cidrMask > vpcPrefix && s.cidrMask <= 28, `${s.type} /${s.cidrMask}`);
            // Data stores sit in the isolated tier; load balancer in public; nodes in private.
            const isolated = await promiseOf(r.stack.isolatedSubnetIds);
            const privateIds = await promiseOf(r.stack.privateSubnetIds);
            const publicIds = await promiseOf(r.stack.publicSubnetIds);
            assert.strictEqual(isolated.length, 3);
            assert.deepStrictEqual(byName(r.resources, "db-subnets").inputs.subnetIds, isolated);
            assert.deepStrictEqual(byName(r.resources, "cache-subnets").inputs.subnetIds, isolated);
            assert.deepStrictEqual(byName(r.resources, "nlb").inputs.subnets, publicIds);
            assert.deepStrictEqual(byName(r.resources, "eks").inputs.privateSubnetIds, privateIds);
            assert.strictEqual(byName(r.resources, "eks").inputs.publicSubnetIds, undefined);
            for (const ng of ofType(r.resources, "eks:index:ManagedNodeGroup")) assert.deepStrictEqual(ng.inputs.subnetIds, privateIds);
        });

        eachRegion(`uses ${stackName === "prod" ? "one NAT gateway per AZ" : "a single NAT gateway"}`, (r) => {
            const nat = byName(r.resources, "vpc").inputs.natGateways as { strategy: string };
            assert.strictEqual(nat.strategy, stackName === "prod" ? "OnePerAz" : "Single");
        });

        eachRegion("sends VPC flow logs of all traffic to its encrypted log group through a least-privilege role", async (r) => {
            const flow = byName(r.resources, "flow-log").inputs;
            assert.strictEqual(flow.vpcId, await promiseOf(r.stack.vpcId));
            assert.strictEqual(flow.trafficType, "ALL");
            assert.strictEqual(flow.logDestinationType, "cloud-watch-logs");
            const groupName = await promiseOf(r.stack.flowLogGroupName);
            assert.ok(String(flow.logDestination).endsWith(`:log-group:${groupName}`), String(flow.logDestination));
            assert.ok(refersTo(String(flow.iamRoleArn).split("/").pop(), byName(r.resources, "flow-logs-role")));
            const policy = JSON.parse(String(byName(r.resources, "flow-logs-policy").inputs.policy)) as { Statement: Array<{ Action: string[]; Resource: string | string[] }> };
            for (const s of policy.Statement) {
                for (const res of [s.Resource].flat()) assert.notStrictEqual(res, "*");
                for (const a of s.Action) assert.ok(!a.includes("*"), a);
            }
        });

        eachRegion("runs EKS at the configured version with API auth, control-plane logs and no default node group", (r, b) => {
            const eks = byName(r.resources, "eks").inputs;
            assert.strictEqual(eks.version, b.config.environment.kubernetesVersion);
            assert.strictEqual(eks.authenticationMode, "API");
            assert.strictEqual(eks.skipDefaultNodeGroup, true);
            assert.deepStrictEqual(eks.enabledClusterLogTypes, ["api", "audit", "authenticator", "controllerManager", "scheduler"]);
            assert.strictEqual(eks.name, `ai-platform-${b.config.environment.name}-${r.region.code}`);
            // The pre-created log group is the one EKS writes to.
            assert.strictEqual(byName(r.resources, "eks-logs").inputs.name, `/aws/eks/${String(eks.name)}/cluster`);
        });

        eachRegion("has three managed node groups sized from config: general on-demand, GPU with taint, memory on spot", (r) => {
            const groups = ofType(r.resources, "eks:index:ManagedNodeGroup");
            assert.strictEqual(groups.length, 3);
            const want = { general: "ON_DEMAND", gpu: "ON_DEMAND", memory: "SPOT" } as const;
            for (const role of ["general", "gpu", "memory"] as const) {
                const ng = byName(r.resources, `ng-${role}`).inputs;
                const sizing = r.region.sizing.nodeGroups[role];
                assert.strictEqual(ng.capacityType, want[role], role);
                assert.deepStrictEqual(ng.instanceTypes, sizing.instanceTypes);
                assert.deepStrictEqual(ng.scalingConfig, { minSize: sizing.minSize, desiredSize: sizing.desiredSize, maxSize: sizing.maxSize });
                assert.strictEqual(ng.diskSize, sizing.diskSizeGb);
                assert.ok(refersTo(String(ng.nodeRoleArn).split("/").pop(), byName(r.resources, "node-role")), `${role} uses another role`);
                const taints = (ng.taints ?? []) as Array<{ key: string; value: string; effect: string }>;
                if (role === "gpu") {
                    assert.strictEqual(ng.amiType, "AL2023_x86_64_NVIDIA");
                    assert.deepStrictEqual(taints, [{ key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" }]);
                } else {
                    assert.strictEqual(ng.amiType, "AL2023_x86_64_STANDARD");
                    assert.deepStrictEqual(taints, []);
                }
            }
        });

        eachRegion("gives nodes only the worker, CNI and ECR read-only managed policies", (r) => {
            const attached = ofType(r.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment").map((a) => a.inputs.policyArn).sort();
            assert.deepStrictEqual(attached, [
                "arn:aws:iam::aws:policy/AmazonEC2ContainerRegistryReadOnly",
                "arn:aws:iam::aws:policy/AmazonEKSWorkerNodePolicy",
                "arn:aws:iam::aws:policy/AmazonEKS_CNI_Policy",
            ]);
            const trust = JSON.parse(String(byName(r.resources, "node-role").inputs.assumeRolePolicy)) as { Statement: Array<{ Principal: { Service: string } }> };
            assert.deepStrictEqual(trust.Statement.map((s) => s.Principal.Service), ["ec2.amazonaws.com"]);
        });

        eachRegion("runs PostgreSQL from config with TLS forced, IAM auth, managed password and storage autoscaling", (r) => {
            const db = byName(r.resources, "db").inputs;
            const sizing = r.region.sizing.database;
            assert.strictEqual(db.engine, "postgres");
            assert.strictEqual(db.engineVersion, sizing.engineVersion);
            assert.strictEqual(db.instanceClass, sizing.instanceClass);
            assert.strictEqual(db.storageType, "gp3");
            assert.strictEqual(db.allocatedStorage, sizing.allocatedStorageGb);
            assert.ok(Number(db.maxAllocatedStorage) > sizing.allocatedStorageGb, "storage autoscaling needs a higher ceiling");
            assert.strictEqual(db.manageMasterUserPassword, true);
            assert.strictEqual(db.password, undefined, "no password in state");
            assert.strictEqual(db.iamDatabaseAuthenticationEnabled, true);
            assert.deepStrictEqual(db.enabledCloudwatchLogsExports, ["postgresql", "upgrade"]);
            const params = byName(r.resources, "db-params");
            assert.ok(refersTo(db.parameterGroupName, params), String(db.parameterGroupName));
            assert.ok(refersTo(db.dbSubnetGroupName, byName(r.resources, "db-subnets")), String(db.dbSubnetGroupName));
            assert.deepStrictEqual(params.inputs.parameters, [{ name: "rds.force_ssl", value: "1", applyMethod: "immediate" }]);
            assert.strictEqual(params.inputs.family, `postgres${sizing.engineVersion.split(".")[0]}`);
        });

        eachRegion("runs Redis with automatic failover across AZs, node count from config and a random AUTH token", (r) => {
            const cache = byName(r.resources, "cache").inputs;
            assert.strictEqual(cache.engine, "redis");
            assert.strictEqual(cache.nodeType, r.region.sizing.cache.nodeType);
            assert.strictEqual(cache.numCacheClusters, r.region.sizing.cache.nodes);
            assert.strictEqual(cache.automaticFailoverEnabled, true);
            assert.strictEqual(cache.multiAzEnabled, true);
            assert.ok(refersTo(cache.subnetGroupName, byName(r.resources, "cache-subnets")), String(cache.subnetGroupName));
            const token = byName(r.resources, "cache-auth-token");
            assert.strictEqual(token.type, "random:index/randomPassword:RandomPassword");
            assert.ok(Number(token.inputs.length) >= 16 && Number(token.inputs.length) <= 128);
            // The token reaches AWS as a secret, never as plain text in the inputs.
            const auth = cache.authToken as Record<string, unknown>;
            assert.strictEqual(auth["4dabf18193072939515e22adb298388d"], "1b47061264138c4ac30d75fd1eb44270", "authToken is not marked secret");
            assert.match(String(auth.value), /^mock-.*cache-auth-token/);
        });

        eachRegion("lets only the cluster reach PostgreSQL (5432) and Redis (6379); no SSH, nothing else open to the world", async (r) => {
            const clusterSg = await promiseOf(r.stack.clusterSecurityGroupId);
            const rules = ofType(r.resources, INGRESS_RULE);
            for (const [sgName, port] of [["db-sg", 5432], ["cache-sg", 6379]] as const) {
                const sg = byName(r.resources, sgName);
                assert.strictEqual(sg.inputs.ingress, undefined, `${sgName} has inline ingress`);
                const into = rules.filter((x) => refersTo(x.inputs.securityGroupId, sg));
                assert.strictEqual(into.length, 1, `${sgName}: ${into.length} ingress rules`);
                const rule = into[0].inputs;
                assert.strictEqual(rule.referencedSecurityGroupId, clusterSg);
                assert.strictEqual(rule.cidrIpv4, undefined);
                assert.strictEqual(rule.cidrIpv6, undefined);
                assert.deepStrictEqual([rule.ipProtocol, rule.fromPort, rule.toPort], ["tcp", port, port]);
                const db = byName(r.resources, sgName === "db-sg" ? "db" : "cache").inputs;
                assert.ok([db.vpcSecurityGroupIds ?? db.securityGroupIds].flat().every((id) => refersTo(id, sg)), `${sgName} not the store's only SG`);
            }
            for (const rule of rules) {
                const from = Number(rule.inputs.fromPort);
                const to = Number(rule.inputs.toPort);
                assert.ok(!(from <= 22 && 22 <= to), `${rule.name} opens SSH`);
                if (rule.inputs.cidrIpv4 === "0.0.0.0/0") {
                    assert.ok(refersTo(rule.inputs.securityGroupId, byName(r.resources, "ingress-sg")), `${rule.name} opens a non-ingress SG to the world`);
                    assert.deepStrictEqual([from, to], [443, 443]);
                }
            }
            const egress = byName(r.resources, "ingress-to-cluster").inputs;
            assert.strictEqual(egress.referencedSecurityGroupId, clusterSg);
            assert.strictEqual(byName(r.resources, "cluster-from-ingress").inputs.securityGroupId, clusterSg);
            const defaultSg = byName(r.resources, "default-sg").inputs;
            assert.strictEqual(defaultSg.ingress, undefined, "default SG must be left with no rules");
            assert.strictEqual(defaultSg.egress, undefined);
        });

        eachRegion("without a certificate (no domain given), passes TLS through to the edge service's port 8443 on an ip target group health-checked on the config path", async (r) => {
            const nlb = byName(r.resources, "nlb").inputs;
            assert.strictEqual(nlb.loadBalancerType, "network");
            assert.strictEqual(nlb.internal, false);
            assert.strictEqual(nlb.enableCrossZoneLoadBalancing, true);
            assert.ok((nlb.securityGroups as string[]).every((id) => refersTo(id, byName(r.resources, "ingress-sg"))));
            const tg = byName(r.resources, "tg").inputs;
            assert.deepStrictEqual([tg.targetType, tg.protocol, tg.port], ["ip", "TCP", 8443]);
            const hc = tg.healthCheck as Record<string, unknown>;
            assert.strictEqual(hc.protocol, "HTTPS");
            assert.strictEqual(hc.path, r.region.healthCheck.path);
            const listener = byName(r.resources, "https").inputs;
            assert.deepStrictEqual([listener.protocol, listener.port], ["TCP", 443]);
            const tgArn = await promiseOf(r.stack.ingressTargetGroupArn);
            assert.deepStrictEqual(listener.defaultActions, [{ type: "forward", targetGroupArn: tgArn }]);
            assert.strictEqual(listener.loadBalancerArn, await promiseOf(r.stack.ingressLoadBalancerArn));
            assert.match(await promiseOf(r.stack.ingressDnsName), new RegExp(`\\.elb\\.${r.region.code}\\.amazonaws\\.com$`));
            assert.match(await promiseOf(r.stack.ingressZoneId), /^Z[0-9A-Z]+$/);
        });

        if (stackName === "prod") {
            eachRegion("protects production state: Multi-AZ, 35-day backups, deletion protection, final snapshot, protect + retainOnDelete", (r) => {
                const db = byName(r.resources, "db");
                assert.strictEqual(db.inputs.multiAz, true);
                assert.strictEqual(db.inputs.backupRetentionPeriod, 35);
                assert.strictEqual(db.inputs.deletionProtection, true);
                assert.strictEqual(db.inputs.skipFinalSnapshot, false);
                assert.match(String(db.inputs.finalSnapshotIdentifier), /-final$/);
                assert.strictEqual(db.inputs.deleteAutomatedBackups, false);
                assert.strictEqual(byName(r.resources, "eks").inputs.deletionProtection, true);
                assert.strictEqual(byName(r.resources, "nlb").inputs.enableDeletionProtection, true);
                assert.strictEqual(byName(r.resources, "cache").inputs.snapshotRetentionLimit, 7);
                // The key goes with the database: a retained database whose key is deleted is unreadable.
                const kept = r.resources.filter((x) => x.protect && x.retainOnDelete).map((x) => x.name).sort();
                assert.deepStrictEqual(kept, [`prod-${r.region.code}-db`, `prod-${r.region.code}-kms`]);
            });
        } else {
            eachRegion("leaves production protections off in a non-production environment", (r, b) => {
                const db = byName(r.resources, "db");
                assert.strictEqual(db.inputs.multiAz, false);
                assert.strictEqual(db.inputs.backupRetentionPeriod, b.config.environment.nonProductionBackupDays);
                assert.strictEqual(db.inputs.deletionProtection, false);
                assert.strictEqual(db.inputs.skipFinalSnapshot, true);
                assert.strictEqual(db.inputs.finalSnapshotIdentifier, undefined);
                assert.strictEqual(byName(r.resources, "eks").inputs.deletionProtection, false);
                assert.strictEqual(byName(r.resources, "cache").inputs.snapshotRetentionLimit, 0);
                assert.deepStrictEqual(r.resources.filter((x) => x.protect || x.retainOnDelete).map((x) => x.name), []);
            });
        }

        eachRegion("exports every output the global layer and index.ts code against", async (r) => {
            assert.strictEqual(typeof r.stack.region, "string");
            assert.strictEqual(await promiseOf(r.stack.databasePort), 5432);
            for (const k of [
                "vpcId", "kmsKeyArn", "clusterName", "clusterEndpoint", "clusterSecurityGroupId", "nodeSecurityGroupId", "oidcProviderArn",
                "databaseAddress", "databaseSecretArn", "cacheEndpoint", "cacheAuthSecretArn", "ingressLoadBalancerArn", "ingressDnsName",
                "ingressZoneId", "ingressTargetGroupArn", "flowLogGroupName",
            ] as const) {
                const v = await promiseOf(r.stack[k]);
                assert.ok(typeof v === "string" && v.length > 0, `${k} is empty`);
            }
            assert.match(await promiseOf(r.stack.databaseSecretArn), /^arn:aws:secretsmanager:/);
        });
    });
}

describe("RegionalStack: a region whose config it cannot build", function () {
    it("throws a ConfigError naming the key before declaring anything", async function () {
        const { RegionalStack } = await import("../../../components/regional");
        const { RegionalProviders } = await import("../../../components/providers");
        const { platformConfig } = await import("../../support/configs");
        const config = platformConfig("dev");
        const region = config.regions[0];
        const bad = { ...region, sizing: { ...region.sizing, nodeGroups: { ...region.sizing.nodeGroups, gpu: { ...region.sizing.nodeGroups.gpu, instanceTypes: ["m6i.large"] } } } };
        const provider = new RegionalProviders(config.environment).forRegion(region);
        assert.throws(
            () => new RegionalStack("bad-gpu", { region: bad, environment: config.environment, provider }),
            (err: Error) => err.name === "ConfigError" && err.message.includes(`regions.${region.code}.sizing.nodeGroups.gpu.instanceTypes`),
        );
        const runtime = mockRuntime();
        await runtime.settle();
        assert.deepStrictEqual(runtime.resources().filter((r) => r.name.startsWith("bad-gpu")).map((r) => r.name), []);
    });
});
