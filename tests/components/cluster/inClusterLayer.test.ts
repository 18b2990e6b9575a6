import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { InClusterLayer } from "../../../components/cluster/inClusterLayer";
import { EDGE_PORT } from "../../../components/cluster/edgeService";
import { LOAD_BALANCER_CONTROLLER_CHART, NVIDIA_DEVICE_PLUGIN_CHART } from "../../../components/cluster/versions";
import { clusterEndpointAccess } from "../../../components/regional/cluster";
import { actionsOf, resourcesOf, type PolicyDocument } from "../../../components/iamDocument";
import type { PlannedResource } from "../../../plan/model";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { platformConfig } from "../../support/configs";
import { mockRuntime, oneOfType, resourcesUnder } from "../../support/pulumi";

const REGION = "eu-west-1";
const TG = `arn:aws:elasticloadbalancing:${REGION}:${MOCK_ACCOUNT_ID}:targetgroup/tg/1`;
const FN = `arn:aws:lambda:${REGION}:${MOCK_ACCOUNT_ID}:function:failover`;
const CLUSTER_ARN = `arn:aws:eks:${REGION}:${MOCK_ACCOUNT_ID}:cluster/dev-eu-west-1`;
const DEPLOYER = `arn:aws:iam::${MOCK_ACCOUNT_ID}:role/ai-platform-dev-deployments`;

let cached: Promise<PlannedResource[]> | undefined;
function build(): Promise<PlannedResource[]> {
    cached ??= (async () => {
        mockRuntime();
        const region = platformConfig("dev").regions.find((r) => r.code === REGION)!;
        const provider = new aws.Provider("icl-test-provider", { region: REGION });
        const layer = new InClusterLayer("icl-test", {
            region,
            provider,
            clusterName: "dev-eu-west-1",
            clusterArn: CLUSTER_ARN,
            kubeconfig: "{}",
            vpcId: "vpc-1",
            ingressTargetGroupArn: TG,
            failoverFunctionArn: FN,
            failoverUrl: "https://abc.lambda-url.eu-west-1.on.aws/",
            databaseHost: "db.example.internal",
            databasePort: 5432,
            cacheHost: "cache.example.internal",
            originVerifySecret: "s3cret",
            deploymentRoleArn: DEPLOYER,
        });
        return resourcesUnder(layer.urn);
    })();
    return cached;
}

const policyOf = (resources: PlannedResource[], suffix: string): PolicyDocument =>
    JSON.parse(String(resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith(suffix))!.inputs.policy)) as PolicyDocument;
const byName = (resources: PlannedResource[], type: string, suffix: string) => resources.find((r) => r.type === type && r.name.endsWith(suffix))!;

