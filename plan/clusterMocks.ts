/**
 * Mock outputs for the in-cluster layer (issue 9): the EKS cluster's kubeconfig, Kubernetes
 * objects, Helm releases, generated TLS material and the EKS add-on / Pod Identity / access-entry
 * resources, shaped as the real providers return them. Called from plan/mocks.ts.
 */

type Inputs = Record<string, unknown>;

/** The kubeconfig @pulumi/eks returns: API server, CA, and `aws eks get-token` as the credential. */
export function mockKubeconfig(clusterName: string, endpoint: string, region: string): Inputs {
    return {
        apiVersion: "v1",
        kind: "Config",
        clusters: [{ name: clusterName, cluster: { server: endpoint, "certificate-authority-data": Buffer.from(`mock CA of ${clusterName}`).toString("base64") } }],
        contexts: [{ name: "aws", context: { cluster: clusterName, user: "aws" } }],
        "current-context": "aws",
        users: [{
            name: "aws",
            user: { exec: { apiVersion: "client.authentication.k8s.io/v1beta1", command: "aws", args: ["--region", region, "eks", "get-token", "--cluster-name", clusterName, "--output", "json"] } },
        }],
    };
}

const PEM = (kind: string, id: string) => `-----BEGIN ${kind}-----\n${Buffer.from(`mock ${kind} ${id}`).toString("base64")}\n-----END ${kind}-----\n`;

function kubernetesMetadata(name: string, id: string, inputs: Inputs): Inputs {
    const meta = (inputs.metadata ?? {}) as Inputs;
    // Without a name, the provider auto-names `<logical name>-<random>`, as the real one does.
    const objectName = typeof meta.name === "string" && meta.name !== "" ? meta.name : `${name}-${id.slice(-6)}`;
    return { metadata: { ...meta, name: objectName, uid: `uid-${id}`, resourceVersion: "1", generation: 1 } };
}

/** Outputs for the types above, or undefined for any other type. */
export function clusterLayerOutputs(type: string, name: string, id: string, region: string, account: string, inputs: Inputs): Inputs | undefined {
    if (type === "kubernetes:helm.sh/v3:Release") {
        return { status: { name: inputs.name ?? name, namespace: inputs.namespace ?? "default", chart: inputs.chart, version: inputs.version, status: "deployed", revision: 1 } };
    }
    if (type.startsWith("kubernetes:")) return kubernetesMetadata(name, id, inputs);
    switch (type) {
        case "tls:index/privateKey:PrivateKey":
            return { privateKeyPem: PEM("PRIVATE KEY", id), privateKeyPemPkcs8: PEM("PRIVATE KEY", id), publicKeyPem: PEM("PUBLIC KEY", id) };
        case "tls:index/selfSignedCert:SelfSignedCert":
            return { certPem: PEM("CERTIFICATE", id), validityStartTime: "2026-01-01T00:00:00Z", validityEndTime: "2028-04-05T00:00:00Z", readyForRenewal: false };
        case "aws:eks/addon:Addon":
            return { arn: `arn:aws:eks:${region}:${account}:addon/${String(inputs.clusterName)}/${String(inputs.addonName)}/${id}`, addonVersion: "v1.3.8-eksbuild.2" };
        case "aws:eks/podIdentityAssociation:PodIdentityAssociation":
            return { associationArn: `arn:aws:eks:${region}:${account}:podidentityassociation/${String(inputs.clusterName)}/a-${id}`, associationId: `a-${id}` };
        case "aws:eks/accessEntry:AccessEntry":
            return { accessEntryArn: `arn:aws:eks:${region}:${account}:access-entry/${String(inputs.clusterName)}/role/${account}/${id}` };
        default:
            return undefined;
    }
}
