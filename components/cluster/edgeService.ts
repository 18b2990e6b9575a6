/**
 * The platform edge service's Kubernetes objects in one cluster: namespace, service account (its
 * pod role through EKS Pod Identity), the code in a ConfigMap, the TLS key pair in a Secret, a
 * Deployment on the stock Node image, a Service the TargetGroupBinding points at, and a
 * PodDisruptionBudget so node drains never take every replica at once.
 */
import * as k8s from "@pulumi/kubernetes";
import * as pulumi from "@pulumi/pulumi";
import * as tls from "@pulumi/tls";
import { EDGE_ENTRY, edgeBundle } from "./edgeBundle";
import { EDGE_NODE_IMAGE } from "./versions";

export const EDGE_NAMESPACE = "platform-edge";
export const EDGE_NAME = "platform-edge";
/** The pods' HTTPS port; equals the ingress target group's port (EDGE_SERVICE_PORT, issue 10's ingress.ts). */
export const EDGE_PORT = 8443;
export const EDGE_REPLICAS = 2;
const APP_LABELS = { "app.kubernetes.io/name": EDGE_NAME, "app.kubernetes.io/part-of": "ai-platform" };

export interface EdgeServiceArgs {
    readonly region: string;
    readonly failoverUrl: pulumi.Input<string>;
    readonly databaseHost: pulumi.Input<string>;
    readonly databasePort: pulumi.Input<number>;
    readonly cacheHost: pulumi.Input<string>;
    readonly healthPath: string;
    /** CloudFront's x-origin-verify value, when the global layer uses one (CONTRACTS.md). */
    readonly originVerifySecret?: pulumi.Input<string>;
    /** Which nodes run it (the general-purpose group). */
    readonly nodeSelector: Readonly<Record<string, string>>;
}

export interface EdgeServiceObjects {
    readonly namespace: k8s.core.v1.Namespace;
    readonly serviceAccount: k8s.core.v1.ServiceAccount;
    readonly deployment: k8s.apps.v1.Deployment;
    readonly service: k8s.core.v1.Service;
}

/**
 * Self-signed: the NLB's TLS target group re-encrypts to the pods and "does not validate"
 * target certificates ("Target groups for your Network Load Balancers", ELB guide: self-signed or
 * expired certificates work). Generated at deploy time; the key lives in state as a secret.
 */
function edgeCertificate(name: string, region: string, opts: pulumi.CustomResourceOptions) {
    const key = new tls.PrivateKey(`${name}-tls-key`, { algorithm: "ECDSA", ecdsaCurve: "P256" }, opts);
    const cert = new tls.SelfSignedCert(`${name}-tls-cert`, {
        privateKeyPem: key.privateKeyPem,
        subject: { commonName: `${EDGE_NAME}.${EDGE_NAMESPACE}.svc`, organization: "ai-platform" },
        dnsNames: [`${EDGE_NAME}.${EDGE_NAMESPACE}.svc`, `${EDGE_NAME}.${region}.internal`],
        validityPeriodHours: 24 * 825,
        earlyRenewalHours: 24 * 30,
        allowedUses: ["digital_signature", "key_encipherment", "server_auth"],
    }, opts);
    return { key, cert };
}

