import * as assert from "assert";
import { GLOBAL_LAYER_TYPE, NO_DOMAIN_NOTE } from "../../../components/global/globalLayer";
import { AWS_MANAGED_RULE_GROUPS } from "../../../components/global/waf";
import { awsRegion, GLOBAL_SERVICES_REGION } from "../../../config/awsRegions";
import type { PlannedResource } from "../../../plan/model";
import { evaluatePolicyPack } from "../../../policy-pack/offline";
import { oneOfType, promiseOf } from "../../support/pulumi";
import { buildGlobal, fakeIngress, fakeKmsKeyArn, input, T, type BuiltGlobal } from "./fixture";

type Stack = "prod" | "dev";

/** What the committed configs must produce, per stack. */
const expected = {
    prod: {
        regions: ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"],
        dials: { "eu-central-1": 100, "eu-west-1": 40, "us-east-1": 100, "us-west-2": 50 },
        weights: { "eu-central-1": 50, "eu-west-1": 20, "us-east-1": 20, "us-west-2": 10 },
        healthInterval: 10,
        logRegion: "eu-central-1",
        logDays: 365,
        tables: { "prod-conversations": "eu", "prod-conversations-us": "us", "prod-sessions-eu": "eu", "prod-sessions-us": "us" },
    },
    dev: {
        regions: ["eu-west-1", "eu-north-1"],
        dials: { "eu-west-1": 100, "eu-north-1": 11 },
        weights: { "eu-west-1": 90, "eu-north-1": 10 },
        healthInterval: 30,
        logRegion: "eu-west-1",
        logDays: 30,
        tables: { "dev-conversations": "eu" },
    },
} as const;

const ZONES: Record<Stack, Record<string, string[]>> = {
    prod: { eu: ["eu-central-1", "eu-west-1"], us: ["us-east-1", "us-west-2"] },
    dev: { eu: ["eu-west-1", "eu-north-1"] },
};
const DOMAIN: Record<Stack, string> = { prod: "ai-platform.example.com", dev: "dev.ai-platform.example.com" };

/** The edge log bucket (CloudFront, flow logs) and the WAF log bucket, told apart by name prefix. */
const bucketOf = (b: BuiltGlobal, waf: boolean) => b.ofType(T.bucket).find((r) => input<string>(r, "bucketPrefix").startsWith("aws-waf-logs-") === waf);
const childOf = (b: BuiltGlobal, type: string, bucket: PlannedResource | undefined) => b.ofType(type).find((r) => r.parentUrn === bucket?.urn);

const byRegion = <T>(resources: PlannedResource[], key: string, value: (r: PlannedResource) => T): Record<string, T> =>
    Object.fromEntries(resources.map((r) => [input<string>(r, key), value(r)]));

