import { createHash } from "crypto";
import type * as pulumi from "@pulumi/pulumi";

/**
 * Pulumi mocks that answer like AWS would: ids, ARNs in the right region and account, endpoints,
 * and for the remote components (awsx VPC, EKS cluster, which under mocks are one resource with
 * no children) the outputs their real implementations return. Shared by the offline plan and
 * the unit tests so both see the same world.
 */

export const MOCK_ACCOUNT_ID = "123456789012";

type Inputs = Record<string, unknown>;

interface ProviderInfo {
    readonly region?: string;
}

/**
 * Provider resources by id, to find the region a resource is created in. References arrive as
 * `urn::id`; the mock ids are unique, so the id alone identifies the provider.
 */
export class ProviderRegistry {
    private readonly byId = new Map<string, ProviderInfo>();

    register(id: string, inputs: Inputs): void {
        const region = typeof inputs.region === "string" ? inputs.region : undefined;
        this.byId.set(id, { region });
    }

    regionOf(ref: string | undefined): string | undefined {
        if (!ref) return undefined;
        return this.byId.get(ref.slice(ref.lastIndexOf("::") + 2))?.region;
    }
}

export class PlatformMocks implements pulumi.runtime.Mocks {
    readonly providers = new ProviderRegistry();
    /**
     * The `aws` entry of the providers map of the registration being answered. Remote components
     * (awsx, eks) get their provider through that map, which MockResourceArgs does not carry.
     */
    currentProvidersMapAws?: string;

    constructor(private readonly defaultRegion: string) {}

    newResource(args: pulumi.runtime.MockResourceArgs): { id: string | undefined; state: Record<string, unknown> } {
        const inputs: Inputs = args.inputs ?? {};
        const id = mockId(args.type, args.name);
        if (args.type.startsWith("pulumi:providers:")) {
            this.providers.register(id, inputs);
            return { id, state: inputs };
        }
        // `||`, not `??`: the mock monitor passes "" (not undefined) for "no explicit provider".
        const region = (typeof inputs.region === "string" ? inputs.region : undefined) ?? this.providers.regionOf(args.provider || this.currentProvidersMapAws) ?? this.defaultRegion;
        const state = { ...inputs, ...outputsFor(args.type, args.name, id, region, inputs) };
        return { id: args.custom === false && !isRemoteComponent(args.type) ? undefined : id, state };
    }

