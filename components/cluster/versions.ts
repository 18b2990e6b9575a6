/**
 * Everything the in-cluster layer installs, pinned. Bump deliberately (and read the release notes).
 */

/**
 * AWS Load Balancer Controller, Helm chart 1.14.0 = controller v2.14.0, from the eks-charts
 * repository the EKS user guide installs it from ("Install AWS Load Balancer Controller with
 * Helm"); the chart's Chart.yaml in kubernetes-sigs/aws-load-balancer-controller release-2.14.
 */
export const LOAD_BALANCER_CONTROLLER_CHART = {
    chart: "aws-load-balancer-controller",
    version: "1.14.0",
    repo: "https://aws.github.io/eks-charts",
} as const;

/**
 * NVIDIA Kubernetes device plugin, chart 0.17.4: the version the EKS user guide's "Install
 * Kubernetes device plugin for GPUs" shows. The EKS-optimised AL2023 NVIDIA AMIs this program uses
 * carry drivers and the container toolkit but not the plugin ("you must install the NVIDIA
 * Kubernetes device plugin"), so without it GPU nodes never advertise nvidia.com/gpu.
 */
export const NVIDIA_DEVICE_PLUGIN_CHART = {
    chart: "nvidia-device-plugin",
    version: "0.17.4",
    repo: "https://nvidia.github.io/k8s-device-plugin",
} as const;

/**
 * The stock public Node.js image the edge service runs on (no image is built): the Docker
 * official image through its ECR Public mirror (no Docker Hub pull limits from the NAT's IP),
 * the same Node release the project's tooling pins (package.json devDependency `node`).
 */
export const EDGE_NODE_IMAGE = "public.ecr.aws/docker/library/node:24.21.0-bookworm-slim";

/** EKS add-on that runs the Pod Identity agent on every node (no version: EKS picks the default for the cluster version). */
export const POD_IDENTITY_AGENT_ADDON = "eks-pod-identity-agent";
