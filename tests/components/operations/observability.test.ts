import * as assert from "assert";
import { ALERT_PUBLISHING_SERVICES } from "../../../components/operations/alertPolicies";
import { AlertTopics } from "../../../components/operations/alertTopics";
import { RegionalProviders } from "../../../components/providers";
import type { PolicyDocument } from "../../../components/iamDocument";
import { parsePlatformConfig } from "../../../config";
import { rawProjectConfig } from "../../support/configs";
import { mockRuntime, promiseOf } from "../../support/pulumi";
import { buildOperations, input, jsonInput, ofType, T, type BuiltOperations, type Stack } from "./fixture";

for (const stack of ["dev", "prod"] as Stack[]) {
    describe(`AlertTopics and Observability (${stack} config)`, () => {
        let b: BuiltOperations;
        before(async () => {
            b = await buildOperations(`obs-${stack}`, stack);
        });
        const codes = () => b.config.regions.map((r) => r.code);

        it("one KMS-encrypted alert topic per region, in that region, keyed by its own rotating key", () => {
            const topics = ofType(b.under.alertTopics, T.topic);
            const keys = ofType(b.under.alertTopics, T.key);
            assert.deepStrictEqual(topics.map((t) => t.region), codes());
            for (const topic of topics) {
                const key = keys.find((k) => k.region === topic.region)!;
                assert.strictEqual(input(key, "enableKeyRotation"), true);
                assert.match(input<string>(topic, "kmsMasterKeyId"), new RegExp(`^arn:aws:kms:${topic.region}:`));
                assert.strictEqual(input(topic, "name"), `ai-platform-${b.config.environment.name}-${topic.region}-alerts`);
            }
        });

        it("lets CloudWatch and Budgets (of this account only) encrypt to the key and publish to the topic, over TLS only", () => {
            for (const key of ofType(b.under.alertTopics, T.key)) {
                const policy = jsonInput<PolicyDocument>(key, "policy");
                const services = policy.Statement.find((s) => s.Principal?.Service);
                assert.deepStrictEqual(services?.Principal?.Service, ALERT_PUBLISHING_SERVICES);
                assert.deepStrictEqual(services?.Condition, { StringEquals: { "aws:SourceAccount": "123456789012" } });
                assert.ok(!policy.Statement.some((s) => s.Action === "kms:*" || (Array.isArray(s.Action) && s.Action.includes("kms:*"))), "no kms:*");
            }
            for (const tp of ofType(b.under.alertTopics, T.topicPolicy)) {
                const policy = jsonInput<PolicyDocument>(tp, "policy");
                assert.ok(policy.Statement.some((s) => s.Effect === "Deny" && s.Condition?.Bool?.["aws:SecureTransport"] === "false"));
                assert.ok(policy.Statement.some((s) => s.Effect === "Allow" && s.Action === "sns:Publish" && s.Principal?.Service));
            }
        });

        it(stack === "prod" ? "subscribes the on-call email in every region" : "subscribes nobody when no alarm email is set", async () => {
            const subs = ofType(b.under.alertTopics, T.subscription);
            if (stack === "prod") {
                assert.deepStrictEqual(subs.map((s) => s.region), codes());
                assert.ok(subs.every((s) => input(s, "protocol") === "email" && input(s, "endpoint") === "platform-oncall@example.com"));
            } else {
                assert.strictEqual(subs.length, 0);
            }
        });

        it("topicArnFor gives each region's own topic, and refuses a region the stack lacks", async () => {
            for (const code of codes()) assert.match(await promiseOf(b.alertTopics.topicArnFor(code)), new RegExp(`^arn:aws:sns:${code}:`));
            assert.throws(() => b.alertTopics.topicArnFor("ap-south-1"), /no alert topic for region "ap-south-1"/);
        });

        it("every alarm lives in the region it watches and notifies that region's topic", async () => {
            const alarms = ofType(b.under.observability, T.alarm);
            const topicArn: Record<string, string> = {};
            for (const code of codes()) topicArn[code] = await promiseOf(b.alertTopics.topicArnFor(code));
            for (const a of alarms) {
                assert.deepStrictEqual(input(a, "alarmActions"), [topicArn[a.region]], a.name);
                const name = input<string>(a, "name");
                assert.ok(name.startsWith(`ai-platform-${b.config.environment.name}-${a.region}-`), name);
                const severity = input<string>(a, "tags.Severity");
                assert.ok(name.includes(`-${severity}-`), `${name} carries its level ${severity}`);
                assert.ok(input<string>(a, "alarmDescription").startsWith(`[${severity.toUpperCase()}]`));
            }
        });

        it("has the health, Bedrock and failover alarms in every region, and replication alarms where tables replicate", () => {
            const alarms = ofType(b.under.observability, T.alarm);
            for (const code of codes()) {
                const names = alarms.filter((a) => a.region === code).map((a) => input<string>(a, "name").replace(`ai-platform-${b.config.environment.name}-${code}-`, ""));
                const role = b.config.regions.find((r) => r.code === code)!.role;
                for (const want of [`${role === "primary" ? "critical" : "warning"}-region-down`, "warning-region-degraded", "critical-bedrock-latency-sla", "critical-bedrock-server-errors", "warning-bedrock-throttles", "info-failovers"]) {
                    assert.ok(names.includes(want), `${code} lacks ${want}: ${names.join(", ")}`);
                }
                assert.strictEqual(names.filter((n) => n.includes("replication-lag")).length, 1, `${code}: one peer in its zone`);
            }
        });

        it("one dashboard for the stack, in the primary region, showing every region", () => {
            const [dash] = ofType(b.under.observability, T.dashboard);
            assert.strictEqual(ofType(b.under.observability, T.dashboard).length, 1);
            assert.strictEqual(dash.region, b.config.regions[0].code);
            assert.strictEqual(input(dash, "dashboardName"), `ai-platform-${b.config.environment.name}`);
            const body = jsonInput<{ widgets: { properties: { metrics?: unknown[][] } }[] }>(dash, "dashboardBody");
            const regionsShown = new Set(body.widgets.flatMap((w) => (w.properties.metrics ?? []).map((m) => (m[m.length - 1] as { region?: string }).region)));
            for (const code of codes()) assert.ok(regionsShown.has(code), `dashboard lacks ${code}`);
        });

        it("a monthly cost budget per region, filtered to that region, notifying its topic", async () => {
            const budgets = ofType(b.under.observability, T.budget);
            assert.deepStrictEqual(budgets.map((x) => input<{ values: string[] }[]>(x, "costFilters")[0].values[0]), codes());
            for (const budget of budgets) {
                const code = input<{ name: string; values: string[] }[]>(budget, "costFilters")[0].values[0];
                assert.strictEqual(input(budget, "limitAmount"), b.config.operations.budgets[code].toFixed(2));
                assert.deepStrictEqual([input(budget, "budgetType"), input(budget, "timeUnit"), input(budget, "limitUnit")], ["COST", "MONTHLY", "USD"]);
                const topic = await promiseOf(b.alertTopics.topicArnFor(code));
                const notifications = input<{ subscriberSnsTopicArns: string[]; threshold: number }[]>(budget, "notifications");
                assert.deepStrictEqual(notifications.map((n) => n.threshold), [80, 100, 200]);
                assert.ok(notifications.every((n) => n.subscriberSnsTopicArns.length === 1 && n.subscriberSnsTopicArns[0] === topic));
                assert.strictEqual(budget.region, "us-east-1", "AWS Budgets is a global service");
            }
        });

        it("exposes the dashboard link", async () => {
            const url = await promiseOf(b.observability.dashboardUrl);
            assert.strictEqual(url, `https://${codes()[0]}.console.aws.amazon.com/cloudwatch/home?region=${codes()[0]}#dashboards:name=ai-platform-${b.config.environment.name}`);
        });
    });
}

describe("AlertTopics alone", () => {
    it("can be built before anything else (BedrockFailover publishes to it)", async () => {
        mockRuntime();
        const config = parsePlatformConfig(rawProjectConfig("dev"));
        const topics = new AlertTopics("alerts-standalone", { environment: config.environment, regions: config.regions, providers: new RegionalProviders(config.environment) });
        assert.deepStrictEqual(Object.keys(topics.topicArns), ["eu-west-1", "eu-north-1"]);
        assert.match(await promiseOf(topics.keyArnFor("eu-north-1")), /^arn:aws:kms:eu-north-1:/);
    });
});