    call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
        const region = this.providers.regionOf(args.provider) ?? this.defaultRegion;
        switch (args.token) {
            case "aws:index/getRegion:getRegion":
                return { id: region, name: region, region, description: region, endpoint: `ec2.${region}.amazonaws.com` };
            case "aws:index/getCallerIdentity:getCallerIdentity":
                return { accountId: MOCK_ACCOUNT_ID, arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:user/plan`, userId: "AIDAPLAN", id: MOCK_ACCOUNT_ID };
            case "aws:index/getPartition:getPartition":
                return { partition: "aws", dnsSuffix: "amazonaws.com", reverseDnsPrefix: "com.amazonaws", id: "aws" };
            case "aws:index/getAvailabilityZones:getAvailabilityZones": {
                const names = ["a", "b", "c"].map((s) => `${region}${s}`);
                return { names, zoneIds: names.map((_, i) => `${region.slice(0, 3)}-az${i + 1}`), id: region };
            }
            // A public hosted zone looked up by name (GlobalLayer, when no hostedZoneId is configured).
            case "aws:route53/getZone:getZone": {
                const zoneName = String(args.inputs.name ?? "example.com").replace(/\.$/, "");
                const zoneId = `Z0MOCK${zoneName.toUpperCase().replace(/[^A-Z0-9]/g, "")}`.slice(0, 32);
                return { ...args.inputs, id: zoneId, zoneId, name: zoneName, nameServers: ["ns-1.awsdns-01.org"], privateZone: false, arn: `arn:aws:route53:::hostedzone/${zoneId}` };
            }
            case "aws:iam/getPolicyDocument:getPolicyDocument":
                return { json: JSON.stringify({ Version: "2012-10-17", Statement: args.inputs.statements ?? [] }), id: "policy" };
            default:
                return args.inputs;
        }
    }
}

/**
 * A physical id from what the program declares (type and name), not from the order registrations
 * happen to arrive in, so that ids, and the ARNs and endpoints built from them, are the same in
 * every run of the same config (`--json` diffs cleanly).
 */
export function mockId(type: string, name: string): string {
    return `${name}-${createHash("sha256").update(`${type}\0${name}`).digest("hex").slice(0, 6)}`;
}

const REMOTE_COMPONENTS = new Set(["awsx:ec2:Vpc", "eks:index:Cluster", "eks:index:ManagedNodeGroup"]);

function isRemoteComponent(type: string): boolean {
    return REMOTE_COMPONENTS.has(type);
}

function arn(service: string, region: string, resource: string): string {
    return `arn:aws:${service}:${region}:${MOCK_ACCOUNT_ID}:${resource}`;
}

/** Outputs by type token; anything unlisted gets an id-shaped `arn`. */
function outputsFor(type: string, name: string, id: string, region: string, inputs: Inputs): Inputs {
    const [pkg, modulePath] = type.split(":");
    const service = (modulePath ?? "").split("/")[0];
    const generic: Inputs = pkg === "aws" ? { arn: arn(service, region, `${type.split(":")[2]?.toLowerCase() ?? "resource"}/${id}`) } : {};
    switch (type) {
        case "awsx:ec2:Vpc": {
            const azs = ["a", "b", "c"].slice(0, Number(inputs.numberOfAvailabilityZones ?? 3)).map((s) => `${region}${s}`);
            const vpcId = `vpc-${id}`;
            const subnet = (tier: string) => azs.map((az) => `subnet-${tier}-${az}-${id}`);
            return {
                vpcId,
                publicSubnetIds: subnet("public"),
                privateSubnetIds: subnet("private"),
                isolatedSubnetIds: subnet("isolated"),
                natGateways: [],
                vpc: { id: vpcId, arn: arn("ec2", region, `vpc/${vpcId}`), cidrBlock: inputs.cidrBlock },
            };
        }
        case "eks:index:Cluster": {
            // The component names the EKS cluster `name` when given, as the real eks.Cluster does.
            const clusterName = typeof inputs.name === "string" && inputs.name !== "" ? inputs.name : `${name}-eks`;
            return {
                eksCluster: {
                    id: clusterName,
                    name: clusterName,
                    arn: arn("eks", region, `cluster/${clusterName}`),
                    endpoint: `https://${id.toUpperCase()}.gr7.${region}.eks.amazonaws.com`,
                    version: inputs.version,
                    vpcConfig: { clusterSecurityGroupId: `sg-cluster-${id}` },
                    identities: [{ oidcs: [{ issuer: `https://oidc.eks.${region}.amazonaws.com/id/${id.toUpperCase()}` }] }],
                },
                clusterSecurityGroupId: `sg-cluster-${id}`,
                nodeSecurityGroupId: `sg-node-${id}`,
                oidcProviderArn: arn("iam", "", `oidc-provider/oidc.eks.${region}.amazonaws.com/id/${id.toUpperCase()}`).replace(`:${region}:`, "::"),
                oidcProviderUrl: `oidc.eks.${region}.amazonaws.com/id/${id.toUpperCase()}`,
                oidcIssuer: `oidc.eks.${region}.amazonaws.com/id/${id.toUpperCase()}`,
                kubeconfigJson: JSON.stringify({ apiVersion: "v1", clusters: [{ name: clusterName }] }),
                kubeconfig: { apiVersion: "v1", clusters: [{ name: clusterName }] },
            };
        }
        case "eks:index:ManagedNodeGroup":
            return { nodeGroup: { id, nodeGroupName: `${name}`, arn: arn("eks", region, `nodegroup/${name}/${id}`), status: "ACTIVE" } };
        case "aws:kms/key:Key":
            return { keyId: id, arn: arn("kms", region, `key/${id}`) };
        case "aws:kms/alias:Alias":
            return { arn: arn("kms", region, `${String(inputs.name ?? `alias/${name}`)}`) };
        case "aws:rds/instance:Instance":
            return {
                address: `${name}.${id}.${region}.rds.amazonaws.com`,
                endpoint: `${name}.${id}.${region}.rds.amazonaws.com:5432`,
                port: 5432,
                arn: arn("rds", region, `db:${name}`),
                masterUserSecrets: [{ secretArn: arn("secretsmanager", region, `secret:rds!db-${id}`), kmsKeyId: inputs.masterUserSecretKmsKeyId ?? "", secretStatus: "active" }],
            };
        case "aws:elasticache/replicationGroup:ReplicationGroup":
            return {
                primaryEndpointAddress: `master.${name}.${id}.${region}.cache.amazonaws.com`,
                readerEndpointAddress: `replica.${name}.${id}.${region}.cache.amazonaws.com`,
                port: 6379,
                arn: arn("elasticache", region, `replicationgroup:${name}`),
            };
        case "aws:lb/loadBalancer:LoadBalancer":
            return {
                dnsName: `${name}-${id}.elb.${region}.amazonaws.com`,
                zoneId: "Z2IFOLAFXWLO4F",
                arn: arn("elasticloadbalancing", region, `loadbalancer/net/${name}/${id}`),
                arnSuffix: `net/${name}/${id}`,
            };
        case "aws:lb/targetGroup:TargetGroup":
            return { arn: arn("elasticloadbalancing", region, `targetgroup/${name}/${id}`), arnSuffix: `targetgroup/${name}/${id}` };
        case "aws:ec2/securityGroup:SecurityGroup":
            return { arn: arn("ec2", region, `security-group/sg-${id}`) };
        case "aws:iam/role:Role":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/${id}`, name: id, uniqueId: `AROA${id.toUpperCase()}` };
        case "aws:iam/policy:Policy":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:policy/${id}`, name: id };
        case "aws:iam/openIdConnectProvider:OpenIdConnectProvider":
            return { arn: `arn:aws:iam::${MOCK_ACCOUNT_ID}:oidc-provider/${String(inputs.url ?? id).replace(/^https:\/\//, "")}` };
        case "aws:cloudwatch/logGroup:LogGroup":
            return { arn: arn("logs", region, `log-group:${String(inputs.name ?? id)}`), name: inputs.name ?? id };
        case "aws:sns/topic:Topic":
            return { arn: arn("sns", region, id), name: inputs.name ?? id };
        case "aws:lambda/function:Function":
            return {
                arn: arn("lambda", region, `function:${id}`),
                invokeArn: `arn:aws:apigateway:${region}:lambda:path/2015-03-31/functions/${arn("lambda", region, `function:${id}`)}/invocations`,
                name: id,
                qualifiedArn: arn("lambda", region, `function:${id}:$LATEST`),
            };
        case "aws:lambda/functionUrl:FunctionUrl":
            return { functionUrl: `https://${id}.lambda-url.${region}.on.aws/` };
        case "aws:dynamodb/table:Table":
            return { arn: arn("dynamodb", region, `table/${String(inputs.name ?? id)}`), name: inputs.name ?? id, streamArn: arn("dynamodb", region, `table/${String(inputs.name ?? id)}/stream/2026-01-01T00:00:00.000`) };
        case "aws:s3/bucket:Bucket":
        case "aws:s3/bucketV2:BucketV2":
            return { arn: `arn:aws:s3:::${id}`, bucket: id, bucketDomainName: `${id}.s3.amazonaws.com`, bucketRegionalDomainName: `${id}.s3.${region}.amazonaws.com` };
        case "aws:globalaccelerator/accelerator:Accelerator":
            return { arn: `arn:aws:globalaccelerator::${MOCK_ACCOUNT_ID}:accelerator/${id}`, dnsName: `${id}.awsglobalaccelerator.com`, hostedZoneId: "Z2BJ6XQ5FK7U4H", ipSets: [{ ipAddresses: ["75.2.0.1", "99.83.0.1"], ipFamily: "IPv4" }] };
        case "aws:globalaccelerator/listener:Listener":
            return { arn: `arn:aws:globalaccelerator::${MOCK_ACCOUNT_ID}:accelerator/${id}/listener/${id}` };
        case "aws:cloudfront/distribution:Distribution":
            return { arn: `arn:aws:cloudfront::${MOCK_ACCOUNT_ID}:distribution/${id.toUpperCase()}`, domainName: `d${id}.cloudfront.net`, hostedZoneId: "Z2FDTNDATAQYW2", status: "Deployed" };
        case "aws:wafv2/webAcl:WebAcl":
            return { arn: arn("wafv2", region, `global/webacl/${name}/${id}`), capacity: 700 };
        case "aws:acm/certificate:Certificate":
            return { arn: arn("acm", region, `certificate/${id}`), domainValidationOptions: [{ domainName: inputs.domainName, resourceRecordName: `_x.${String(inputs.domainName)}.`, resourceRecordType: "CNAME", resourceRecordValue: `_y.acm-validations.aws.` }] };
        case "aws:route53/healthCheck:HealthCheck":
            return { arn: `arn:aws:route53:::healthcheck/${id}` };
        case "aws:route53/zone:Zone":
            return { zoneId: `Z${id.toUpperCase()}`, nameServers: ["ns-1.awsdns-01.org"] };
        // Route 53 answers with the record's name, normalised (GlobalLayer validates ACM through it).
        case "aws:route53/record:Record":
            return { ...generic, fqdn: String(inputs.name ?? name).replace(/\.$/, "").toLowerCase() };
        // Auto-named groups that other resources refer to by name (RDS, ElastiCache): the engine
        // would fill `name` (lowercase, with a random suffix); without it the reference is empty.
        case "aws:rds/subnetGroup:SubnetGroup":
        case "aws:rds/parameterGroup:ParameterGroup":
        case "aws:elasticache/subnetGroup:SubnetGroup":
            return { ...generic, name: inputs.name ?? id.toLowerCase() };
        case "random:index/randomPassword:RandomPassword":
            return { result: `mock-${id}-${"x".repeat(Math.max(0, Number(inputs.length ?? 32) - id.length - 5))}`, bcryptHash: "mock" };
        default:
            return generic;
    }
}
