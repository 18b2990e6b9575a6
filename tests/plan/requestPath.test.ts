import * as assert from "assert";
import type { PlannedResource } from "../../plan/model";
import { checkRequestPaths, covers, HOPS, type PathReport } from "../../plan/requestPath";

// Small synthetic programs: one region's full request path as registered resources (inputs and
// the outputs the mocks would return), then each hop broken in turn. The check must name the hop.

type Mutable = { type: string; name: string; region: string; inputs: Record<string, unknown>; outputs: Record<string, unknown> };

const R = "eu-west-1";
const ACCOUNT = "123456789012";
const ARN = {
    certCf: `arn:aws:acm:us-east-1:${ACCOUNT}:certificate/cf`,
    certRegional: `arn:aws:acm:${R}:${ACCOUNT}:certificate/regional`,
    acc: `arn:aws:globalaccelerator::${ACCOUNT}:accelerator/a1`,
    gaListener: `arn:aws:globalaccelerator::${ACCOUNT}:accelerator/a1/listener/l1`,
    lb: `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:loadbalancer/net/nlb/1`,
    lbListener: `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:listener/net/nlb/1/l`,
    tg: `arn:aws:elasticloadbalancing:${R}:${ACCOUNT}:targetgroup/tg/1`,
    fn: `arn:aws:lambda:${R}:${ACCOUNT}:function:fn-1`,
    role: `arn:aws:iam::${ACCOUNT}:role/edge-role`,
};
const FN_URL = "https://abc.lambda-url.eu-west-1.on.aws/";
const NLB_DNS = "nlb-1.elb.eu-west-1.amazonaws.com";

