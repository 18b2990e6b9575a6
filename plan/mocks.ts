import type * as pulumi from "@pulumi/pulumi";
import { identityFor, MOCK_ACCOUNT_ID, mockHash } from "./mockIdentities";

export { MOCK_ACCOUNT_ID } from "./mockIdentities";

/**
 * Pulumi mocks that answer like AWS would: ids, ARNs in the right region and account, endpoints,
 * and for the remote components (awsx VPC, EKS cluster, which under mocks are one resource with
 * no children) the outputs their real implementations return. Shared by the offline plan and
 * the unit tests so both see the same world. Identifiers come from ./mockIdentities (derived from
 * type, name, region and account, so a reference through an output is the same on every run).
 */

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
        if (args.type.startsWith("pulumi:providers:")) {
            // Providers are told apart by region too: tests build same-named providers for several regions.
            const id = mockHash(args.type, args.name, String(inputs.region ?? "")).slice(0, 32);
            this.providers.register(id, inputs);
            return { id, state: inputs };
        }
        // `||`, not `??`: the mock monitor passes "" (not undefined) for "no explicit provider".
        const region = (typeof inputs.region === "string" ? inputs.region : undefined) ?? this.providers.regionOf(args.provider || this.currentProvidersMapAws) ?? this.defaultRegion;
        const { id, outputs } = identityFor(args.type, args.name, region, inputs);
        const state = { ...inputs, ...outputs };
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

const REMOTE_COMPONENTS = new Set(["awsx:ec2:Vpc", "eks:index:Cluster", "eks:index:ManagedNodeGroup"]);

function isRemoteComponent(type: string): boolean {
    return REMOTE_COMPONENTS.has(type);
}
