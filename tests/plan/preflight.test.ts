import * as assert from "assert";
import type { PlannedResource } from "../../plan/model";
import { instanceClass, instanceVcpus, placeholderItems, preflight, quotaName } from "../../plan/preflight";

const res = (type: string, name: string, region: string, inputs: Record<string, unknown>): PlannedResource => ({ type, name, urn: `urn:${type}::${name}`, region, custom: true, protect: false, retainOnDelete: false, inputs });

describe("plan/preflight: EC2 quota classes and vCPUs", function () {
    const cases: Array<[string, string, number]> = [
        ["g5.xlarge", "G and VT", 4],
        ["g5.2xlarge", "G and VT", 8],
        ["p5.48xlarge", "P", 192],
        ["m6i.large", "Standard (A, C, D, H, I, M, R, T, Z)", 2],
        ["r6i.2xlarge", "Standard (A, C, D, H, I, M, R, T, Z)", 8],
        ["t3.medium", "Standard (A, C, D, H, I, M, R, T, Z)", 2],
    ];
    for (const [type, cls, vcpus] of cases) {
        it(`${type}: ${cls}, ${vcpus} vCPUs`, function () {
            assert.strictEqual(instanceClass(type), cls);
            assert.strictEqual(instanceVcpus(type), vcpus);
        });
    }
    it("names spot and on-demand quotas as Service Quotas does (EC2 user guide, Spot Instance quotas)", function () {
        assert.strictEqual(quotaName("G and VT", "SPOT"), "All G and VT Spot Instance Requests");
        assert.strictEqual(quotaName("G and VT", "ON_DEMAND"), "Running On-Demand G and VT instances");
    });
});

describe("plan/preflight: items from the registered resources", function () {
    const resources = [
        res("eks:index:ManagedNodeGroup", "gpu", "eu-west-1", { instanceTypes: ["g5.xlarge"], capacityType: "ON_DEMAND", scalingConfig: { minSize: 0, desiredSize: 0, maxSize: 3 } }),
        res("eks:index:ManagedNodeGroup", "memory", "eu-west-1", { instanceTypes: ["r6i.large", "r5.xlarge"], capacityType: "SPOT", scalingConfig: { minSize: 0, desiredSize: 1, maxSize: 2 } }),
        res("aws:lambda/function:Function", "health", "eu-west-1", { reservedConcurrentExecutions: 1, environment: { variables: { S: JSON.stringify({ chain: [{ region: "eu-west-1", modelId: "eu.anthropic.claude-haiku-4-5-20251001-v1:0" }] }) } } }),
        res("aws:route53/zone:Zone", "zone", "global", { name: "ai.example.net" }),
        res("eks:index:Cluster", "eks", "eu-west-1", { endpointPrivateAccess: true, endpointPublicAccess: false }),
    ];
    const p = preflight({ stack: "t", resources, stackConfig: { "ai-platform:environment": "{\"alarmEmail\":\"ops@example.com\"}" } });
    const find = (re: RegExp) => p.items.find((i) => re.test(i.requirement));

    it("GPU on-demand quota at the node group's maximum (3 x 4 vCPUs)", function () {
        assert.ok(find(/"Running On-Demand G and VT instances" >= 12 vCPUs/), JSON.stringify(p.items.map((i) => i.requirement)));
    });
    it("spot quota from the largest instance type of the group (2 x 4 vCPUs)", function () {
        assert.ok(find(/"All Standard \(A, C, D, H, I, M, R, T, Z\) Spot Instance Requests" >= 8 vCPUs/));
    });
    it("reserved Lambda concurrency needs the reservation plus the 100 Lambda keeps unreserved", function () {
        const item = find(/Concurrent executions" >= 101/);
        assert.ok(item?.blocking);
    });
    it("Anthropic first-use form once, and first invocation per model and region", function () {
        assert.ok(find(/Anthropic's first-time-use form/));
        assert.ok(find(/first invocation of eu\.anthropic\.claude-haiku-4-5-20251001-v1:0 in eu-west-1/));
    });
    it("a created hosted zone must be delegated", function () {
        assert.ok(find(/delegate ai\.example\.net/));
    });
    it("a private-only cluster needs a runner that reaches it", function () {
        assert.ok(find(/reaches the private API endpoint/));
    });
    it("lists placeholders first, then DNS, quotas, Bedrock, cluster access", function () {
        const order = p.items.map((i) => i.category).filter((c, i, a) => a.indexOf(c) === i);
        assert.deepStrictEqual(order, ["placeholder", "dns", "quota", "bedrock", "cluster-access"]);
    });
});

describe("plan/preflight: placeholders (must change before deploy)", function () {
    const cases: Array<[string, RegExp | undefined]> = [
        ["roleArn: arn:aws:iam::111111111111:role/x", /example AWS account ID/],
        ["alarmEmail: ops@example.com", /@example address/],
        ["zoneName: ai-platform.example.com", /domain under example/],
        ["pulumiOrg: example-org", /example Pulumi organization/],
        ["zoneName: ai.acme.io", undefined],
    ];
    for (const [text, expected] of cases) {
        it(`${text} -> ${expected ? expected.source : "nothing"}`, function () {
            const items = placeholderItems({ file: text });
            if (expected) assert.ok(items.some((i) => expected.test(i.requirement) && i.blocking), JSON.stringify(items));
            else assert.deepStrictEqual(items, []);
        });
    }
});