export function createEdgeService(name: string, args: EdgeServiceArgs, opts: pulumi.CustomResourceOptions, podIdentity: pulumi.Resource[]): EdgeServiceObjects {
    const namespace = new k8s.core.v1.Namespace(`${name}-ns`, { metadata: { name: EDGE_NAMESPACE, labels: APP_LABELS } }, opts);
    const meta = (suffix: string) => ({ name: suffix ? `${EDGE_NAME}-${suffix}` : EDGE_NAME, namespace: namespace.metadata.name, labels: APP_LABELS });
    const serviceAccount = new k8s.core.v1.ServiceAccount(`${name}-sa`, { metadata: meta("") }, opts);

    const code = new k8s.core.v1.ConfigMap(`${name}-code`, { metadata: meta("code"), data: edgeBundle() }, opts);
    const { key, cert } = edgeCertificate(name, args.region, opts);
    const tlsSecret = new k8s.core.v1.Secret(`${name}-tls`, {
        metadata: meta("tls"),
        type: "kubernetes.io/tls",
        stringData: { "tls.crt": cert.certPem, "tls.key": key.privateKeyPem },
    }, opts);
    const originSecret = args.originVerifySecret === undefined ? undefined : new k8s.core.v1.Secret(`${name}-origin`, {
        metadata: meta("origin"),
        stringData: { value: args.originVerifySecret },
    }, opts);

    const env: k8s.types.input.core.v1.EnvVar[] = [
        { name: "EDGE_PORT", value: String(EDGE_PORT) },
        { name: "FAILOVER_URL", value: args.failoverUrl },
        { name: "FAILOVER_REGION", value: args.region },
        { name: "DATABASE_HOST", value: args.databaseHost },
        { name: "DATABASE_PORT", value: pulumi.output(args.databasePort).apply(String) },
        { name: "CACHE_HOST", value: args.cacheHost },
        { name: "CACHE_PORT", value: "6379" },
        { name: "TLS_CERT_FILE", value: "/tls/tls.crt" },
        { name: "TLS_KEY_FILE", value: "/tls/tls.key" },
    ];
    if (originSecret) env.push({ name: "ORIGIN_VERIFY_SECRET", valueFrom: { secretKeyRef: { name: originSecret.metadata.name, key: "value" } } });

    const deployment = new k8s.apps.v1.Deployment(`${name}-deployment`, {
        metadata: meta(""),
        spec: {
            replicas: EDGE_REPLICAS,
            selector: { matchLabels: APP_LABELS },
            strategy: { type: "RollingUpdate", rollingUpdate: { maxUnavailable: 0, maxSurge: 1 } },
            template: {
                metadata: {
                    labels: APP_LABELS,
                    // A code change rolls the pods (a ConfigMap edit alone would not restart them).
                    annotations: { "ai-platform/code-revision": code.metadata.resourceVersion.apply((v) => v ?? "") },
                },
                spec: {
                    serviceAccountName: serviceAccount.metadata.name,
                    nodeSelector: { ...args.nodeSelector },
                    // Spread over zones: the NLB is cross-zone, a zone outage leaves a replica.
                    topologySpreadConstraints: [{ maxSkew: 1, topologyKey: "topology.kubernetes.io/zone", whenUnsatisfiable: "ScheduleAnyway", labelSelector: { matchLabels: APP_LABELS } }],
                    // Longer than the target group's 30 s deregistration delay, so in-flight streams finish.
                    terminationGracePeriodSeconds: 45,
                    securityContext: { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, seccompProfile: { type: "RuntimeDefault" } },
                    containers: [{
                        name: "edge",
                        image: EDGE_NODE_IMAGE,
                        command: ["node", `/app/${EDGE_ENTRY}`],
                        ports: [{ name: "https", containerPort: EDGE_PORT, protocol: "TCP" }],
                        env,
                        // Readiness follows the region's health: a pod that cannot reach its
                        // dependencies leaves the target group. Liveness only asks whether the
                        // process answers, so a database outage never restarts every pod.
                        readinessProbe: { httpGet: { path: args.healthPath, port: EDGE_PORT, scheme: "HTTPS" }, periodSeconds: 5, timeoutSeconds: 3, failureThreshold: 2 },
                        livenessProbe: { tcpSocket: { port: EDGE_PORT }, periodSeconds: 10, failureThreshold: 3 },
                        lifecycle: { preStop: { sleep: { seconds: 15 } } },
                        resources: { requests: { cpu: "100m", memory: "128Mi" }, limits: { memory: "256Mi" } },
                        securityContext: { allowPrivilegeEscalation: false, readOnlyRootFilesystem: true, capabilities: { drop: ["ALL"] } },
                        volumeMounts: [{ name: "code", mountPath: "/app", readOnly: true }, { name: "tls", mountPath: "/tls", readOnly: true }],
                    }],
                    volumes: [{ name: "code", configMap: { name: code.metadata.name } }, { name: "tls", secret: { secretName: tlsSecret.metadata.name } }],
                },
            },
        },
    }, { ...opts, dependsOn: podIdentity });

    const service = new k8s.core.v1.Service(`${name}-service`, {
        metadata: meta(""),
        spec: { type: "ClusterIP", selector: APP_LABELS, ports: [{ name: "https", port: EDGE_PORT, targetPort: EDGE_PORT, protocol: "TCP" }] },
    }, opts);
    new k8s.policy.v1.PodDisruptionBudget(`${name}-pdb`, {
        metadata: meta(""),
        spec: { minAvailable: 1, selector: { matchLabels: APP_LABELS } },
    }, opts);
    return { namespace, serviceAccount, deployment, service };
}
