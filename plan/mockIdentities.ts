import { createHash } from "node:crypto";
import { clusterLayerOutputs, mockKubeconfig } from "./clusterMocks";
import { str } from "./values";

/**
 * The identifiers AWS would give each resource, as the plan's mocks answer them: an `id`, an
 * `arn` in the right partition, region and account, and the attributes other resources refer to
 * (names, key IDs, endpoints, datastore IDs). Each is derived from the resource's type, logical
 * name, region and account, never from the order of registration, so a reference written with an
 * output (`bucket.arn`, `global.globalReplicationGroupId`) reaches the referring resource's inputs
 * as the same string on every run, and the policies can resolve it to the resource it names.
 *
 * Formats follow the AWS docs of each service (ARN formats: "Actions, resources, and condition
 * keys for AWS services" in the Service Authorization Reference); Pulumi auto-names append a
 * 7-character random suffix to the logical name, so the mocks append a 7-character hash.
 */

export const MOCK_ACCOUNT_ID = "123456789012";

type Inputs = Readonly<Record<string, unknown>>;

export interface MockIdentity {
    readonly id: string;
    readonly outputs: Record<string, unknown>;
}

/** Hex SHA-256 of the parts, the one source of every derived identifier. */
export function mockHash(...parts: readonly string[]): string {
    return createHash("sha256").update(parts.join("\u0000")).digest("hex");
}