describe("cluster/InClusterLayer (dev eu-west-1)", function () {
    it("grants the edge pod role both invoke actions on its own region's failover function only, the URL action pinned to AWS_IAM", async function () {
        const doc = policyOf(await build(), "-edge-policy");
        const byAction = Object.fromEntries(doc.Statement.flatMap((s) => actionsOf(s).map((a) => [a, s])));
        assert.deepStrictEqual(Object.keys(byAction).sort(), ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl"]);
        for (const s of Object.values(byAction)) assert.deepStrictEqual(resourcesOf(s), [FN]);
        assert.strictEqual(byAction["lambda:InvokeFunctionUrl"].Condition?.StringEquals["lambda:FunctionUrlAuthType"], "AWS_IAM");
    });

    it("lets the load balancer controller register targets only in the ingress target group", async function () {
        const doc = policyOf(await build(), "-lbc-policy");
        const register = doc.Statement.find((s) => actionsOf(s).includes("elasticloadbalancing:RegisterTargets"));
        assert.deepStrictEqual(register && resourcesOf(register), [TG]);
        for (const s of doc.Statement) if (resourcesOf(s).includes("*")) assert.ok(actionsOf(s).every((a) => /:(Describe|Get)/.test(a)), `only read actions on "*": ${actionsOf(s).join(",")}`);
    });

    it("trusts EKS Pod Identity for this account's cluster only", async function () {
        const roles = (await build()).filter((r) => r.type === "aws:iam/role:Role");
        assert.strictEqual(roles.length, 2);
        for (const role of roles) {
            const s = (JSON.parse(String(role.inputs.assumeRolePolicy)) as PolicyDocument).Statement[0];
            assert.deepStrictEqual(s.Principal, { Service: "pods.eks.amazonaws.com" });
            assert.deepStrictEqual([...actionsOf(s)].sort(), ["sts:AssumeRole", "sts:TagSession"]);
            assert.strictEqual(s.Condition?.ArnEquals["aws:SourceArn"], CLUSTER_ARN);
        }
        const assoc = (await build()).filter((r) => r.type === "aws:eks/podIdentityAssociation:PodIdentityAssociation").map((r) => `${String(r.inputs.namespace)}/${String(r.inputs.serviceAccount)}`).sort();
        assert.deepStrictEqual(assoc, ["kube-system/aws-load-balancer-controller", "platform-edge/platform-edge"]);
        assert.strictEqual(oneOfType(await build(), "aws:eks/addon:Addon").inputs.addonName, "eks-pod-identity-agent");
    });

    it("installs the pinned controller and device plugin charts; the plugin tolerates the GPU taint", async function () {
        const releases = (await build()).filter((r) => r.type === "kubernetes:helm.sh/v3:Release");
        const lbc = releases.find((r) => r.inputs.chart === LOAD_BALANCER_CONTROLLER_CHART.chart)!;
        assert.strictEqual(lbc.inputs.version, "1.14.0");
        assert.strictEqual((lbc.inputs.values as Record<string, unknown>).enableServiceMutatorWebhook, false);
        const plugin = releases.find((r) => r.inputs.chart === NVIDIA_DEVICE_PLUGIN_CHART.chart)!;
        assert.strictEqual(plugin.inputs.version, "0.17.4");
        const values = plugin.inputs.values as { tolerations: Array<Record<string, string>>; nodeSelector: Record<string, string> };
        assert.deepStrictEqual(values.tolerations, [{ key: "nvidia.com/gpu", operator: "Exists", effect: "NoSchedule" }]);
        assert.deepStrictEqual(values.nodeSelector, { "ai-platform/workload": "gpu" });
    });

    it("binds the ingress target group to the edge Service by pod IP", async function () {
        const resources = await build();
        const tgb = oneOfType(resources, "kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding");
        const spec = tgb.inputs.spec as { targetGroupARN: string; targetType: string; serviceRef: { name: string; port: number } };
        assert.strictEqual(spec.targetGroupARN, TG);
        assert.strictEqual(spec.targetType, "ip");
        assert.deepStrictEqual(spec.serviceRef, { name: "platform-edge", port: EDGE_PORT });
        const lbc = resources.find((r) => r.type === "kubernetes:helm.sh/v3:Release" && r.inputs.chart === LOAD_BALANCER_CONTROLLER_CHART.chart)!;
        assert.ok(tgb.dependsOn?.includes(lbc.urn), "the binding waits for the controller (its CRD)");
    });

    it("runs the edge service on the stock Node image from a ConfigMap, HTTPS readiness on /healthz, two replicas, a PDB", async function () {
        const resources = await build();
        const dep = byName(resources, "kubernetes:apps/v1:Deployment", "-edge-deployment");
        const spec = dep.inputs.spec as { replicas: number; template: { spec: { serviceAccountName: string; containers: Array<Record<string, unknown>> } } };
        assert.strictEqual(spec.replicas, 2);
        const c = spec.template.spec.containers[0];
        assert.match(String(c.image), /^public\.ecr\.aws\/docker\/library\/node:24\./);
        assert.deepStrictEqual(c.command, ["node", "/app/main.js"]);
        assert.deepStrictEqual((c.readinessProbe as { httpGet: unknown }).httpGet, { path: "/healthz", port: EDGE_PORT, scheme: "HTTPS" });
        const env = Object.fromEntries((c.env as Array<{ name: string; value?: string }>).map((e) => [e.name, e.value]));
        assert.strictEqual(env.FAILOVER_URL, "https://abc.lambda-url.eu-west-1.on.aws/");
        assert.strictEqual(env.FAILOVER_REGION, REGION);
        assert.ok((c.env as Array<{ name: string }>).some((e) => e.name === "ORIGIN_VERIFY_SECRET"), "origin secret from a Secret");
        const code = byName(resources, "kubernetes:core/v1:ConfigMap", "-edge-code");
        const data = code.inputs.data as Record<string, string>;
        assert.ok(data["main.js"].includes("startEdge") && data["sigv4.js"].includes("AWS4-HMAC-SHA256"));
        assert.ok(!Object.values(data).some((js) => /require\("@pulumi/.test(js)), "no Pulumi in the edge code");
        assert.strictEqual((oneOfType(resources, "kubernetes:policy/v1:PodDisruptionBudget").inputs.spec as { minAvailable: number }).minAvailable, 1);
        assert.strictEqual(byName(resources, "kubernetes:core/v1:Secret", "-edge-tls").inputs.type, "kubernetes.io/tls");
    });

    it("gives the deployment role cluster-admin through an access entry before any Kubernetes object", async function () {
        const resources = await build();
        const entry = oneOfType(resources, "aws:eks/accessEntry:AccessEntry");
        assert.strictEqual(entry.inputs.principalArn, DEPLOYER);
        const assoc = oneOfType(resources, "aws:eks/accessPolicyAssociation:AccessPolicyAssociation");
        assert.strictEqual(assoc.inputs.policyArn, "arn:aws:eks::aws:cluster-access-policy/AmazonEKSClusterAdminPolicy");
        const provider = resources.find((r) => r.type === "pulumi:providers:kubernetes")!;
        assert.ok(provider.dependsOn?.includes(assoc.urn));
    });
});

describe("regional/cluster: API endpoint access", function () {
    it("private only without CIDRs", function () {
        assert.deepStrictEqual(clusterEndpointAccess([]), { endpointPublicAccess: false });
    });
    it("public endpoint limited to the configured CIDRs", function () {
        assert.deepStrictEqual(clusterEndpointAccess(["203.0.113.10/32"]), { endpointPublicAccess: true, publicAccessCidrs: ["203.0.113.10/32"] });
    });
});