function world(): Mutable[] {
    const m = (type: string, name: string, inputs: Record<string, unknown>, outputs: Record<string, unknown> = {}, region = R): Mutable => ({ type, name, region, inputs, outputs });
    const alias = (name: string, target: string) => m("aws:route53/record:Record", `rec-${name}`, { name, type: "A", aliases: [{ name: target, zoneId: "Z1", evaluateTargetHealth: true }] }, { fqdn: name }, "global");
    return [
        alias("app.example.com", "d1.cloudfront.net"),
        m("aws:cloudfront/distribution:Distribution", "cdn", { aliases: ["app.example.com"], viewerCertificate: { acmCertificateArn: ARN.certCf }, origins: [{ domainName: "eu.example.com", originId: "eu" }] }, { domainName: "d1.cloudfront.net", arn: "arn:aws:cloudfront::1:distribution/D1" }, "global"),
        m("aws:acm/certificate:Certificate", "cert-cf", { domainName: "app.example.com" }, { arn: ARN.certCf }, "us-east-1"),
        alias("eu.example.com", "a1.awsglobalaccelerator.com"),
        m("aws:globalaccelerator/accelerator:Accelerator", "acc", { name: "acc" }, { arn: ARN.acc, dnsName: "a1.awsglobalaccelerator.com" }, "global"),
        m("aws:globalaccelerator/listener:Listener", "acc-https", { acceleratorArn: ARN.acc, protocol: "TCP", portRanges: [{ fromPort: 443, toPort: 443 }] }, { arn: ARN.gaListener }, "global"),
        m("aws:globalaccelerator/endpointGroup:EndpointGroup", "acc-eg", { listenerArn: ARN.gaListener, endpointGroupRegion: R, endpointConfigurations: [{ endpointId: ARN.lb, weight: 100 }] }, { arn: `${ARN.gaListener}/eg` }, "global"),
        alias("eu-west-1.example.com", NLB_DNS),
        m("aws:lb/loadBalancer:LoadBalancer", "nlb", { loadBalancerType: "network", securityGroups: ["sg-nlb"] }, { arn: ARN.lb, dnsName: NLB_DNS }),
        m("aws:acm/certificate:Certificate", "cert-regional", { domainName: "eu.example.com", subjectAlternativeNames: ["eu-west-1.example.com"] }, { arn: ARN.certRegional }),
        m("aws:lb/listener:Listener", "nlb-tls", { loadBalancerArn: ARN.lb, port: 443, protocol: "TLS", certificateArn: ARN.certRegional, defaultActions: [{ type: "forward", targetGroupArn: ARN.tg }] }, { arn: ARN.lbListener }),
        m("aws:lb/targetGroup:TargetGroup", "tg", { protocol: "TLS", port: 8443, targetType: "ip" }, { arn: ARN.tg }),
        m("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "cluster-from-nlb", { securityGroupId: "sg-cluster", referencedSecurityGroupId: "sg-nlb", fromPort: 8443, toPort: 8443, ipProtocol: "tcp" }),
        m("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding", "tgb", { metadata: { name: "edge", namespace: "edge" }, spec: { targetGroupARN: ARN.tg, targetType: "ip", serviceRef: { name: "edge", port: 8443 } } }),
        m("kubernetes:core/v1:Service", "svc", { metadata: { name: "edge", namespace: "edge" }, spec: { selector: { app: "edge" }, ports: [{ port: 8443, targetPort: 8443 }] } }),
        m("kubernetes:apps/v1:Deployment", "edge", {
            metadata: { name: "edge", namespace: "edge" },
            spec: { template: { metadata: { labels: { app: "edge" } }, spec: { serviceAccountName: "edge", containers: [{ name: "edge", ports: [{ containerPort: 8443 }], env: [{ name: "FAILOVER_URL", value: FN_URL }] }] } } },
        }),
        m("aws:lambda/function:Function", "fn", { environment: { variables: { HEALTH: JSON.stringify({ targets: [{ endpointUrl: "https://eu-west-1.example.com/healthz" }] }) } } }, { arn: ARN.fn, name: "fn-1" }),
        m("aws:lambda/functionUrl:FunctionUrl", "fn-url", { functionName: "fn-1", authorizationType: "AWS_IAM" }, { functionUrl: FN_URL }),
        m("aws:eks/podIdentityAssociation:PodIdentityAssociation", "edge-identity", { namespace: "edge", serviceAccount: "edge", roleArn: ARN.role }),
        m("aws:iam/role:Role", "edge-role", {}, { arn: ARN.role, name: "edge-role" }, "global"),
        m("aws:iam/rolePolicy:RolePolicy", "edge-policy", {
            role: "edge-role",
            policy: JSON.stringify({ Version: "2012-10-17", Statement: [
                { Effect: "Allow", Action: ["lambda:InvokeFunctionUrl"], Resource: [ARN.fn], Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" } } },
                { Effect: "Allow", Action: ["lambda:InvokeFunction"], Resource: [ARN.fn] },
            ] }),
        }, {}, "global"),
    ];
}

function planned(ms: Mutable[]): PlannedResource[] {
    return ms.map((x) => ({ type: x.type, name: x.name, urn: `urn:pulumi:t::p::${x.type}::${x.name}`, region: x.region, custom: true, protect: false, retainOnDelete: false, inputs: x.inputs, outputs: { ...x.inputs, ...x.outputs } }));
}

function check(mutate: (w: Mutable[]) => void = () => undefined): PathReport {
    const w = world();
    mutate(w);
    return checkRequestPaths(planned(w));
}

const find = (w: Mutable[], name: string) => {
    const r = w.find((x) => x.name === name);
    if (!r) throw new Error(`no ${name}`);
    return r;
};
const remove = (w: Mutable[], name: string) => w.splice(w.indexOf(find(w, name)), 1);
const spec = (r: Mutable) => r.inputs.spec as Record<string, unknown>;

describe("plan/requestPath: an intact path", function () {
    it("traces every entry, caller and probe to the end, all ok", function () {
        const report = check();
        assert.deepStrictEqual(report.paths.filter((p) => !p.ok), []);
        const kinds = new Set(report.paths.map((p) => p.kind));
        for (const k of ["route53", "cloudfront", "accelerator", "function-url-caller", "health-probe"]) assert.ok(kinds.has(k as never), `has ${k} path`);
        const cdn = report.paths.find((p) => p.kind === "cloudfront");
        assert.deepStrictEqual(cdn?.hops.map((h) => h.hop), [
            HOPS.viewerCertificate, HOPS.origin, HOPS.name, HOPS.recordTarget, HOPS.acceleratorListener, HOPS.endpointGroup, HOPS.endpoint,
            HOPS.tlsListener, HOPS.targetGroup, HOPS.registration, HOPS.service, HOPS.workload, HOPS.network,
        ]);
        assert.strictEqual(cdn?.region, R);
    });
});

describe("plan/requestPath: each broken hop is named", function () {
    const cases: Array<{ title: string; hop: string; mutate: (w: Mutable[]) => void }> = [
        { title: "the origin name has no record", hop: HOPS.name, mutate: (w) => remove(w, "rec-eu.example.com") },
        { title: "the viewer certificate does not cover the alias", hop: HOPS.viewerCertificate, mutate: (w) => { find(w, "cert-cf").inputs.domainName = "other.example.com"; } },
        { title: "the accelerator has no listener on 443", hop: HOPS.acceleratorListener, mutate: (w) => { find(w, "acc-https").inputs.portRanges = [{ fromPort: 80, toPort: 80 }]; } },
        { title: "the accelerator listener has no endpoint group", hop: HOPS.endpointGroup, mutate: (w) => remove(w, "acc-eg") },
        { title: "the endpoint is not a registered load balancer", hop: HOPS.endpoint, mutate: (w) => { find(w, "acc-eg").inputs.endpointConfigurations = [{ endpointId: "arn:aws:elasticloadbalancing:x:1:loadbalancer/net/gone/9" }]; } },
        { title: "the 443 listener passes TCP through", hop: HOPS.tlsListener, mutate: (w) => { const l = find(w, "nlb-tls"); l.inputs.protocol = "TCP"; delete l.inputs.certificateArn; } },
        { title: "the listener certificate does not cover the name", hop: HOPS.tlsListener, mutate: (w) => { find(w, "cert-regional").inputs.subjectAlternativeNames = []; find(w, "cert-regional").inputs.domainName = "x.example.com"; } },
        { title: "the listener forwards to no registered target group", hop: HOPS.targetGroup, mutate: (w) => { find(w, "nlb-tls").inputs.defaultActions = [{ type: "forward", targetGroupArn: "arn:aws:elasticloadbalancing:x:1:targetgroup/gone/9" }]; } },
        { title: "nothing registers targets", hop: HOPS.registration, mutate: (w) => remove(w, "tgb") },
        { title: "the binding names a missing Service", hop: HOPS.service, mutate: (w) => { (spec(find(w, "tgb")).serviceRef as Record<string, unknown>).name = "nope"; } },
        { title: "no Deployment matches the Service", hop: HOPS.workload, mutate: (w) => { spec(find(w, "svc")).selector = { app: "other" }; } },
        { title: "no security group rule admits the NLB on the pod port", hop: HOPS.network, mutate: (w) => { find(w, "cluster-from-nlb").inputs.fromPort = 443; find(w, "cluster-from-nlb").inputs.toPort = 443; } },
        { title: "the function URL names no registered function", hop: HOPS.urlFunction, mutate: (w) => { find(w, "fn-url").inputs.functionName = "other"; } },
        { title: "the caller has no pod role", hop: HOPS.callerIdentity, mutate: (w) => remove(w, "edge-identity") },
        { title: "the pod role lacks lambda:InvokeFunction", hop: HOPS.grant, mutate: (w) => { find(w, "edge-policy").inputs.policy = JSON.stringify({ Statement: [{ Effect: "Allow", Action: ["lambda:InvokeFunctionUrl"], Resource: [ARN.fn] }] }); } },
        { title: "the caller calls another region's function", hop: HOPS.sameRegion, mutate: (w) => { find(w, "fn").region = "eu-north-1"; } },
        { title: "the health probe calls the NLB's own DNS name", hop: HOPS.probeName, mutate: (w) => { find(w, "fn").inputs.environment = { variables: { HEALTH: JSON.stringify({ targets: [{ endpointUrl: `https://${NLB_DNS}/healthz` }] }) } }; } },
        { title: "no entry reaches the region's load balancer", hop: HOPS.regionReached, mutate: (w) => { remove(w, "rec-eu-west-1.example.com"); remove(w, "acc-eg"); find(w, "fn").inputs.environment = {}; } },
    ];
    for (const c of cases) {
        it(`${c.title}: ${c.hop}`, function () {
            const report = check(c.mutate);
            assert.ok(!report.ok);
            const hops = report.paths.filter((p) => !p.ok).map((p) => p.brokenHop);
            assert.ok(hops.includes(c.hop), `expected ${c.hop} among ${JSON.stringify(hops)}`);
        });
    }
});

describe("plan/requestPath: certificate coverage", function () {
    const cases: Array<[string[], string, boolean]> = [
        [["eu.example.com"], "eu.example.com", true],
        [["EU.example.com."], "eu.example.com", true],
        [["*.example.com"], "eu.example.com", true],
        [["*.example.com"], "a.eu.example.com", false],
        [["*.example.com"], "example.com", false],
        [["eu.example.com"], "nlb-1.elb.eu-west-1.amazonaws.com", false],
    ];
    for (const [domains, name, expected] of cases) {
        it(`${domains.join(",")} ${expected ? "covers" : "does not cover"} ${name}`, function () {
            assert.strictEqual(covers(domains, name), expected);
        });
    }
});
