import * as assert from "assert";
import { AWS_REGION_CODES } from "../../config/awsRegions";
import { platformConfig } from "../support/configs";
import { planJsonFor, type PlanJson, type PlanJsonResource } from "../support/planCli";

/**
 * The whole program (index.ts) for each committed stack, run by the offline plan under mocks:
 * the components are wired to each other as the architecture says, on the inputs that reach AWS.
 */
for (const stack of ["dev", "prod"] as const) {
    describe(`whole program: ${stack}`, function () {
        this.timeout(180_000);
        const config = platformConfig(stack);
        const codes = config.regions.map((r) => r.code);
        let plan: PlanJson;
        const ofType = (type: string): PlanJsonResource[] => plan.resources.filter((r) => r.type === type);
        before(() => {
            plan = planJsonFor(stack);
        });

        it("builds one RegionalStack and one BedrockFailover per configured region, and one GlobalLayer", () => {
            assert.deepStrictEqual(ofType("ai-platform:regional:RegionalStack").map((r) => r.name), codes);
            assert.deepStrictEqual(ofType("ai-platform:bedrock:BedrockFailover").map((r) => r.name), codes.map((c) => `bedrock-${c}`));
            assert.strictEqual(ofType("ai-platform:global:GlobalLayer").length, 1);
        });

        it("puts every AWS resource in a configured region, or in us-east-1 for the services AWS pins there", () => {
            const allowed = new Set([...codes, "us-east-1", "global"]);
            for (const r of plan.resources) {
                assert.ok(allowed.has(r.region), `${r.type} ${r.name} is in ${r.region}`);
                assert.ok(r.region === "global" || AWS_REGION_CODES.includes(r.region), `${r.name}: ${r.region} is a real region`);
            }
        });

        it("points one accelerator endpoint group at each region's own ingress load balancer", () => {
            const groups = ofType("aws:globalaccelerator/endpointGroup:EndpointGroup");
            assert.deepStrictEqual(groups.map((g) => g.inputs.endpointGroupRegion).sort(), [...codes].sort());
            for (const g of groups) {
                const endpoints = g.inputs.endpointConfigurations as Array<{ endpointId: string }>;
                assert.strictEqual(endpoints.length, 1);
                assert.match(endpoints[0].endpointId, new RegExp(`^arn:aws:elasticloadbalancing:${String(g.inputs.endpointGroupRegion)}:`));
            }
        });

        it("creates CloudFront, its WAF and one accelerator per residency zone through us-east-1, whatever the stack's regions", () => {
            const zones = new Set(config.regions.map((r) => r.residency));
            for (const [type, count] of [["aws:cloudfront/distribution:Distribution", 1], ["aws:wafv2/webAcl:WebAcl", 1], ["aws:globalaccelerator/accelerator:Accelerator", zones.size]] as const) {
                const found = ofType(type);
                assert.strictEqual(found.length, count, type);
                for (const f of found) assert.strictEqual(f.region, "us-east-1", type);
            }
        });

        it("passes the residency proof: no zone's users reach another zone, for every combination of regions down", () => {
            const routing = (plan as unknown as { routing: { ok: boolean; leaks: unknown[]; table: Array<{ zone: string; down: string[]; serving: string[] }> } }).routing;
            assert.strictEqual(routing.ok, true, JSON.stringify(routing.leaks));
            for (const row of routing.table) {
                for (const r of row.serving) assert.strictEqual(config.regions.find((c) => c.code === r)?.residency, row.zone, `${row.zone} served by ${r}`);
                if (row.down.length === config.regions.filter((c) => c.residency === row.zone).length) assert.deepStrictEqual(row.serving, [], "a zone wholly down serves nobody");
            }
        });

        it("keeps every DynamoDB replica inside its table's residency zone", () => {
            const zoneOf = new Map(config.regions.map((r) => [r.code, r.residency]));
            const tables = ofType("aws:dynamodb/table:Table");
            assert.strictEqual(tables.length, config.global.tables.length);
            for (const t of tables) {
                const replicas = (t.inputs.replicas as Array<{ regionName: string }> | undefined) ?? [];
                for (const rep of replicas) assert.strictEqual(zoneOf.get(rep.regionName), zoneOf.get(t.region), `${t.name} replica in ${rep.regionName}`);
            }
        });

        it("runs both Bedrock Lambdas of a region in that region, encrypted with that region's key", () => {
            const fns = ofType("aws:lambda/function:Function");
            assert.strictEqual(fns.length, 2 * codes.length);
            for (const code of codes) {
                const here = fns.filter((f) => f.name.startsWith(`bedrock-${code}-`));
                assert.deepStrictEqual(here.map((f) => f.region), [code, code], code);
                for (const f of here) assert.match(String(f.inputs.kmsKeyArn), new RegExp(`^arn:aws:kms:${code}:`));
            }
        });

        it("routes every alarm to an alert topic in the alarm's own region", () => {
            const alarms = ofType("aws:cloudwatch/metricAlarm:MetricAlarm");
            assert.ok(alarms.length > 0);
            for (const a of alarms) {
                const actions = (a.inputs.alarmActions as string[] | undefined) ?? [];
                for (const arn of actions) assert.strictEqual(arn.split(":")[3], a.region, `${a.name} -> ${arn}`);
            }
        });

        it("switches production protections from the environment setting", () => {
            const production = config.environment.production;
            for (const db of ofType("aws:rds/instance:Instance")) {
                assert.strictEqual(db.inputs.deletionProtection, production, db.name);
                assert.strictEqual(db.inputs.multiAz, production, db.name);
            }
            for (const t of ofType("aws:dynamodb/table:Table")) assert.strictEqual(t.inputs.deletionProtectionEnabled, production, t.name);
        });

        it("watches the stack on one dashboard, with a budget per region that config gives one", () => {
            assert.strictEqual(ofType("aws:cloudwatch/dashboard:Dashboard").length, 1);
            assert.deepStrictEqual(
                ofType("aws:budgets/budget:Budget").map((b) => (b.inputs.costFilters as Array<{ values: string[] }>)[0].values[0]).sort(),
                Object.keys(config.operations.budgets).sort(),
            );
        });

        if (config.global.domain) {
            it("gives each region a weighted record in its zone's set, its configured weight and a calculated health check", () => {
                const records = ofType("aws:route53/record:Record").filter((r) => r.inputs.setIdentifier !== undefined);
                assert.deepStrictEqual(records.map((r) => r.inputs.setIdentifier).sort(), [...codes].sort());
                assert.strictEqual(ofType("aws:route53/healthCheck:HealthCheck").filter((c) => c.inputs.type === "CALCULATED").length, codes.length);
                for (const r of records) {
                    const region = config.regions.find((c) => c.code === r.inputs.setIdentifier)!;
                    assert.strictEqual(r.inputs.name, `${region.residency}.regional.${config.global.domain!.zoneName}`);
                    assert.deepStrictEqual(r.inputs.weightedRoutingPolicies, [{ weight: region.weight }]);
                    // The region's calculated check (ingress AND Bedrock), by the id the mocks answered.
                    const combined = ofType("aws:route53/healthCheck:HealthCheck").filter((c) => c.inputs.type === "CALCULATED" && c.name.includes(`-health-${region.code}-combined`));
                    assert.strictEqual(combined.length, 1, `one calculated check for ${region.code}`);
                    assert.ok(combined[0].id, "the check has an id");
                    assert.strictEqual(r.inputs.healthCheckId, combined[0].id, `${r.name} carries its calculated health check`);
                }
                assert.strictEqual(ofType("aws:route53/healthCheck:HealthCheck").length, 3 * codes.length);
            });

            it("terminates TLS at each NLB with a regional certificate for <region>.<zone> and its zone's names, re-encrypting to 8443", () => {
                const domain = config.global.domain!.zoneName;
                for (const region of config.regions) {
                    const cert = ofType("aws:acm/certificate:Certificate").find((c) => c.name === `${region.code}-ingress-cert`);
                    assert.ok(cert, region.code);
                    assert.strictEqual(cert.region, region.code);
                    assert.strictEqual(cert.inputs.domainName, `${region.code}.${domain}`);
                    assert.deepStrictEqual(cert.inputs.subjectAlternativeNames, [`${region.residency}.${domain}`, `${region.residency}.regional.${domain}`]);
                    const listener = ofType("aws:lb/listener:Listener").find((l) => l.name === `${region.code}-https`)!;
                    assert.deepStrictEqual([listener.inputs.protocol, listener.inputs.port, listener.inputs.sslPolicy], ["TLS", 443, "ELBSecurityPolicy-TLS13-1-2-2021-06"]);
                    assert.match(String(listener.inputs.certificateArn), new RegExp(`^arn:aws:acm:${region.code}:`));
                    const tg = ofType("aws:lb/targetGroup:TargetGroup").find((t) => t.name === `${region.code}-tg`)!;
                    assert.deepStrictEqual([tg.inputs.protocol, tg.inputs.port, tg.inputs.targetType], ["TLS", 8443, "ip"]);
                }
            });

            it("has the health Lambdas probe <region>.<zone> names, never an ELB host", () => {
                const health = ofType("aws:lambda/function:Function").filter((f) => f.name.endsWith("-health"));
                for (const f of health) {
                    const env = JSON.stringify(f.inputs.environment);
                    assert.ok(!/elb\.[a-z0-9-]+\.amazonaws\.com/.test(env), `${f.name} probes an ELB host`);
                    assert.match(env, new RegExp(`https://[a-z0-9-]+\\.${config.global.domain!.zoneName.replace(/\./g, "\\.")}`));
                }
            });

            it("lets each region's health Lambda drain only the stack's own hosted zone", () => {
                const zoneIds = new Set(ofType("aws:route53/record:Record").map((r) => String(r.inputs.zoneId)));
                const healthPolicies = ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.name.endsWith("-health-policy"));
                assert.strictEqual(healthPolicies.length, codes.length);
                for (const p of healthPolicies) {
                    const doc = JSON.parse(String(p.inputs.policy)) as { Statement: Array<{ Action: string[]; Resource: string[] }> };
                    const drain = doc.Statement.find((s) => s.Action.includes("route53:ChangeResourceRecordSets"));
                    assert.ok(drain, p.name);
                    assert.deepStrictEqual(drain.Resource.map((arn) => arn.replace("arn:aws:route53:::hostedzone/", "")).filter((id) => zoneIds.has(id)), drain.Resource.map((arn) => arn.replace("arn:aws:route53:::hostedzone/", "")));
                }
            });

            it("creates the drills (two FIS templates per region) and the deployment OIDC role", () => {
                const templates = ofType("aws:fis/experimentTemplate:ExperimentTemplate");
                assert.deepStrictEqual(templates.map((t) => t.region).sort(), [...codes, ...codes].sort());
                for (const t of templates) assert.ok((t.inputs.stopConditions as Array<{ source: string }>).some((c) => c.source === "aws:cloudwatch:alarm"), t.name);
                const oidc = ofType("aws:iam/openIdConnectProvider:OpenIdConnectProvider");
                assert.strictEqual(oidc.length, 1);
                assert.strictEqual(oidc[0].inputs.url, "https://api.pulumi.com/oidc");
            });
        } else {
            it("leaves Route 53 and ACM out without a domain", () => {
                assert.deepStrictEqual(ofType("aws:route53/record:Record"), []);
                assert.deepStrictEqual(ofType("aws:acm/certificate:Certificate"), []);
            });
        }
    });
}
