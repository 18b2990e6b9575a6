import * as assert from "assert";
import { bedrockResourceArns, failoverChain, failoverSettings, healthSettings, jurisdictionRegions, probeModelId } from "../../../components/bedrock/chain";
import { lambdaExcludedPackages, projectDependencies } from "../../../components/bedrock/packaging";
import { failoverPolicy, healthCheckPolicy } from "../../../components/bedrock/iam";
import { actionsOf } from "../../../components/iamDocument";
import { EU_MEMBER_STATE_REGIONS } from "../../../config/awsRegions";
import { platformConfig } from "../../support/configs";

const prod = platformConfig("prod");
const dev = platformConfig("dev");
const regionOf = (cfg: typeof prod, code: string) => cfg.regions.find((r) => r.code === code)!;

describe("bedrock chain", () => {
    it("tries the best model across the zone's failover path before degrading the model", () => {
        const chain = failoverChain(regionOf(prod, "eu-central-1"), prod.regions, prod.bedrock);
        assert.deepStrictEqual(
            chain.map((s) => `${s.region}:${s.modelId.split(".")[1] ?? s.modelId}`).slice(0, 4),
            ["eu-central-1:anthropic", "eu-west-1:anthropic", "eu-central-1:anthropic", "eu-west-1:anthropic"],
        );
        assert.deepStrictEqual(chain.map((s) => s.modelId).slice(0, 2), [
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
            "eu.anthropic.claude-sonnet-4-5-20250929-v1:0",
        ]);
        assert.strictEqual(chain[2].modelId, "eu.anthropic.claude-haiku-4-5-20251001-v1:0");
        // 3 EU models (sonnet, haiku, titan) x 2 EU regions; llama has no EU id and is skipped.
        assert.strictEqual(chain.length, 6);
    });

    const zoneCases: Array<[string, string, readonly string[]]> = [
        ["eu-central-1", "eu", ["eu-central-1", "eu-west-1"]],
        ["eu-west-1", "eu", ["eu-central-1", "eu-west-1"]],
        ["us-east-1", "us", ["us-east-1", "us-west-2"]],
        ["us-west-2", "us", ["us-east-1", "us-west-2"]],
    ];
    for (const [code, zone, allowed] of zoneCases) {
        it(`${code}: every step stays in zone ${zone}, deadlines and breakers come from each step's region`, () => {
            const settings = failoverSettings(regionOf(prod, code), prod.regions, prod.bedrock);
            assert.strictEqual(settings.residency, zone);
            assert.deepStrictEqual([...settings.allowedRegions].sort(), [...allowed].sort());
            assert.strictEqual(settings.chain[0].region, code, "the region itself goes first");
            for (const step of settings.chain) {
                assert.ok(allowed.includes(step.region), `${step.region} outside ${zone}`);
                const r = regionOf(prod, step.region);
                assert.strictEqual(step.timeoutMs, r.timeouts.emergencyMs);
                assert.strictEqual(step.breakerThreshold, r.circuitBreaker.threshold);
                assert.ok(!step.modelId.startsWith("global.") && !(zone === "eu" && /^(us|apac)\./.test(step.modelId)));
            }
        });
    }

    it("uses the critical timeouts when the config says so", () => {
        const chain = failoverChain(regionOf(prod, "eu-central-1"), prod.regions, { ...prod.bedrock, timeoutClass: "critical" });
        assert.deepStrictEqual(chain.slice(0, 2).map((s) => s.timeoutMs), [10000, 12000]);
    });

    it("probes with the last (cheapest) model of the zone", () => {
        assert.strictEqual(probeModelId(regionOf(prod, "us-east-1"), prod.bedrock), "meta.llama3-70b-instruct-v1:0");
        assert.strictEqual(probeModelId(regionOf(dev, "eu-west-1"), dev.bedrock), "amazon.titan-text-express-v1");
    });

    it("health settings probe every region of the observer's zone and nothing else", () => {
        const endpoints = prod.regions.map((r) => ({ region: r.code, endpointBaseUrl: `https://ingress.${r.code}.example` }));
        const s = healthSettings(regionOf(prod, "eu-west-1"), prod.regions, prod.bedrock, endpoints, "AiPlatform/Health");
        assert.deepStrictEqual(s.targets.map((t) => t.region), ["eu-central-1", "eu-west-1"]);
        assert.strictEqual(s.targets[0].endpointUrl, "https://ingress.eu-central-1.example/healthz");
        assert.strictEqual(s.targets[0].weight, 50);
        assert.strictEqual(s.probeIntervalMs, 10_000);
        assert.ok(s.runForMs < 60_000, "a run must end before the next scheduled one");
        assert.strictEqual(s.route53, undefined);
    });
});

