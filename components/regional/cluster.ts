import * as aws from "@pulumi/aws";
import * as eks from "@pulumi/eks";
import * as pulumi from "@pulumi/pulumi";
import type { ConfigIssue, NodeGroupSizing, RegionConfig } from "../../config";
import { nodeRoleManagedPolicyArns, nodeTrustPolicy } from "./policies";
import type { RegionalScope } from "./scope";

/** Every control-plane log type: audit and authenticator logs are what an investigation needs. */
export const CONTROL_PLANE_LOG_TYPES = ["api", "audit", "authenticator", "controllerManager", "scheduler"] as const;

export type NodeGroupRole = "general" | "gpu" | "memory";
export type CapacityType = "ON_DEMAND" | "SPOT";
export type Architecture = "x86_64" | "arm64";
export type AmiType = "AL2023_x86_64_STANDARD" | "AL2023_ARM_64_STANDARD" | "AL2023_x86_64_NVIDIA" | "AL2023_ARM_64_NVIDIA";

export const GPU_TAINT = { key: "nvidia.com/gpu", value: "true", effect: "NO_SCHEDULE" } as const;

export interface NodeGroupSpec {
    readonly role: NodeGroupRole;
    readonly instanceTypes: readonly string[];
    readonly capacityType: CapacityType;
    readonly amiType: AmiType;
    readonly diskSizeGb: number;
    readonly scaling: { readonly minSize: number; readonly desiredSize: number; readonly maxSize: number };
    readonly labels: Readonly<Record<string, string>>;
    readonly taints: ReadonlyArray<{ readonly key: string; readonly value: string; readonly effect: string }>;
}

/**
 * Graviton (arm64) instance families carry a `g` among the letters after the generation number
 * (m7g, r6gd, c7gn, t4g, g5g, im4gn, is4gen), plus the first-generation a1. Everything else that
 * EKS runs is x86_64 (m6i, r6a, g5, g6e, p5, t3).
 */
export function instanceArchitecture(instanceType: string): Architecture {
    const family = instanceType.split(".")[0];
    if (family === "a1") return "arm64";
    const m = /^[a-z]+\d+([a-z-]*)$/.exec(family);
    return m && m[1].includes("g") ? "arm64" : "x86_64";
}

/** NVIDIA GPU families (g4dn, g5, g5g, g6, g6e, gr6, p4d, p5 ...); g4ad is AMD and needs another AMI. */
export function isNvidiaGpuInstance(instanceType: string): boolean {
    const family = instanceType.split(".")[0];
    if (family === "g4ad") return false;
    return /^(g\d+[a-z]*|gr\d+|p\d+[a-z]*)$/.test(family);
}

/** The AL2023 EKS-optimised AMI type for a group's instance types (all one architecture). */
export function amiTypeFor(instanceTypes: readonly string[], nvidia: boolean): AmiType {
    const arches = new Set(instanceTypes.map(instanceArchitecture));
    if (arches.size !== 1) throw new Error(`instance types ${instanceTypes.join(", ")} mix architectures; one node group runs one AMI`);
    const arm = arches.has("arm64");
    if (nvidia) return arm ? "AL2023_ARM_64_NVIDIA" : "AL2023_x86_64_NVIDIA";
    return arm ? "AL2023_ARM_64_STANDARD" : "AL2023_x86_64_STANDARD";
}

/** Sizing problems the config schema cannot see because they need to know what an instance type is. */
export function nodeGroupIssues(region: Pick<RegionConfig, "code" | "sizing">): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const groups = region.sizing.nodeGroups;
    for (const role of ["general", "gpu", "memory"] as const) {
        const key = `regions.${region.code}.sizing.nodeGroups.${role}.instanceTypes`;
        const types = groups[role].instanceTypes;
        if (new Set(types.map(instanceArchitecture)).size > 1) {
            issues.push({ key, message: `expected instance types of one architecture (x86_64 or arm64), got ${types.join(", ")}` });
        }
        if (role === "gpu") {
            const notGpu = types.filter((t) => !isNvidiaGpuInstance(t));
            if (notGpu.length > 0) issues.push({ key, message: `expected NVIDIA GPU instance types (g5, g6, p5 ...), got ${notGpu.join(", ")}` });
        }
    }
    return issues;
}

const CAPACITY: Record<NodeGroupRole, CapacityType> = {
    // Serving traffic: on-demand, so a spot reclaim never takes the API down.
    general: "ON_DEMAND",
    // GPU spot capacity is scarce and reclaimed often; model serving cannot wait for it.
    gpu: "ON_DEMAND",
    // Memory-optimised batch and cache-warming work tolerates interruption; spot is far cheaper.
    memory: "SPOT",
};

