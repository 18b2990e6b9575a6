/**
 * The in-cluster layer of one region, applied through a Kubernetes provider built from the
 * cluster's kubeconfig: the EKS Pod Identity agent, the AWS Load Balancer Controller (registers
 * the edge pods in the ingress target group through a TargetGroupBinding), the NVIDIA device
 * plugin for the GPU node group, the platform edge service, and the deployment role's access
 * entry (so the role that applies this layer may).
 *
 * Why the controller and not EKS Auto Mode: Auto Mode replaces managed node groups with its own
 * NodePools (Bottlerocket, instance choice by Karpenter), so the three capacity classes sized from
 * config would become NodePool requirements and the GPU and spot sizing would no longer be what
 * the config says; the controller keeps the node groups as they are and needs only one
 * least-privilege role. See README "In-cluster layer".
 */
import * as aws from "@pulumi/aws";
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import type { RegionConfig } from "../../config";
import { GPU_TAINT } from "../regional/cluster";
import { createEdgeService, EDGE_NAME, EDGE_NAMESPACE, EDGE_PORT } from "./edgeService";
import { edgeServicePolicy, loadBalancerControllerPolicy, podIdentityTrustPolicy } from "./iam";
import { LOAD_BALANCER_CONTROLLER_CHART, NVIDIA_DEVICE_PLUGIN_CHART, POD_IDENTITY_AGENT_ADDON } from "./versions";

export const IN_CLUSTER_LAYER_TYPE = "ai-platform:cluster:InClusterLayer";
export const LOAD_BALANCER_CONTROLLER_SA = { namespace: "kube-system", name: "aws-load-balancer-controller" } as const;
/** The EKS access policy that makes a principal cluster administrator (EKS user guide, access policies). */
export const CLUSTER_ADMIN_POLICY = "AmazonEKSClusterAdminPolicy";

export interface InClusterLayerArgs {
    readonly region: RegionConfig;
    readonly provider: aws.Provider;
    readonly clusterName: pulumi.Input<string>;
    readonly clusterArn: pulumi.Input<string>;
    readonly kubeconfig: pulumi.Input<string>;
    readonly vpcId: pulumi.Input<string>;
    readonly ingressTargetGroupArn: pulumi.Input<string>;
    readonly failoverFunctionArn: pulumi.Input<string>;
    readonly failoverUrl: pulumi.Input<string>;
    readonly databaseHost: pulumi.Input<string>;
    readonly databasePort: pulumi.Input<number>;
    readonly cacheHost: pulumi.Input<string>;
    readonly originVerifySecret?: pulumi.Input<string>;
    /** The role Pulumi Deployments assumes; gets cluster-admin through an access entry. */
    readonly deploymentRoleArn?: pulumi.Input<string>;
}

const GENERAL_NODES = { "ai-platform/workload": "general" };
const GPU_NODES = { "ai-platform/workload": "gpu" };

export class InClusterLayer extends pulumi.ComponentResource {
    readonly edgeRoleArn: pulumi.Output<string>;
    readonly kubernetesProvider: k8s.Provider;