/** A UUID-shaped identifier (KMS keys, certificates, accelerators, web ACLs). */
function uuid(h: string): string {
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** Modules whose ARNs carry no region (IAM, CloudFront, Route 53, Global Accelerator, S3 buckets). */
const REGIONLESS = new Set(["iam", "cloudfront", "route53", "globalaccelerator", "s3", "budgets", "organizations"]);

export function arnOf(service: string, region: string, resource: string, account: string = MOCK_ACCOUNT_ID): string {
    return `arn:aws:${service}:${REGIONLESS.has(service) ? "" : region}:${account}:${resource}`;
}

/**
 * Identity of one registration. `region` is the resource's effective region (its input, its
 * provider's, or the stack's), already resolved by the caller.
 */
export function identityFor(type: string, name: string, region: string, inputs: Inputs): MockIdentity {
    const h = mockHash(type, name, region, MOCK_ACCOUNT_ID);
    // Pulumi auto-naming: `<logical name>-<7 random chars>`, unless the program gave the name.
    const auto = (key = "name", lower = false) => {
        const given = str(inputs[key]) ?? (str(inputs[`${key}Prefix`]) !== undefined ? `${String(inputs[`${key}Prefix`])}${h.slice(0, 7)}` : undefined);
        const value = given ?? `${name}-${h.slice(0, 7)}`;
        return lower ? value.toLowerCase() : value;
    };
    const [pkg, modulePath, typeName] = type.split(":");
    const service = (modulePath ?? "").split("/")[0];
    const arn = (svc: string, resource: string) => arnOf(svc, region, resource);
    switch (type) {
        case "awsx:ec2:Vpc": {
            const azs = ["a", "b", "c"].slice(0, Number(inputs.numberOfAvailabilityZones ?? 3)).map((s) => `${region}${s}`);
            const vpcId = `vpc-${h.slice(0, 17)}`;
            const subnet = (tier: string) => azs.map((az) => `subnet-${mockHash(h, tier, az).slice(0, 17)}`);
            return {
                id: vpcId,
                outputs: {
                    vpcId,
                    publicSubnetIds: subnet("public"),
                    privateSubnetIds: subnet("private"),
                    isolatedSubnetIds: subnet("isolated"),
                    natGateways: [],
                    vpc: { id: vpcId, arn: arn("ec2", `vpc/${vpcId}`), cidrBlock: inputs.cidrBlock },
                },
            };
        }
        case "eks:index:Cluster": {
            // The component names the EKS cluster `name` when given, as the real eks.Cluster does.
            const clusterName = str(inputs.name) ?? `${name}-eks`;
            const oidcId = h.slice(0, 32).toUpperCase();
            const sg = (kind: string) => `sg-${mockHash(h, kind).slice(0, 17)}`;
            return {
                id: clusterName,
                outputs: {
                    eksCluster: {
                        id: clusterName,
                        name: clusterName,
                        arn: arn("eks", `cluster/${clusterName}`),
                        endpoint: `https://${oidcId}.gr7.${region}.eks.amazonaws.com`,
                        version: inputs.version,
                        vpcConfig: { clusterSecurityGroupId: sg("cluster") },
                        identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${oidcId}` }] }],
                    },
                    clusterSecurityGroupId: sg("cluster"),
                    nodeSecurityGroupId: sg("node"),
                    oidcProviderArn: arnOf("iam", region, `oidc-provider/oidc.eks.${region}.amazonaws.com/id/${oidcId}`),
                    oidcProviderUrl: `oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
                    oidcIssuer: `oidc.eks.${region}.amazonaws.com/id/${oidcId}`,
                    kubeconfigJson: JSON.stringify(mockKubeconfig(clusterName, `https://${oidcId}.gr7.${region}.eks.amazonaws.com`, region)),
                    kubeconfig: mockKubeconfig(clusterName, `https://${oidcId}.gr7.${region}.eks.amazonaws.com`, region),
                },
            };
        }
        case "eks:index:ManagedNodeGroup": {
            const ng = auto("nodeGroupName");
            return { id: ng, outputs: { nodeGroup: { id: ng, nodeGroupName: ng, arn: arn("eks", `nodegroup/${ng}/${uuid(h)}`), status: "ACTIVE" } } };
        }
        case "aws:kms/key:Key": {
            // Multi-region keys carry the mrk- prefix in every region (KMS developer guide). Other
            // keys: a UUID, after the logical name so that tests can tell a stack's keys apart.
            const keyId = inputs.multiRegion === true ? `mrk-${h.slice(0, 32)}` : `${name}-${uuid(h)}`;
            return { id: keyId, outputs: { keyId, arn: arn("kms", `key/${keyId}`) } };
        }
        case "aws:kms/replicaKey:ReplicaKey": {
            const primary = str(inputs.primaryKeyArn);
            const keyId = primary?.split("key/")[1] ?? `mrk-${h.slice(0, 32)}`;
            return { id: keyId, outputs: { keyId, arn: arn("kms", `key/${keyId}`) } };
        }
        case "aws:kms/alias:Alias": {
            const alias = auto();
            return { id: alias, outputs: { name: alias, arn: arn("kms", alias), targetKeyArn: str(inputs.targetKeyId)?.startsWith("arn:") ? inputs.targetKeyId : arn("kms", `key/${String(inputs.targetKeyId ?? "")}`) } };
        }
        case "aws:rds/instance:Instance": {
            const identifier = auto("identifier", true);
            // aws v6+ (Terraform AWS 5): the id of a DB instance is its DbiResourceId.
            const resourceId = `db-${h.slice(0, 26).toUpperCase()}`;
            const address = `${identifier}.c${h.slice(0, 11)}.${region}.rds.amazonaws.com`;
            return {
                id: resourceId,
                outputs: {
                    identifier,
                    resourceId,
                    address,
                    endpoint: `${address}:5432`,
                    port: 5432,
                    arn: arn("rds", `db:${identifier}`),
                    masterUserSecrets: [{ secretArn: arn("secretsmanager", `secret:rds!db-${uuid(h)}-${h.slice(32, 38)}`), kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "", secretStatus: "active" }],
                },
            };
        }
        case "aws:rds/cluster:Cluster": {
            const id = auto("clusterIdentifier", true);
            return { id, outputs: { clusterIdentifier: id, clusterResourceId: `cluster-${h.slice(0, 26).toUpperCase()}`, arn: arn("rds", `cluster:${id}`), endpoint: `${id}.cluster-c${h.slice(0, 11)}.${region}.rds.amazonaws.com` } };
        }
        case "aws:rds/globalCluster:GlobalCluster": {
            const id = auto("globalClusterIdentifier", true);
            return { id, outputs: { globalClusterIdentifier: id, arn: arnOf("rds", "", `global-cluster:${id}`) } };
        }
        case "aws:elasticache/replicationGroup:ReplicationGroup": {
            const id = auto("replicationGroupId", true);
            return {
                id,
                outputs: {
                    replicationGroupId: id,
                    primaryEndpointAddress: `master.${id}.${h.slice(0, 6)}.${region.replace(/-/g, "")}.cache.amazonaws.com`,
                    readerEndpointAddress: `replica.${id}.${h.slice(0, 6)}.${region.replace(/-/g, "")}.cache.amazonaws.com`,
                    port: 6379,
                    arn: arn("elasticache", `replicationgroup:${id}`),
                },
            };
        }
        case "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup": {
            // "ElastiCache automatically applies a prefix to the Global Datastore ID when it is
            // created. Each AWS Region has its own prefix" (CreateGlobalReplicationGroup API).
            const prefix = [...mockHash("elasticache-global-prefix", region).slice(0, 5)].map((c) => String.fromCharCode(97 + (parseInt(c, 16) % 26))).join("");
            const id = `${prefix}-${str(inputs.globalReplicationGroupIdSuffix) ?? name}`;
            return { id, outputs: { globalReplicationGroupId: id, arn: arnOf("elasticache", "", `globalreplicationgroup:${id}`) } };
        }
        case "aws:lb/loadBalancer:LoadBalancer":
        case "aws:alb/loadBalancer:LoadBalancer": {
            const lbName = auto().slice(0, 32);
            const kind = inputs.loadBalancerType === "network" ? "net" : inputs.loadBalancerType === "gateway" ? "gwy" : "app";
            const suffix = `${kind}/${lbName}/${h.slice(0, 16)}`;
            const dnsName = kind === "net" ? `${lbName}-${h.slice(16, 32)}.elb.${region}.amazonaws.com` : `${lbName}-${parseInt(h.slice(16, 26), 16)}.${region}.elb.amazonaws.com`;
            const lbArn = arn("elasticloadbalancing", `loadbalancer/${suffix}`);
            return { id: lbArn, outputs: { name: lbName, arn: lbArn, arnSuffix: suffix, dnsName, zoneId: "Z2IFOLAFXWLO4F" } };
        }
        case "aws:lb/targetGroup:TargetGroup":
        case "aws:alb/targetGroup:TargetGroup": {
            const tgName = auto().slice(0, 32);
            const suffix = `targetgroup/${tgName}/${h.slice(0, 16)}`;
            const tgArn = arn("elasticloadbalancing", suffix);
            return { id: tgArn, outputs: { name: tgName, arn: tgArn, arnSuffix: suffix } };
        }
        case "aws:lb/listener:Listener":
        case "aws:alb/listener:Listener": {
            const lb = str(inputs.loadBalancerArn)?.split(":loadbalancer/")[1] ?? `net/${name}/${h.slice(16, 32)}`;
            const listenerArn = arn("elasticloadbalancing", `listener/${lb}/${h.slice(0, 16)}`);
            return { id: listenerArn, outputs: { arn: listenerArn } };
        }
        case "aws:ec2/securityGroup:SecurityGroup": {
            const id = `sg-${h.slice(0, 17)}`;
            return { id, outputs: { arn: arn("ec2", `security-group/${id}`), name: auto() } };
        }
        case "aws:ec2/instance:Instance": {
            const id = `i-${h.slice(0, 17)}`;
            return { id, outputs: { arn: arn("ec2", `instance/${id}`) } };
        }
        case "aws:ec2/launchTemplate:LaunchTemplate": {
            const id = `lt-${h.slice(0, 17)}`;
            return { id, outputs: { arn: arn("ec2", `launch-template/${id}`), name: auto() } };
        }
        case "aws:iam/role:Role": {
            const roleName = auto();
            const path = str(inputs.path) ?? "/";
            return { id: roleName, outputs: { name: roleName, arn: arnOf("iam", "", `role${path}${roleName}`), uniqueId: `AROA${h.slice(0, 17).toUpperCase()}` } };
        }
        case "aws:iam/policy:Policy": {
            const policyName = auto();
            const policyArn = arnOf("iam", "", `policy${str(inputs.path) ?? "/"}${policyName}`);
            return { id: policyArn, outputs: { name: policyName, arn: policyArn, policyId: `ANPA${h.slice(0, 17).toUpperCase()}` } };
        }
        case "aws:iam/instanceProfile:InstanceProfile": {
            const profile = auto();
            return { id: profile, outputs: { name: profile, arn: arnOf("iam", "", `instance-profile/${profile}`) } };
        }
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider": {
            const oidcArn = arnOf("iam", "", `oidc-provider/${String(inputs.url ?? name).replace(/^https:\/\//, "")}`);
            return { id: oidcArn, outputs: { arn: oidcArn } };
        }
        case "aws:cloudwatch/logGroup:LogGroup": {
            const group = auto();
            return { id: group, outputs: { name: group, arn: arn("logs", `log-group:${group}`) } };
        }
        case "aws:sns/topic:Topic": {
            const topic = auto();
            const topicArn = arn("sns", topic);
            return { id: topicArn, outputs: { name: topic, arn: topicArn } };
        }
        case "aws:sqs/queue:Queue": {
            const queue = auto();
            const url = `https://sqs.${region}.amazonaws.com/${MOCK_ACCOUNT_ID}/${queue}`;
            return { id: url, outputs: { name: queue, arn: arn("sqs", queue), url } };
        }
        case "aws:kinesis/stream:Stream": {
            const stream = auto();
            const streamArn = arn("kinesis", `stream/${stream}`);
            return { id: streamArn, outputs: { name: stream, arn: streamArn } };
        }
        case "aws:kinesis/firehoseDeliveryStream:FirehoseDeliveryStream": {
            const stream = auto();
            const streamArn = arn("firehose", `deliverystream/${stream}`);
            return { id: streamArn, outputs: { name: stream, arn: streamArn } };
        }
        case "aws:backup/vault:Vault": {
            const vault = auto();
            return { id: vault, outputs: { name: vault, arn: arn("backup", `backup-vault:${vault}`) } };
        }
        case "aws:secretsmanager/secret:Secret": {
            // Secrets Manager appends a hyphen and six random characters to the name in the ARN.
            const secret = auto();
            const secretArn = arn("secretsmanager", `secret:${secret}-${h.slice(0, 6)}`);
            return { id: secretArn, outputs: { name: secret, arn: secretArn } };
        }
        case "aws:ssm/parameter:Parameter": {
            const param = auto();
            return { id: param, outputs: { name: param, arn: arn("ssm", `parameter${param.startsWith("/") ? "" : "/"}${param}`) } };
        }
        case "aws:lambda/function:Function": {
            const fn = auto().slice(0, 64);
            const fnArn = arn("lambda", `function:${fn}`);
            return {
                id: fn,
                outputs: {
                    name: fn,
                    arn: fnArn,
                    invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${fnArn}/invocations`,
                    qualifiedArn: `${fnArn}:$LATEST`,
                    version: "$LATEST",
                },
            };
        }
        case "aws:lambda/functionUrl:FunctionUrl": {
            // Function URL ids are 32 lowercase alphanumerics (Lambda developer guide, "Function URLs").
            const urlId = [...h.slice(0, 32)].map((c) => (/[0-9]/.test(c) ? c : String.fromCharCode(c.charCodeAt(0) + 10))).join("");
            return { id: String(inputs.functionName ?? name), outputs: { functionUrl: `https://${urlId}.lambda-url.${region}.on.aws/`, urlId } };
        }
        case "aws:dynamodb/table:Table": {
            const table = auto();
            return {
                id: table,
                outputs: {
                    name: table,
                    arn: arn("dynamodb", `table/${table}`),
                    streamArn: inputs.streamEnabled === true ? arn("dynamodb", `table/${table}/stream/2026-01-01T00:00:00.000`) : undefined,
                },
            };
        }
        case "aws:dynamodb/tableReplica:TableReplica": {
            const table = str(inputs.globalTableArn)?.split(":table/")[1] ?? name;
            return { id: `${table}:${region}`, outputs: { arn: arn("dynamodb", `table/${table}`) } };
        }
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2": {
            const bucket = auto("bucket", true);
            return {
                id: bucket,
                outputs: { bucket, arn: `arn:aws:s3:::${bucket}`, region, bucketDomainName: `${bucket}.s3.amazonaws.com`, bucketRegionalDomainName: `${bucket}.s3.${region}.amazonaws.com` },
            };
        }
        case "aws:eks/cluster:Cluster": {
            const cluster = auto();
            return { id: cluster, outputs: { name: cluster, arn: arn("eks", `cluster/${cluster}`) } };
        }
        case "aws:eks/nodeGroup:NodeGroup": {
            const ng = auto("nodeGroupName");
            return { id: `${String(inputs.clusterName ?? "cluster")}:${ng}`, outputs: { nodeGroupName: ng, arn: arn("eks", `nodegroup/${String(inputs.clusterName ?? "cluster")}/${ng}/${uuid(h)}`) } };
        }
        case "aws:eks/podIdentityAssociation:PodIdentityAssociation": {
            const associationId = `a-${h.slice(0, 17)}`;
            return { id: `${String(inputs.clusterName ?? "cluster")},${associationId}`, outputs: { associationId, associationArn: arn("eks", `podidentityassociation/${String(inputs.clusterName ?? "cluster")}/${associationId}`) } };
        }
        case "aws:acm/certificate:Certificate": {
            const certArn = arn("acm", `certificate/${uuid(h)}`);
            const domain = String(inputs.domainName ?? "example.com");
            return {
                id: certArn,
                outputs: {
                    arn: certArn,
                    // One validation record per name; the record's label is kept short and fixed (`_x`).
                    domainValidationOptions: [domain, ...((inputs.subjectAlternativeNames as unknown[] | undefined) ?? []).map(String)].map((d) => ({
                        domainName: d, resourceRecordName: `_x.${d}.`, resourceRecordType: "CNAME", resourceRecordValue: `_${mockHash(d, h).slice(0, 32)}.acm-validations.aws.`,
                    })),
                },
            };
        }
        case "aws:cloudfront/distribution:Distribution": {
            const id = `E${h.slice(0, 13).toUpperCase()}`;
            return { id, outputs: { arn: arnOf("cloudfront", "", `distribution/${id}`), domainName: `d${h.slice(13, 26)}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed" } };
        }
        // A KeyValueStore is named by its name; its ARN carries a generated id (CloudFront
        // KeyValueStore API: arn:aws:cloudfront::<account>:key-value-store/<id>).
        case "aws:cloudfront/keyValueStore:KeyValueStore": {
            const kvsName = auto();
            return { id: kvsName, outputs: { arn: arnOf("cloudfront", "", `key-value-store/${uuid(h)}`), name: kvsName, etag: h.slice(0, 14).toUpperCase() } };
        }
        case "aws:globalaccelerator/accelerator:Accelerator": {
            const gaArn = arnOf("globalaccelerator", "", `accelerator/${uuid(h)}`);
            return { id: gaArn, outputs: { arn: gaArn, dnsName: `a${h.slice(0, 16)}.awsglobalaccelerator.com`, hostedZoneId: "Z2BJ6XQ5FK7U4H", ipSets: [{ ipAddresses: ["75.2.0.1", "99.83.0.1"], ipFamily: "IPv4" }] } };
        }
        case "aws:globalaccelerator/listener:Listener": {
            const listenerArn = `${str(inputs.acceleratorArn) ?? arnOf("globalaccelerator", "", `accelerator/${uuid(h)}`)}/listener/${h.slice(0, 8)}`;
            return { id: listenerArn, outputs: { arn: listenerArn } };
        }
        case "aws:globalaccelerator/endpointGroup:EndpointGroup": {
            const groupArn = `${str(inputs.listenerArn) ?? "listener"}/endpoint-group/${h.slice(0, 12)}`;
            return { id: groupArn, outputs: { arn: groupArn } };
        }
        case "aws:wafv2/webAcl:WebAcl": {
            const id = uuid(h);
            const aclName = auto();
            const scope = inputs.scope === "CLOUDFRONT" ? "global" : "regional";
            return { id, outputs: { name: aclName, arn: arn("wafv2", `${scope}/webacl/${aclName}/${id}`), capacity: 700 } };
        }
        case "aws:route53/healthCheck:HealthCheck": {
            const id = uuid(h);
            return { id, outputs: { arn: arnOf("route53", "", `healthcheck/${id}`) } };
        }
        case "aws:route53/zone:Zone": {
            const zoneId = `Z${h.slice(0, 20).toUpperCase()}`;
            return { id: zoneId, outputs: { zoneId, arn: arnOf("route53", "", `hostedzone/${zoneId}`), nameServers: ["ns-1.awsdns-01.org"] } };
        }
        // Route 53 answers with the record's name, normalised (GlobalLayer validates ACM through it).
        case "aws:route53/record:Record": {
            const fqdn = String(inputs.name ?? name).replace(/\.$/, "").toLowerCase();
            return { id: `${String(inputs.zoneId ?? "Z")}_${fqdn}_${String(inputs.type ?? "A")}`, outputs: { fqdn } };
        }
        // Auto-named groups that other resources refer to by name (RDS, ElastiCache): the engine
        // would fill `name` (lowercase, with a random suffix); without it the reference is empty.
        case "aws:rds/subnetGroup:SubnetGroup":
        case "aws:rds/parameterGroup:ParameterGroup":
        case "aws:elasticache/subnetGroup:SubnetGroup": {
            const group = auto("name", true);
            return { id: group, outputs: { name: group, arn: arn(service, `${typeName?.toLowerCase() ?? "group"}:${group}`) } };
        }
        case "random:index/randomPassword:RandomPassword": {
            // Names the password it stands for (tests check which secret reaches which input).
            const length = Number(inputs.length ?? 32);
            const result = `mock-${name}-${h.slice(0, 7)}-`.padEnd(length, "x");
            return { id: "none", outputs: { result, bcryptHash: "mock" } };
        }
        default: {
            const id = `${name}-${h.slice(0, 7)}`;
            // In-cluster layer (issue 9): Kubernetes objects, Helm releases, TLS, EKS add-ons.
            const layer = clusterLayerOutputs(type, name, id, region, MOCK_ACCOUNT_ID, inputs);
            return { id, outputs: layer ?? (pkg === "aws" ? { arn: arn(service, `${typeName?.toLowerCase() ?? "resource"}/${id}`) } : {}) };
        }
    }
}