function spec(role: NodeGroupRole, sizing: NodeGroupSizing): NodeGroupSpec {
    const gpu = role === "gpu";
    return {
        role,
        instanceTypes: [...sizing.instanceTypes],
        capacityType: CAPACITY[role],
        amiType: amiTypeFor(sizing.instanceTypes, gpu),
        diskSizeGb: sizing.diskSizeGb,
        scaling: { minSize: sizing.minSize, desiredSize: sizing.desiredSize, maxSize: sizing.maxSize },
        labels: { "ai-platform/workload": role, "ai-platform/capacity": CAPACITY[role] === "SPOT" ? "spot" : "on-demand" },
        // Only pods that ask for a GPU (and tolerate the taint) land on the expensive nodes.
        taints: gpu ? [GPU_TAINT] : [],
    };
}

/** The three managed node groups of a region, from its sizing config. */
export function nodeGroupSpecs(region: Pick<RegionConfig, "sizing">): NodeGroupSpec[] {
    const g = region.sizing.nodeGroups;
    return [spec("general", g.general), spec("gpu", g.gpu), spec("memory", g.memory)];
}

/**
 * Private access always; the public endpoint only for the configured CIDRs (the deployment
 * runner's egress), so whatever applies the in-cluster layer can reach the API server.
 */
export function clusterEndpointAccess(publicAccessCidrs: readonly string[]): { endpointPublicAccess: boolean; publicAccessCidrs?: string[] } {
    return publicAccessCidrs.length === 0 ? { endpointPublicAccess: false } : { endpointPublicAccess: true, publicAccessCidrs: [...publicAccessCidrs] };
}

export interface Cluster {
    readonly cluster: eks.Cluster;
    readonly nodeGroups: eks.ManagedNodeGroup[];
}

export function createCluster(scope: RegionalScope, network: { vpc: { vpcId: pulumi.Output<string>; privateSubnetIds: pulumi.Output<string[]> } }, key: aws.kms.Key): Cluster {
    const { names, protections } = scope;
    // EKS writes control-plane logs to this fixed name; creating it first makes it encrypted and
    // expiring instead of the unencrypted, never-expiring group EKS would create itself.
    const controlPlaneLogs = new aws.cloudwatch.LogGroup(
        scope.child("eks-logs"),
        { name: names.clusterLogGroup, retentionInDays: scope.environment.logRetentionDays, kmsKeyId: key.arn, tags: scope.tags("eks-logs") },
        scope.options(),
    );

    const cluster = new eks.Cluster(
        scope.child("eks"),
        {
            name: names.clusterName,
            version: scope.environment.kubernetesVersion,
            vpcId: network.vpc.vpcId,
            // Control-plane ENIs and nodes live in the private tier only.
            privateSubnetIds: network.vpc.privateSubnetIds,
            endpointPrivateAccess: true,
            ...clusterEndpointAccess(scope.environment.clusterApi.publicAccessCidrs),
            encryptionConfigKeyArn: key.arn,
            authenticationMode: eks.AuthenticationMode.Api,
            enabledClusterLogTypes: [...CONTROL_PLANE_LOG_TYPES],
            skipDefaultNodeGroup: true,
            // Managed node groups use the EKS-created cluster security group; the component's extra
            // node/cluster SGs only serve self-managed nodes. Skipping them makes
            // clusterSecurityGroupId that EKS SG, the one every node and pod actually carries.
            skipDefaultSecurityGroups: true,
            nodeAssociatePublicIpAddress: false,
            createOidcProvider: true,
            deletionProtection: protections.deletionProtection,
            tags: scope.tags("eks"),
        },
        scope.remoteOptions({ dependsOn: [controlPlaneLogs] }),
    );

    const nodeRole = new aws.iam.Role(
        scope.child("node-role"),
        { description: `EKS managed nodes of ${names.clusterName}`, assumeRolePolicy: JSON.stringify(nodeTrustPolicy()), tags: scope.tags("node-role") },
        scope.options(),
    );
    const policyArns = scope.account.apply((a) => nodeRoleManagedPolicyArns(a.partition));
    const attachments = (["worker", "cni", "ecrReadOnly"] as const).map(
        (which) => new aws.iam.RolePolicyAttachment(scope.child(`node-role-${which}`), { role: nodeRole.name, policyArn: policyArns[which] }, scope.options()),
    );

    const nodeGroups = nodeGroupSpecs(scope.region).map(
        (s) =>
            new eks.ManagedNodeGroup(
                scope.child(`ng-${s.role}`),
                {
                    cluster,
                    nodeRoleArn: nodeRole.arn,
                    subnetIds: network.vpc.privateSubnetIds,
                    instanceTypes: [...s.instanceTypes],
                    capacityType: s.capacityType,
                    amiType: s.amiType,
                    diskSize: s.diskSizeGb,
                    // Config is the source of truth for sizes: no in-cluster autoscaler is deployed by
                    // this program. Once one is, set ignoreScalingChanges so the two do not fight.
                    scalingConfig: { ...s.scaling },
                    labels: { ...s.labels },
                    taints: s.taints.map((t) => ({ ...t })),
                    tags: scope.tags(`ng-${s.role}`),
                },
                scope.remoteOptions({ dependsOn: attachments }),
            ),
    );
    return { cluster, nodeGroups };
}