    constructor(name: string, args: InClusterLayerArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super(IN_CLUSTER_LAYER_TYPE, name, {}, pulumi.mergeOptions(opts, { providers: { aws: args.provider } }));
        const aw = { parent: this };
        const accountId = aws.getCallerIdentityOutput({}, aw).accountId;
        const partition = aws.getPartitionOutput({}, aw).partition;

        // Access first: the role that applies everything below must be allowed into the cluster.
        const access: pulumi.Resource[] = [];
        if (args.deploymentRoleArn !== undefined) {
            const entry = new aws.eks.AccessEntry(`${name}-deployer-access`, { clusterName: args.clusterName, principalArn: args.deploymentRoleArn, type: "STANDARD" }, aw);
            access.push(entry, new aws.eks.AccessPolicyAssociation(`${name}-deployer-admin`, {
                clusterName: args.clusterName,
                principalArn: args.deploymentRoleArn,
                policyArn: pulumi.interpolate`arn:${partition}:eks::aws:cluster-access-policy/${CLUSTER_ADMIN_POLICY}`,
                accessScope: { type: "cluster" },
            }, { ...aw, dependsOn: [entry] }));
        }

        this.kubernetesProvider = new k8s.Provider(`${name}-k8s`, { kubeconfig: args.kubeconfig, enableServerSideApply: true }, { parent: this, dependsOn: access });
        const kube = { parent: this, provider: this.kubernetesProvider };

        const agent = new aws.eks.Addon(`${name}-pod-identity-agent`, { clusterName: args.clusterName, addonName: POD_IDENTITY_AGENT_ADDON, resolveConflictsOnCreate: "OVERWRITE" }, aw);
        const trust = pulumi.all([accountId, args.clusterArn]).apply(([id, arn]) => JSON.stringify(podIdentityTrustPolicy(id, arn)));

        // ---- AWS Load Balancer Controller ------------------------------------------------
        const lbcRole = new aws.iam.Role(`${name}-lbc-role`, { description: `AWS Load Balancer Controller in ${args.region.code}: TargetGroupBinding onto the ingress target group`, assumeRolePolicy: trust }, aw);
        const lbcPolicy = new aws.iam.RolePolicy(`${name}-lbc-policy`, {
            role: lbcRole.name,
            policy: pulumi.output(args.ingressTargetGroupArn).apply((tg) => JSON.stringify(loadBalancerControllerPolicy([tg]))),
        }, aw);
        const lbcIdentity = new aws.eks.PodIdentityAssociation(`${name}-lbc-identity`, {
            clusterName: args.clusterName,
            namespace: LOAD_BALANCER_CONTROLLER_SA.namespace,
            serviceAccount: LOAD_BALANCER_CONTROLLER_SA.name,
            roleArn: lbcRole.arn,
        }, { ...aw, dependsOn: [agent] });
        const lbc = new k8s.helm.v3.Release(`${name}-lbc`, {
            name: "aws-load-balancer-controller",
            chart: LOAD_BALANCER_CONTROLLER_CHART.chart,
            version: LOAD_BALANCER_CONTROLLER_CHART.version,
            repositoryOpts: { repo: LOAD_BALANCER_CONTROLLER_CHART.repo },
            namespace: LOAD_BALANCER_CONTROLLER_SA.namespace,
            values: {
                clusterName: args.clusterName,
                region: args.region.code,
                vpcId: args.vpcId,
                serviceAccount: { create: true, name: LOAD_BALANCER_CONTROLLER_SA.name },
                replicaCount: 2,
                nodeSelector: GENERAL_NODES,
                // Only TargetGroupBinding is used: no webhook taking over Services, no IngressClass,
                // no WAF/Shield calls the role is not granted.
                enableServiceMutatorWebhook: false,
                createIngressClassResource: false,
                enableShield: false,
                enableWaf: false,
                enableWafv2: false,
            },
            atomic: true,
        }, { ...kube, dependsOn: [lbcIdentity, lbcPolicy] });

        // ---- NVIDIA device plugin on the GPU group ---------------------------------------
        new k8s.helm.v3.Release(`${name}-nvidia-device-plugin`, {
            name: "nvidia-device-plugin",
            chart: NVIDIA_DEVICE_PLUGIN_CHART.chart,
            version: NVIDIA_DEVICE_PLUGIN_CHART.version,
            repositoryOpts: { repo: NVIDIA_DEVICE_PLUGIN_CHART.repo },
            namespace: "kube-system",
            values: {
                nodeSelector: GPU_NODES,
                tolerations: [{ key: GPU_TAINT.key, operator: "Exists", effect: "NoSchedule" }],
            },
        }, kube);

        // ---- edge service ------------------------------------------------------------------
        const edgeRole = new aws.iam.Role(`${name}-edge-role`, { description: `Platform edge service in ${args.region.code}: calls its own region's failover function URL`, assumeRolePolicy: trust }, aw);
        const edgePolicy = new aws.iam.RolePolicy(`${name}-edge-policy`, {
            role: edgeRole.name,
            policy: pulumi.output(args.failoverFunctionArn).apply((arn) => JSON.stringify(edgeServicePolicy(arn))),
        }, aw);
        const edgeIdentity = new aws.eks.PodIdentityAssociation(`${name}-edge-identity`, {
            clusterName: args.clusterName,
            namespace: EDGE_NAMESPACE,
            serviceAccount: EDGE_NAME,
            roleArn: edgeRole.arn,
        }, { ...aw, dependsOn: [agent] });
        const edge = createEdgeService(`${name}-edge`, {
            region: args.region.code,
            failoverUrl: args.failoverUrl,
            databaseHost: args.databaseHost,
            databasePort: args.databasePort,
            cacheHost: args.cacheHost,
            healthPath: args.region.healthCheck.path,
            originVerifySecret: args.originVerifySecret,
            nodeSelector: GENERAL_NODES,
        }, kube, [edgeIdentity, edgePolicy]);

        // The controller registers the edge pods' IPs in the program's target group.
        new k8s.apiextensions.CustomResource(`${name}-edge-tgb`, {
            apiVersion: "elbv2.k8s.aws/v1beta1",
            kind: "TargetGroupBinding",
            metadata: { name: EDGE_NAME, namespace: edge.namespace.metadata.name },
            spec: {
                serviceRef: { name: edge.service.metadata.name, port: EDGE_PORT },
                targetGroupARN: args.ingressTargetGroupArn,
                targetType: "ip",
            },
        }, { ...kube, dependsOn: [lbc] });

        this.edgeRoleArn = edgeRole.arn;
        this.registerOutputs({ edgeRoleArn: this.edgeRoleArn });
    }
}