for (const stack of ["dev", "prod"] as Stack[]) {
    const want = expected[stack];

    describe(`GlobalLayer (${stack} config)`, () => {
        let b: BuiltGlobal;
        before(async () => {
            b = await buildGlobal(`global-${stack}`, stack);
        });

        it("is a typed component with every resource below it", async () => {
            assert.match(await promiseOf(b.layer.urn), new RegExp(`::${GLOBAL_LAYER_TYPE}::global-${stack}$`));
            assert.ok(b.resources.length > 10);
        });

        describe("Global Accelerator", () => {
            it("has one accelerator per residency zone, each with one TCP/443 listener", () => {
                const accelerators = b.ofType(T.accelerator);
                assert.deepStrictEqual(accelerators.map((a) => input(a, "name")).sort(), Object.keys(ZONES[stack]).map((z) => `${stack}-ai-platform-${z}`).sort());
                const listeners = b.ofType(T.listener);
                assert.strictEqual(listeners.length, accelerators.length);
                for (const listener of listeners) {
                    assert.strictEqual(input(listener, "protocol"), "TCP");
                    assert.deepStrictEqual(input(listener, "portRanges"), [{ fromPort: 443, toPort: 443 }]);
                    assert.strictEqual(input(listener, "clientAffinity"), b.config.global.accelerator.clientAffinity);
                }
            });

            it("gives each zone's accelerator the endpoint groups of that zone only (fail-open stays in zone)", () => {
                for (const [zone, regions] of Object.entries(ZONES[stack])) {
                    const acc = b.ofType(T.accelerator).find((a) => input(a, "name") === `${stack}-ai-platform-${zone}`);
                    const listener = b.ofType(T.listener).find((l) => l.parentUrn === acc?.urn);
                    const groups = b.ofType(T.endpointGroup).filter((g) => g.parentUrn === listener?.urn);
                    assert.deepStrictEqual(groups.map((g) => input(g, "endpointGroupRegion")), regions, zone);
                }
            });

            it("has one endpoint group per region, pointing at that region's NLB, with dials from config", () => {
                const groups = b.ofType(T.endpointGroup);
                assert.deepStrictEqual(groups.map((g) => input(g, "endpointGroupRegion")), [...want.regions]);
                assert.deepStrictEqual(byRegion(groups, "endpointGroupRegion", (g) => input(g, "trafficDialPercentage")), want.dials);
                for (const g of groups) {
                    const code = input<string>(g, "endpointGroupRegion");
                    // Client IP preservation is unsupported for NLBs with a TLS listener, so it stays off.
                    assert.deepStrictEqual(input(g, "endpointConfigurations"), [{ endpointId: fakeIngress(code).loadBalancerArn, weight: 100, clientIpPreservationEnabled: false }]);
                }
            });

            it("takes health-check settings from each region's config", () => {
                for (const g of b.ofType(T.endpointGroup)) {
                    const region = b.config.regions.find((r) => r.code === input(g, "endpointGroupRegion"));
                    assert.ok(region);
                    assert.strictEqual(input(g, "healthCheckProtocol"), "HTTPS");
                    assert.strictEqual(input(g, "healthCheckPort"), 443);
                    assert.strictEqual(input(g, "healthCheckPath"), region.healthCheck.path);
                    assert.strictEqual(input(g, "healthCheckIntervalSeconds"), want.healthInterval);
                    assert.strictEqual(input(g, "thresholdCount"), region.healthCheck.failureThreshold);
                }
            });

            it("writes flow logs to the edge log bucket only when configured, one folder per zone", () => {
                const bucketPolicy = childOf(b, T.bucketPolicy, bucketOf(b, false));
                assert.ok(bucketPolicy);
                const bucketName = input<string>(bucketPolicy, "bucket");
                for (const acc of b.ofType(T.accelerator)) {
                    const zone = input<string>(acc, "name").split("-").pop();
                    if (b.config.global.accelerator.flowLogs) {
                        assert.deepStrictEqual(input(acc, "attributes"), { flowLogsEnabled: true, flowLogsS3Bucket: bucketName, flowLogsS3Prefix: `global-accelerator/${zone}` });
                    } else {
                        assert.deepStrictEqual(input(acc, "attributes"), { flowLogsEnabled: false });
                    }
                }
                const write = JSON.parse(input<string>(bucketPolicy, "policy")).Statement.find((st: any) => st.Sid === "AcceleratorFlowLogsWrite");
                if (b.config.global.accelerator.flowLogs) {
                    assert.strictEqual(write?.Principal.Service, "delivery.logs.amazonaws.com");
                    assert.strictEqual(write?.Resource, `arn:aws:s3:::${bucketName}/global-accelerator/*`);
                } else {
                    assert.strictEqual(write, undefined);
                }
            });
        });

        describe("global services pinned to us-east-1", () => {
            it("creates CloudFront, its function, WAF, ACM, Route 53 and the accelerators in us-east-1 through the global provider", () => {
                const pinned = [T.distribution, T.cfFunction, T.kvs, T.webAcl, T.webAclLogging, T.certificate, T.certificateValidation, T.healthCheck, T.record, T.accelerator, T.listener, T.endpointGroup];
                const found = b.resources.filter((r) => (pinned as readonly string[]).includes(r.type));
                assert.ok(found.length >= 7);
                for (const r of found) {
                    assert.strictEqual(r.region, GLOBAL_SERVICES_REGION, `${r.type} ${r.name} is in ${r.region}`);
                    assert.strictEqual(r.provider?.name, "aws-global", `${r.type} ${r.name} uses ${r.provider?.name}`);
                }
            });
        });

        describe("WAF", () => {
            it("is a CLOUDFRONT-scope web ACL with the four AWS managed groups and a 2000/5 min per-IP rate limit", () => {
                const acl = oneOfType(b.resources, T.webAcl);
                assert.strictEqual(input(acl, "scope"), "CLOUDFRONT");
                assert.deepStrictEqual(input(acl, "defaultAction"), { allow: {} });
                const rules = input<Array<Record<string, any>>>(acl, "rules");
                const managed = rules.filter((r) => r.statement.managedRuleGroupStatement).map((r) => r.statement.managedRuleGroupStatement);
                assert.deepStrictEqual(managed.map((m) => m.name).sort(), [...AWS_MANAGED_RULE_GROUPS].sort());
                assert.ok(managed.every((m) => m.vendorName === "AWS"));
                const rate = rules.find((r) => r.statement.rateBasedStatement);
                assert.deepStrictEqual(rate?.statement.rateBasedStatement, { limit: 2000, evaluationWindowSec: 300, aggregateKeyType: "IP" });
                assert.deepStrictEqual(rate?.action, { block: {} });
                assert.strictEqual(new Set(rules.map((r) => r.priority)).size, rules.length, "rule priorities are unique");
                for (const r of rules) assert.strictEqual(r.visibilityConfig.cloudwatchMetricsEnabled, true);
                assert.strictEqual(rules.some((r) => r.statement.geoMatchStatement), false, "no geo rule without blockedCountries");
            });

            it("logs blocked requests only, credentials redacted, to an aws-waf-logs- bucket in the edge log region (not us-east-1)", async () => {
                const logging = oneOfType(b.resources, T.webAclLogging);
                const bucket = bucketOf(b, true);
                assert.ok(bucket);
                assert.strictEqual(bucket.region, want.logRegion);
                assert.match(input<string>(bucket, "bucketPrefix"), /^aws-waf-logs-/);
                assert.deepStrictEqual(input(logging, "logDestinationConfigs"), [`arn:aws:s3:::${bucket.id}`]);
                assert.strictEqual(input(logging, "resourceArn"), await promiseOf(b.layer.webAclArn));
                assert.deepStrictEqual(input(logging, "loggingFilter"), {
                    defaultBehavior: "DROP",
                    filters: [{ behavior: "KEEP", requirement: "MEETS_ANY", conditions: [{ actionCondition: { action: "BLOCK" } }] }],
                });
                assert.deepStrictEqual(input(logging, "redactedFields"), [{ singleHeader: { name: "authorization" } }, { singleHeader: { name: "cookie" } }]);
                const write = JSON.parse(input<string>(childOf(b, T.bucketPolicy, bucket)!, "policy")).Statement.find((st: any) => st.Sid === "WafLogsWrite");
                assert.strictEqual(write?.Resource, `arn:aws:s3:::${bucket.id}/AWSLogs/123456789012/*`);
                assert.strictEqual(b.ofType(T.logGroup).length, 0, "no WAF log group in us-east-1");
            });
        });

        describe("CloudFront", () => {
            it("is HTTPS only towards viewers and the origin, caches nothing, and has the WAF attached", async () => {
                const d = oneOfType(b.resources, T.distribution);
                assert.strictEqual(input(d, "defaultCacheBehavior.viewerProtocolPolicy"), "https-only");
                for (const o of input<Array<Record<string, any>>>(d, "origins")) {
                    assert.strictEqual(o.customOriginConfig.originProtocolPolicy, "https-only");
                    assert.deepStrictEqual(o.customOriginConfig.originSslProtocols, ["TLSv1.2"]);
                    assert.deepStrictEqual(o.customHeaders, [{ name: "x-origin-verify", value: await promiseOf(b.layer.originVerifySecret) }]);
                }
                assert.strictEqual(input(d, "defaultCacheBehavior.cachePolicyId"), "4135ea2d-6df8-44a3-9df3-4b5a84be39ad");
                assert.ok(input<string[]>(d, "defaultCacheBehavior.allowedMethods").includes("POST"));
                const webAclArn = await promiseOf(b.layer.webAclArn);
                assert.match(webAclArn, /^arn:aws:wafv2:us-east-1:/);
                assert.strictEqual(input(d, "webAclId"), webAclArn);
                assert.strictEqual(input(d, "priceClass"), b.config.global.cloudfront.priceClass);
                assert.deepStrictEqual(input(d, "restrictions.geoRestriction"), { restrictionType: "none", locations: [] });
            });

            it("has per zone an accelerator origin and a weighted-set origin, paired in an origin group of that zone", () => {
                const d = oneOfType(b.resources, T.distribution);
                const zones = Object.keys(ZONES[stack]);
                const origins = Object.fromEntries(input<Array<Record<string, string>>>(d, "origins").map((o) => [o.originId, o.domainName]));
                for (const z of zones) {
                    assert.strictEqual(origins[`zone-${z}-accelerator`], `${z}.${DOMAIN[stack]}`);
                    assert.strictEqual(origins[`zone-${z}-dns`], `${z}.regional.${DOMAIN[stack]}`);
                }
                assert.deepStrictEqual(input(d, "originGroups"), zones.map((z) => ({
                    originId: `zone-${z}`,
                    failoverCriteria: { statusCodes: [500, 502, 503, 504] },
                    members: [{ originId: `zone-${z}-accelerator` }, { originId: `zone-${z}-dns` }],
                })));
                assert.strictEqual(input(d, "defaultCacheBehavior.targetOriginId"), `zone-${zones[0]}-accelerator`);
            });

            it("selects the origin with a cloudfront-js-2.0 viewer-request function holding the zones' table and a KeyValueStore", () => {
                const d = oneOfType(b.resources, T.distribution);
                const fn = oneOfType(b.resources, T.cfFunction);
                assert.strictEqual(input(fn, "runtime"), "cloudfront-js-2.0");
                assert.match(input<string>(fn, "code"), /cf\.selectRequestOriginById\(route\.origin\)/);
                assert.deepStrictEqual(input(d, "defaultCacheBehavior.functionAssociations"), [{ eventType: "viewer-request", functionArn: `arn:aws:cloudfront::123456789012:function/${fn.id}` }]);
                assert.ok(oneOfType(b.resources, T.kvs), "a KeyValueStore holds the residency key");
                const associations = input<string[]>(fn, "keyValueStoreAssociations");
                assert.strictEqual(associations.length, 1);
                assert.match(associations[0], /^arn:aws:cloudfront::123456789012:key-value-store\/[0-9a-f-]{36}$/);
                assert.strictEqual(input(oneOfType(b.resources, T.kvsKey), "key"), "residency-hmac-key");
            });

            it("logs to the edge log bucket in the primary region, not us-east-1", () => {
                const d = oneOfType(b.resources, T.distribution);
                const bucket = bucketOf(b, false)!;
                assert.strictEqual(bucket.region, want.logRegion);
                assert.strictEqual(b.layer.edgeLogRegion, want.logRegion);
                assert.match(input<string>(d, "loggingConfig.bucket"), /\.s3\.amazonaws\.com$/);
                assert.strictEqual(input(d, "loggingConfig.prefix"), "cloudfront/");
                assert.strictEqual(input(d, "loggingConfig.includeCookies"), false);
            });

            it("has a log bucket with ACL-enabled ownership, no public access, KMS encryption and expiry", () => {
                const bucket = bucketOf(b, false);
                const child = (t: string) => childOf(b, t, bucket)!;
                assert.strictEqual(input(child(T.ownership), "rule.objectOwnership"), "BucketOwnerPreferred");
                const block = child(T.publicAccess);
                for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.strictEqual(input(block, k), true, k);
                const encryption = child(T.encryption);
                assert.strictEqual(input(encryption, "rules.0.applyServerSideEncryptionByDefault.sseAlgorithm"), "aws:kms");
                const key = b.ofType(T.kmsKey).find((k) => k.region === want.logRegion && input<string>(encryption, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId").includes(`/${k.name}-`));
                assert.ok(key, `a ${want.logRegion} key for the edge logs`);
                assert.match(input<string>(encryption, "rules.0.applyServerSideEncryptionByDefault.kmsMasterKeyId"), new RegExp(`^arn:aws:kms:${want.logRegion}:123456789012:key/${key.name}-`));
                const delivery = JSON.parse(input<string>(key, "policy")).Statement.find((st: any) => st.Principal?.Service === "delivery.logs.amazonaws.com");
                assert.ok(delivery?.Action.includes("kms:GenerateDataKey*"), "AWS log delivery (CloudFront, flow logs) may generate data keys");
                assert.strictEqual(input(child(T.lifecycle), "rules.0.expiration.days"), want.logDays);
                const policy = JSON.parse(input<string>(child(T.bucketPolicy), "policy"));
                assert.ok(policy.Statement.some((s: any) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false"));
                for (const r of [T.bucket, T.ownership, T.publicAccess, T.encryption, T.lifecycle, T.bucketPolicy]) {
                    for (const x of b.ofType(r)) assert.strictEqual(x.region, want.logRegion, r);
                }
            });
        });

        describe("DynamoDB global tables", () => {
            it("creates one table per data set, in its zone's home region", () => {
                const tables = b.ofType(T.table);
                assert.deepStrictEqual(Object.fromEntries(tables.map((t) => [input(t, "name"), input(t, "tags.DataResidency")])), want.tables);
                for (const t of tables) {
                    const plan = b.layer.tablePlan.find((p) => `${b.config.environment.name}-${p.table}` === input(t, "name"));
                    assert.ok(plan);
                    assert.strictEqual(t.region, plan.homeRegion);
                }
            });

            it("keeps every replica inside the table's residency zone", () => {
                for (const t of b.ofType(T.table)) {
                    const zone = input<string>(t, "tags.DataResidency");
                    assert.strictEqual(awsRegion(t.region)?.jurisdiction, zone);
                    const replicas = input<Array<{ regionName: string }>>(t, "replicas");
                    for (const rep of replicas) assert.strictEqual(awsRegion(rep.regionName)?.jurisdiction, zone, `${input(t, "name")} replica in ${rep.regionName}`);
                    if (zone === "eu") assert.ok(!replicas.some((rep) => rep.regionName === "us-east-1"), "an EU table never gets a us-east-1 replica");
                }
            });

            it("has PITR, streams, on-demand billing and a customer KMS key per replica region", () => {
                for (const t of b.ofType(T.table)) {
                    assert.deepStrictEqual(input(t, "pointInTimeRecovery"), { enabled: true });
                    assert.strictEqual(input(t, "streamEnabled"), true);
                    assert.strictEqual(input(t, "streamViewType"), "NEW_AND_OLD_IMAGES");
                    assert.strictEqual(input(t, "billingMode"), "PAY_PER_REQUEST");
                    assert.deepStrictEqual(input(t, "serverSideEncryption"), { enabled: true, kmsKeyArn: fakeKmsKeyArn(t.region) });
                    for (const rep of input<Array<Record<string, unknown>>>(t, "replicas")) {
                        assert.strictEqual(rep.kmsKeyArn, fakeKmsKeyArn(String(rep.regionName)));
                        assert.strictEqual(rep.pointInTimeRecovery, true);
                        assert.strictEqual(rep.propagateTags, true);
                    }
                }
            });

            it(stack === "prod" ? "is protected and deletion-protected in production" : "is neither protected nor deletion-protected outside production", () => {
                for (const t of b.ofType(T.table)) {
                    assert.strictEqual(t.protect, b.config.environment.production);
                    assert.strictEqual(input(t, "deletionProtectionEnabled"), b.config.environment.production);
                    for (const rep of input<Array<Record<string, unknown>>>(t, "replicas")) assert.strictEqual(rep.deletionProtectionEnabled, b.config.environment.production);
                }
            });
        });

        it("tags the edge resources as bound to no zone and holding no personal data", () => {
            for (const t of [T.accelerator, T.distribution, T.webAcl, T.certificate, T.healthCheck]) {
                for (const r of b.ofType(t)) assert.deepStrictEqual([input(r, "tags.DataResidency"), input(r, "tags.DataClassification")], ["global", "internal"], `${t} ${r.name}`);
            }
        });

        it("passes every mandatory policy of the policy pack", () => {
            const evaluation = evaluatePolicyPack(b.resources, {
                stack: { name: stack, project: "ai-platform", production: b.config.environment.production, regionZones: Object.fromEntries(b.config.regions.map((r) => [r.code, r.residency])) },
                // A stack without a domain serves on the default certificate; the policy allows that only when told.
                config: b.config.global.domain ? {} : { "cloudfront-minimum-tls": { allowDefaultCertificate: true } },
            });
            const mandatory = evaluation.violations.filter((v) => v.level === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => `${v.policy}: ${v.message}`), []);
        });

        it("exposes a plain traffic and table plan matching what reaches AWS", () => {
            assert.deepStrictEqual(Object.fromEntries(b.layer.trafficPlan.map((t) => [t.region, t.acceleratorDial])), want.dials);
            assert.deepStrictEqual(Object.fromEntries(b.layer.trafficPlan.map((t) => [t.region, t.route53Weight])), want.weights);
            assert.strictEqual(b.layer.tablePlan.length, Object.keys(want.tables).length);
        });
    });
}

describe("GlobalLayer (prod config): Route 53 and ACM", () => {
    let b: BuiltGlobal;
    before(async () => {
        b = await buildGlobal("global-prod", "prod");
    });

    it("has per region an HTTPS check of <region>.<zone>, a Bedrock alarm check and a CALCULATED check of both", async () => {
        const checks = b.ofType(T.healthCheck);
        const https = checks.filter((c) => input(c, "type") === "HTTPS");
        assert.deepStrictEqual(https.map((c) => input<string>(c, "fqdn")).sort(), expected.prod.regions.map((code) => `${code}.ai-platform.example.com`).sort());
        for (const c of https) {
            assert.strictEqual(input(c, "port"), 443);
            assert.strictEqual(input(c, "resourcePath"), "/healthz");
            assert.strictEqual(input(c, "requestInterval"), 10);
            assert.strictEqual(input(c, "failureThreshold"), 3);
            assert.strictEqual(input(c, "enableSni"), true);
        }
        const metric = checks.filter((c) => input(c, "type") === "CLOUDWATCH_METRIC");
        assert.deepStrictEqual(metric.map((c) => input<string>(c, "cloudwatchAlarmRegion")).sort(), [...expected.prod.regions].sort());
        for (const c of metric) {
            const region = input<string>(c, "cloudwatchAlarmRegion");
            assert.strictEqual(input(c, "insufficientDataHealthStatus"), "LastKnownStatus");
            const alarm = b.ofType(T.alarm).find((a) => a.region === region);
            assert.ok(alarm, `alarm in ${region}`);
            assert.strictEqual(input(c, "cloudwatchAlarmName"), input(alarm, "name"));
            assert.deepStrictEqual([input(alarm, "namespace"), input(alarm, "metricName"), input(alarm, "dimensions")], ["AiPlatform/Health", "RegionHealthy", { Region: region }]);
        }
        const calculated = checks.filter((c) => input(c, "type") === "CALCULATED");
        assert.strictEqual(calculated.length, 4);
        for (const c of calculated) {
            assert.strictEqual(input(c, "childHealthThreshold"), 2);
            assert.strictEqual(input<string[]>(c, "childHealthchecks").length, 2);
        }
    });

    it("has per zone a weighted set of that zone's regions only, config weights, calculated health checks", async () => {
        const records = b.ofType(T.record).filter((r) => input(r, "setIdentifier") !== undefined);
        assert.deepStrictEqual(byRegion(records, "setIdentifier", (r) => input(r, "weightedRoutingPolicies.0.weight")), expected.prod.weights);
        for (const r of records) {
            const code = input<string>(r, "setIdentifier");
            const zone = code.startsWith("eu-") ? "eu" : "us";
            assert.strictEqual(input(r, "name"), `${zone}.regional.ai-platform.example.com`);
            assert.strictEqual(input(r, "type"), "A");
            assert.strictEqual(input(r, "healthCheckId"), await promiseOf(b.layer.healthCheckIds[code]));
            assert.deepStrictEqual(input(r, "aliases"), [{ name: fakeIngress(code).dnsName, zoneId: fakeIngress(code).zoneId, evaluateTargetHealth: true }]);
            assert.strictEqual(input(r, "zoneId"), await promiseOf(b.layer.hostedZoneId!));
        }
        assert.deepStrictEqual(b.layer.drainTarget("eu-west-1"), { recordName: "eu.regional.ai-platform.example.com", recordType: "A" });
    });

    it("names each region's NLB <region>.<zone> (what the checks and the health Lambda probe)", () => {
        for (const code of expected.prod.regions) {
            const r = b.ofType(T.record).filter((x) => input(x, "name") === `${code}.ai-platform.example.com`);
            assert.deepStrictEqual(r.map((x) => input(x, "aliases.0.name")), [fakeIngress(code).dnsName]);
        }
    });

    it("keeps every non-alias record at TTL 60 s or less", () => {
        for (const r of b.ofType(T.record)) {
            if (input(r, "aliases") !== undefined) continue;
            assert.ok(input<number>(r, "ttl") <= 60, `${r.name} ttl ${input(r, "ttl")}`);
        }
    });

    it("points the apex at CloudFront (A and AAAA) and <zone>.<domain> at that zone's accelerator", async () => {
        const records = b.ofType(T.record);
        const at = (name: string) => records.filter((r) => input(r, "name") === name && input(r, "setIdentifier") === undefined);
        assert.deepStrictEqual(at("ai-platform.example.com").map((r) => input(r, "type")), ["A", "AAAA"]);
        for (const r of at("ai-platform.example.com")) assert.strictEqual(input(r, "aliases.0.name"), await promiseOf(b.layer.distributionDomainName));
        for (const zone of ["eu", "us"]) {
            assert.strictEqual(input(at(`${zone}.ai-platform.example.com`)[0], "aliases.0.name"), await promiseOf(b.layer.zones[zone].acceleratorDnsName));
        }
        assert.strictEqual(at("origin.ai-platform.example.com").length, 0, "no shared origin name any more");
    });

    it("serves the domain with a DNS-validated us-east-1 certificate and TLS 1.2 (2021) minimum", async () => {
        const cert = oneOfType(b.resources, T.certificate);
        assert.strictEqual(input(cert, "domainName"), "ai-platform.example.com");
        assert.strictEqual(input(cert, "validationMethod"), "DNS");
        const d = oneOfType(b.resources, T.distribution);
        assert.deepStrictEqual(input(d, "aliases"), ["ai-platform.example.com"]);
        assert.deepStrictEqual(input(d, "viewerCertificate"), { acmCertificateArn: await promiseOf(b.layer.certificateArn!), sslSupportMethod: "sni-only", minimumProtocolVersion: "TLSv1.2_2021" });
        assert.match(await promiseOf(b.layer.certificateArn!), /^arn:aws:acm:us-east-1:/);
        const validation = oneOfType(b.resources, T.certificateValidation);
        assert.deepStrictEqual(input(validation, "validationRecordFqdns"), ["_x.ai-platform.example.com"]);
        assert.strictEqual(await promiseOf(b.layer.entryUrl), "https://ai-platform.example.com");
    });

    it("looks the hosted zone up by name (no zone created)", async () => {
        assert.strictEqual(b.ofType(T.zone).length, 0);
        assert.strictEqual(await promiseOf(b.layer.hostedZoneId!), "Z0MOCKAIPLATFORMEXAMPLECOM");
        assert.strictEqual(b.layer.dnsEnabled, true);
        assert.ok(!b.layer.notes.some((n) => n.startsWith(NO_DOMAIN_NOTE)));
    });
});

describe("GlobalLayer (dev config without its domain)", () => {
    let b: BuiltGlobal;
    before(async () => {
        b = await buildGlobal("global-dev-no-domain", "dev", (c) => { delete c.global.domain; });
    });

    it("leaves Route 53 and ACM out and says so", () => {
        for (const t of [T.healthCheck, T.record, T.zone, T.certificate, T.certificateValidation]) assert.strictEqual(b.ofType(t).length, 0, t);
        assert.strictEqual(b.layer.dnsEnabled, false);
        assert.deepStrictEqual(b.layer.healthCheckIds, {});
        assert.strictEqual(b.layer.hostedZoneId, undefined);
        assert.ok(b.layer.notes.some((n) => n.startsWith(NO_DOMAIN_NOTE)), JSON.stringify(b.layer.notes));
    });

    it("serves on the default CloudFront certificate with the zone's accelerator as its only origin", async () => {
        const d = oneOfType(b.resources, T.distribution);
        assert.deepStrictEqual(input(d, "viewerCertificate"), { cloudfrontDefaultCertificate: true });
        assert.strictEqual(input(d, "aliases"), undefined);
        assert.strictEqual(input(d, "origins.0.domainName"), await promiseOf(b.layer.zones.eu.acceleratorDnsName));
        assert.strictEqual(input<unknown[]>(d, "origins").length, 1);
        assert.strictEqual(input(d, "originGroups"), undefined);
        assert.match(await promiseOf(b.layer.entryUrl), /^https:\/\/.*\.cloudfront\.net$/);
    });

    it("has only EU regions, yet its global services are in us-east-1 and nothing else leaves the EU", () => {
        for (const r of b.resources) {
            if (r.type.startsWith("random:")) continue; // generated locally, stored in state only
            if (r.region === GLOBAL_SERVICES_REGION) {
                assert.ok(/^aws:(cloudfront|wafv2|globalaccelerator)/.test(r.type), `${r.type} ${r.name} in us-east-1`);
            } else {
                assert.strictEqual(awsRegion(r.region)?.jurisdiction, "eu", `${r.type} ${r.name} in ${r.region}`);
            }
        }
    });
});

describe("GlobalLayer: config changes reach AWS exactly where they should", () => {
    const dialsAndWeights = (b: BuiltGlobal) => ({
        dials: byRegion(b.ofType(T.endpointGroup), "endpointGroupRegion", (g) => input<number>(g, "trafficDialPercentage")),
        weights: byRegion(b.ofType(T.record).filter((r) => input(r, "setIdentifier") !== undefined), "setIdentifier", (r) => input<number>(r, "weightedRoutingPolicies.0.weight")),
    });
    const diff = (a: Record<string, number>, b: Record<string, number>) => Object.keys(a).filter((k) => a[k] !== b[k]).sort();

    const cases: Array<{ name: string; mutate: (c: Record<string, any>) => void; dials: Record<string, number>; weights: Record<string, number> }> = [
        {
            name: "moving 10 points from eu-central-1 to eu-west-1",
            mutate: (c) => { c.regions["eu-central-1"].weight = 40; c.regions["eu-west-1"].weight = 30; },
            dials: { "eu-west-1": 75 },
            weights: { "eu-central-1": 40, "eu-west-1": 30 },
        },
        {
            name: "draining us-west-2 (weight 0) into us-east-1",
            mutate: (c) => { c.regions["us-west-2"].weight = 0; c.regions["us-east-1"].weight = 30; },
            dials: { "us-west-2": 0 },
            weights: { "us-east-1": 30, "us-west-2": 0 },
        },
        {
            name: "draining the EU primary: eu-west-1 becomes the zone's last region",
            mutate: (c) => { c.regions["eu-central-1"].weight = 0; c.regions["eu-west-1"].weight = 70; },
            dials: { "eu-central-1": 0, "eu-west-1": 100 },
            weights: { "eu-central-1": 0, "eu-west-1": 70 },
        },
    ];

    let base: ReturnType<typeof dialsAndWeights>;
    before(async () => {
        base = dialsAndWeights(await buildGlobal("global-prod", "prod"));
    });

    cases.forEach((c, i) => {
        it(`${c.name} changes exactly ${Object.keys(c.dials).join(", ")} dials and ${Object.keys(c.weights).join(", ")} weights`, async () => {
            const b = await buildGlobal(`global-prod-change-${i}`, "prod", c.mutate);
            const after = dialsAndWeights(b);
            assert.deepStrictEqual(diff(base.dials, after.dials), Object.keys(c.dials).sort());
            assert.deepStrictEqual(diff(base.weights, after.weights), Object.keys(c.weights).sort());
            for (const [code, dial] of Object.entries(c.dials)) assert.strictEqual(after.dials[code], dial, `dial of ${code}`);
            for (const [code, weight] of Object.entries(c.weights)) assert.strictEqual(after.weights[code], weight, `weight of ${code}`);
            // A drained region keeps its endpoint group, record and health check (weight 0 is last-resort failover).
            assert.strictEqual(b.ofType(T.endpointGroup).length, 4);
            assert.strictEqual(b.ofType(T.healthCheck).length, 12);
            // Tables do not follow traffic: a drained region keeps its replicas.
            assert.deepStrictEqual(b.layer.tablePlan, (await buildGlobal("global-prod", "prod")).layer.tablePlan);
        });
    });
});

describe("GlobalLayer: other config paths", () => {
    it("uses a configured hosted zone ID without lookup or creation", async () => {
        const b = await buildGlobal("global-prod-zone-id", "prod", (c) => { c.global.domain.hostedZoneId = "Z0123456789ABCDEFGHIJ"; });
        assert.strictEqual(b.ofType(T.zone).length, 0);
        for (const r of b.ofType(T.record)) assert.strictEqual(input(r, "zoneId"), "Z0123456789ABCDEFGHIJ");
    });

    it("creates the hosted zone when asked, protected in production", async () => {
        const b = await buildGlobal("global-prod-zone-create", "prod", (c) => { c.global.domain.createHostedZone = true; });
        const zone = oneOfType(b.resources, T.zone);
        assert.strictEqual(input(zone, "name"), "ai-platform.example.com");
        assert.strictEqual(zone.protect, true);
        assert.strictEqual(zone.region, GLOBAL_SERVICES_REGION);
    });

    it("adds a geo block rule and CloudFront geo restriction from config", async () => {
        const b = await buildGlobal("global-dev-geo", "dev", (c) => {
            c.global.waf.blockedCountries = ["KP", "IR"];
            c.global.waf.rateLimitPer5Minutes = 500;
            c.global.cloudfront = { geoRestriction: { type: "whitelist", locations: ["DE", "FR"] }, priceClass: "PriceClass_200" };
        });
        const rules = input<Array<Record<string, any>>>(oneOfType(b.resources, T.webAcl), "rules");
        const geo = rules.find((r) => r.statement.geoMatchStatement);
        assert.deepStrictEqual(geo?.statement.geoMatchStatement, { countryCodes: ["KP", "IR"] });
        assert.deepStrictEqual(geo?.action, { block: {} });
        assert.strictEqual(rules.find((r) => r.statement.rateBasedStatement)?.statement.rateBasedStatement.limit, 500);
        const d = oneOfType(b.resources, T.distribution);
        assert.deepStrictEqual(input(d, "restrictions.geoRestriction"), { restrictionType: "whitelist", locations: ["DE", "FR"] });
        assert.strictEqual(input(d, "priceClass"), "PriceClass_200");
    });

    it("leaves WAF logging (bucket, logging config) out when waf.logging is false", async () => {
        const b = await buildGlobal("global-dev-no-waf-logs", "dev", (c) => { c.global.waf.logging = false; });
        assert.strictEqual(b.ofType(T.webAclLogging).length, 0);
        assert.strictEqual(bucketOf(b, true), undefined);
        assert.ok(b.ofType(T.kmsKey).every((k) => k.region !== GLOBAL_SERVICES_REGION));
        assert.strictEqual(b.ofType(T.webAcl).length, 1);
    });

    it("builds no edge log bucket when access logs, flow logs and WAF logs are all off", async () => {
        const b = await buildGlobal("global-dev-nologs", "dev", (c) => { c.global.cloudfront = { logging: { enabled: false } }; c.global.waf.logging = false; });
        assert.strictEqual(b.ofType(T.bucket).length, 0);
        assert.strictEqual(input(oneOfType(b.resources, T.distribution), "loggingConfig"), undefined);
        assert.strictEqual(b.layer.edgeLogRegion, undefined);
    });

    it("fails early, naming the region, when an ingress or KMS key is missing", async () => {
        const { GlobalLayer } = await import("../../../components/global/globalLayer");
        const { RegionalProviders } = await import("../../../components/providers");
        const b = await buildGlobal("global-dev", "dev");
        const args = { environment: b.config.environment, regions: b.config.regions, global: b.config.global, providers: new RegionalProviders(b.config.environment) };
        assert.throws(() => new GlobalLayer("global-missing-ingress", { ...args, ingress: { "eu-west-1": fakeIngress("eu-west-1") }, kmsKeyArns: b.kmsKeyArns }), /no ingress for region eu-north-1/);
        assert.throws(() => new GlobalLayer("global-missing-key", { ...args, ingress: b.ingress, kmsKeyArns: { "eu-west-1": fakeKmsKeyArn("eu-west-1") } }), /no KMS key for region eu-north-1/);
    });
});