describe("bedrock IAM", () => {
    it("grants an eu. profile plus its base model in EU member-state regions only", () => {
        const chain = failoverChain(regionOf(prod, "eu-central-1"), prod.regions, prod.bedrock);
        const arns = bedrockResourceArns(chain, "eu", "123456789012");
        assert.ok(arns.includes("arn:aws:bedrock:eu-central-1:123456789012:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0"));
        assert.ok(arns.includes("arn:aws:bedrock:eu-west-3::foundation-model/anthropic.claude-sonnet-4-5-20250929-v1:0"));
        assert.ok(arns.includes("arn:aws:bedrock:eu-west-1::foundation-model/amazon.titan-text-express-v1"));
        for (const arn of arns) {
            const region = arn.split(":")[3];
            assert.ok(EU_MEMBER_STATE_REGIONS.includes(region), `${arn} is outside the EU`);
            assert.ok(!arn.endsWith("/*") && !arn.includes("*"), `${arn} has a wildcard`);
        }
        assert.deepStrictEqual(jurisdictionRegions("eu").sort(), [...EU_MEMBER_STATE_REGIONS].sort());
    });

    // '*' resources only for actions without resource-level permissions: PutMetricData (pinned to a
    // namespace), X-Ray segments (tracing), and the Marketplace subscription of Bedrock first use.
    it("no statement has a wildcard action; * resources only for PutMetricData (namespace), X-Ray and Bedrock first use", () => {
        const docs = [
            failoverPolicy({ bedrockArns: ["arn:aws:bedrock:eu-west-1::foundation-model/x"], logGroupArn: "arn:aws:logs:eu-west-1:1:log-group:g" }),
            healthCheckPolicy({ bedrockArns: ["arn:aws:bedrock:eu-west-1::foundation-model/x"], logGroupArn: "arn:aws:logs:eu-west-1:1:log-group:g", metricNamespace: "NS", hostedZoneArn: "arn:aws:route53:::hostedzone/Z1" }),
        ];
        for (const doc of docs) {
            for (const st of doc.Statement) {
                assert.ok(actionsOf(st).every((a) => !a.includes("*")), `${st.Sid} has a wildcard action`);
                if (st.Resource === "*" && actionsOf(st).includes("cloudwatch:PutMetricData")) {
                    assert.deepStrictEqual(st.Action, ["cloudwatch:PutMetricData"]);
                    assert.deepStrictEqual(st.Condition, { StringEquals: { "cloudwatch:namespace": "NS" } });
                } else if (st.Resource === "*") {
                    const allowed = ["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions", "xray:PutTraceSegments", "xray:PutTelemetryRecords"];
                    assert.ok(actionsOf(st).every((a) => allowed.includes(a)), `${st.Sid}: ${actionsOf(st).join(", ")}`);
                }
            }
        }
        const drain = docs[1].Statement.find((s) => s.Sid === "PlannedDrainOnOwnZone")!;
        assert.deepStrictEqual(drain.Resource, ["arn:aws:route53:::hostedzone/Z1"]);
    });

    it("leaves Route 53 out of the health role when there is no zone", () => {
        const doc = healthCheckPolicy({ bedrockArns: [], logGroupArn: "arn", metricNamespace: "NS" });
        assert.ok(!doc.Statement.some((s) => actionsOf(s).some((a) => a.startsWith("route53:"))));
    });
});

describe("lambda packaging", () => {
    it("excludes every dependency of package.json except the runtime packages", () => {
        assert.deepStrictEqual(lambdaExcludedPackages({ "@aws-sdk/client-x": "1", "@pulumi/aws": "1", cockatiel: "1", zod: "1" }, ["cockatiel"]), [
            "@aws-sdk/client-x",
            "@pulumi/aws",
            "zod",
        ]);
    });

    it("excludes the AWS SDK v3 and the deploy-time packages of this project", () => {
        const excluded = lambdaExcludedPackages(projectDependencies());
        for (const name of ["@aws-sdk/client-bedrock-runtime", "@aws-sdk/client-route-53", "@pulumi/pulumi", "@pulumi/aws", "@pulumi/eks", "@pulumi/awsx", "zod", "yaml"]) {
            assert.ok(excluded.includes(name), `${name} is not excluded`);
        }
    });
});
