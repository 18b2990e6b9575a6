import * as assert from "assert";
import * as aws from "@pulumi/aws";
import { BedrockFailover, HEALTH_METRIC_NAMESPACE, LAMBDA_RUNTIME } from "../../../components/bedrock/bedrockFailover";
import { actionsOf, resourcesOf, type PolicyStatement } from "../../../components/iamDocument";
import { RegionalProviders } from "../../../components/providers";
import type { PlatformConfig, RegionConfig } from "../../../config";
import { FAILOVER_SETTINGS_ENV, HEALTH_SETTINGS_ENV, type FailoverSettings, type HealthCheckSettings } from "../../../functions/contract";
import { BEDROCK_FAULT_FLAG_ENV } from "../../../functions/drills/faultFlag";
import { failoverLambdaTimeoutSeconds } from "../../../config/bedrock";
import type { PlannedResource } from "../../../plan/model";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { platformConfig } from "../../support/configs";
import { mockRuntime, ofType, oncePerName, oneOfType, resourcesUnder } from "../../support/pulumi";

const TOPIC = (code: string) => `arn:aws:sns:${code}:${MOCK_ACCOUNT_ID}:alerts`;
const ZONE_ID = "Z0123456789ABC";
const FAULT_FLAG = "/ai-platform/prod/drills/bedrock-fault";

interface Built {
    readonly region: RegionConfig;
    readonly resources: PlannedResource[];
    readonly fn: (suffix: "failover" | "health") => PlannedResource;
    readonly statements: (suffix: "failover" | "health") => PolicyStatement[];
}

const once = oncePerName<Built>();

/** Builds one BedrockFailover for `code` from a committed stack config, once per name. */
function build(name: string, config: PlatformConfig, code: string, options: { route53?: boolean; faultFlag?: boolean } = {}): Promise<Built> {
    return once(name, async () => {
        mockRuntime();
        const providers = new RegionalProviders(config.environment);
        const region = config.regions.find((r) => r.code === code);
        if (!region) throw new Error(`no region ${code}`);
        const component = new BedrockFailover(name, {
            region,
            regions: config.regions,
            bedrock: config.bedrock,
            environment: config.environment,
            provider: providers.forRegion(region),
            kmsKeyArn: `arn:aws:kms:${code}:${MOCK_ACCOUNT_ID}:key/k`,
            ingressDnsNames: Object.fromEntries(config.regions.map((r) => [r.code, `nlb-${r.code}.elb.amazonaws.com`])),
            alarmTopicArn: TOPIC(code),
            route53: options.route53 ? { hostedZoneId: ZONE_ID, recordName: "regional.example.com", recordType: "A" } : undefined,
            faultFlagParameterName: options.faultFlag ? FAULT_FLAG : undefined,
        });
        const resources = await resourcesUnder(component.urn);
        const fn = (suffix: "failover" | "health") => resources.find((r) => r.type === "aws:lambda/function:Function" && r.name === `${name}-${suffix}`)!;
        const statements = (suffix: "failover" | "health") => {
            const policy = resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name === `${name}-${suffix}-policy`);
            assert.ok(policy, `${suffix} role policy`);
            return (JSON.parse(String(policy.inputs.policy)) as { Statement: PolicyStatement[] }).Statement;
        };
        return { region, resources, fn, statements };
    });
}

const prod = platformConfig("prod");
const dev = platformConfig("dev");
const regionOfArn = (arn: string) => arn.split(":")[3];

describe("BedrockFailover component (prod eu-central-1, with a domain and drills)", () => {
    const get = () => build("bf-prod-euc1", prod, "eu-central-1", { route53: true, faultFlag: true });

    it("deploys two Lambdas on a current Node.js runtime, arm64, on the component's own roles", async () => {
        const b = await get();
        const fns = ofType(b.resources, "aws:lambda/function:Function");
        assert.strictEqual(fns.length, 2);
        const roles = ofType(b.resources, "aws:iam/role:Role");
        for (const f of fns) {
            assert.strictEqual(f.inputs.runtime, LAMBDA_RUNTIME);
            assert.strictEqual(f.inputs.runtime, "nodejs24.x");
            assert.deepStrictEqual(f.inputs.architectures, ["arm64"]);
            assert.strictEqual(f.region, "eu-central-1");
            assert.ok(roles.some((r) => String(f.inputs.role).endsWith(`/${r.name}`) || String(f.inputs.role).includes(r.name)), `${f.name} runs on one of the component's roles`);
            assert.match(String(f.inputs.kmsKeyArn), /^arn:aws:kms:eu-central-1:/);
        }
    });

    it("attaches no managed policy: CallbackFunction's broad defaults (e.g. AWSLambda_FullAccess) never appear", async () => {
        const b = await get();
        assert.deepStrictEqual(ofType(b.resources, "aws:iam/rolePolicyAttachment:RolePolicyAttachment"), []);
        for (const role of ofType(b.resources, "aws:iam/role:Role")) {
            assert.strictEqual(role.inputs.managedPolicyArns, undefined, role.name);
            const trust = JSON.parse(String(role.inputs.assumeRolePolicy)) as { Statement: Array<{ Principal: { Service: string }; Condition: Record<string, Record<string, string>> }> };
            assert.strictEqual(trust.Statement[0].Principal.Service, "lambda.amazonaws.com");
            assert.strictEqual(trust.Statement[0].Condition.StringEquals["aws:SourceAccount"], MOCK_ACCOUNT_ID);
        }
    });

    it("lets the failover role invoke only the chain's models, only in EU regions, with no wildcard action", async () => {
        const b = await get();
        const statements = b.statements("failover");
        for (const s of statements) for (const action of actionsOf(s)) assert.ok(!action.includes("*"), `${s.Sid}: ${action}`);
        const invoke = statements.find((s) => s.Sid === "InvokeChainModelsOnly");
        assert.ok(invoke);
        assert.deepStrictEqual([...actionsOf(invoke)].sort(), ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]);
        const arns = resourcesOf(invoke);
        assert.ok(arns.length > 0);
        for (const arn of arns) {
            assert.match(arn, /^arn:aws:bedrock:eu-[a-z]+-\d:/, `${arn} is in an EU region`);
            assert.ok(!arn.includes("/us.") && !arn.includes("/global.") && !arn.includes("llama"), `${arn} is not a non-EU model or profile`);
        }
        const settings = JSON.parse(String((b.fn("failover").inputs.environment as { variables: Record<string, string> }).variables[FAILOVER_SETTINGS_ENV])) as FailoverSettings;
        for (const step of settings.chain) {
            const granted = arns.some((arn) => arn.endsWith(`/${step.modelId}`) && regionOfArn(arn) === step.region);
            assert.ok(granted, `chain step ${step.region}/${step.modelId} is granted`);
        }
    });

    // '*' only where the action has no resource-level permissions: X-Ray segments (tracing on)
    // and the Marketplace subscription Bedrock first use needs ("Request access to models").
    it("gives the failover role '*' only for X-Ray (tracing is Active) and Bedrock first use; no cloudwatch (EMF)", async () => {
        const b = await get();
        assert.strictEqual((b.fn("failover").inputs.tracingConfig as { mode: string }).mode, "Active");
        const star = b.statements("failover").filter((s) => resourcesOf(s).includes("*")).map((s) => [...actionsOf(s)].sort());
        assert.deepStrictEqual(star, [["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], ["xray:PutTelemetryRecords", "xray:PutTraceSegments"]]);
        assert.ok(!b.statements("failover").some((s) => actionsOf(s).some((a) => a.startsWith("cloudwatch:"))));
    });

    it("pins the health role's PutMetricData to its namespace; its other '*' is Bedrock first use", async () => {
        const b = await get();
        const star = b.statements("health").filter((s) => resourcesOf(s).includes("*"));
        assert.deepStrictEqual(star.map((s) => [...actionsOf(s)].sort()), [["aws-marketplace:Subscribe", "aws-marketplace:ViewSubscriptions"], ["cloudwatch:PutMetricData"]]);
        assert.strictEqual(star[1].Condition?.StringEquals["cloudwatch:namespace"], HEALTH_METRIC_NAMESPACE);
    });

    it("creates each function only after its role's policy (CreateFunction validates tracing permissions)", async () => {
        const b = await get();
        for (const suffix of ["failover", "health"] as const) {
            const policy = b.resources.find((r) => r.type === "aws:iam/rolePolicy:RolePolicy" && r.name.endsWith(`-${suffix}-policy`));
            assert.ok(policy && b.fn(suffix).dependsOn?.includes(policy.urn), `${suffix} function depends on ${policy?.urn}`);
        }
    });

    it("allows Route 53 changes only on the stack's hosted zone, and only to the health role", async () => {
        const b = await get();
        const drain = b.statements("health").find((s) => actionsOf(s).includes("route53:ChangeResourceRecordSets"));
        assert.ok(drain);
        assert.deepStrictEqual(resourcesOf(drain), [`arn:aws:route53:::hostedzone/${ZONE_ID}`]);
        assert.ok(!b.statements("failover").some((s) => actionsOf(s).some((a) => a.startsWith("route53:"))));
    });

    it("reads the drill fault flag: env var on both Lambdas and ssm:GetParameter on that one parameter in its region", async () => {
        const b = await get();
        for (const suffix of ["failover", "health"] as const) {
            const vars = (b.fn(suffix).inputs.environment as { variables: Record<string, string> }).variables;
            assert.strictEqual(vars[BEDROCK_FAULT_FLAG_ENV], FAULT_FLAG);
            const read = b.statements(suffix).find((s) => actionsOf(s).includes("ssm:GetParameter"));
            assert.deepStrictEqual(read && resourcesOf(read), [`arn:aws:ssm:eu-central-1:${MOCK_ACCOUNT_ID}:parameter${FAULT_FLAG}`]);
        }
    });

    it("keeps the failover chain inside the EU zone, primary first, and hands it the region's timeouts", async () => {
        const b = await get();
        const settings = JSON.parse(String((b.fn("failover").inputs.environment as { variables: Record<string, string> }).variables[FAILOVER_SETTINGS_ENV])) as FailoverSettings;
        assert.strictEqual(settings.residency, "eu");
        assert.deepStrictEqual([...new Set(settings.chain.map((s) => s.region))], ["eu-central-1", "eu-west-1"]);
        assert.strictEqual(settings.chain[0].timeoutMs, b.region.timeouts.emergencyMs);
        assert.ok(settings.chain.every((s) => !s.modelId.startsWith("us.")));
        assert.strictEqual(settings.overallDeadlineMs, prod.bedrock.overallDeadlineMs);
    });

    it("probes every region of its zone on its ingress and configures planned drains on the weighted record", async () => {
        const b = await get();
        const settings = JSON.parse(String((b.fn("health").inputs.environment as { variables: Record<string, string> }).variables[HEALTH_SETTINGS_ENV])) as HealthCheckSettings;
        assert.deepStrictEqual(settings.targets.map((t) => t.region), ["eu-central-1", "eu-west-1"]);
        assert.ok(settings.targets.every((t) => t.endpointUrl.startsWith(`https://nlb-${t.region}.elb.amazonaws.com/`)));
        assert.deepStrictEqual(settings.route53, { hostedZoneId: ZONE_ID, recordName: "regional.example.com", recordType: "A" });
        assert.deepStrictEqual(settings.targets.map((t) => t.setIdentifier), ["eu-central-1", "eu-west-1"]);
    });

    // PutFunctionConcurrency: "leave at least 100 simultaneous executions unreserved"; new accounts
    // have a quota of 10, so reserving is opt-in. Overlap is prevented by no retries and timeout < period.
    it("runs the health checks every minute, without overlapping runs, invoked only by its own schedule", async () => {
        const b = await get();
        const rule = oneOfType(b.resources, "aws:cloudwatch/eventRule:EventRule");
        assert.strictEqual(rule.inputs.scheduleExpression, "rate(1 minute)");
        assert.strictEqual(b.fn("health").inputs.reservedConcurrentExecutions, undefined);
        assert.ok(Number(b.fn("health").inputs.timeout) < 60, "timeout below the schedule period");
        const invokeConfig = oneOfType(b.resources, "aws:lambda/functionEventInvokeConfig:FunctionEventInvokeConfig");
        assert.strictEqual(invokeConfig.inputs.maximumRetryAttempts, 0);
        assert.strictEqual((oneOfType(b.resources, "aws:cloudwatch/eventTarget:EventTarget").inputs.retryPolicy as { maximumRetryAttempts: number }).maximumRetryAttempts, 0);
        const permission = oneOfType(b.resources, "aws:lambda/permission:Permission");
        assert.strictEqual(permission.inputs.principal, "events.amazonaws.com");
        assert.ok(String(permission.inputs.sourceArn).includes(rule.name), `scoped to the rule, got ${String(permission.inputs.sourceArn)}`);
        const target = oneOfType(b.resources, "aws:cloudwatch/eventTarget:EventTarget");
        assert.ok(String(target.inputs.arn).includes(b.fn("health").name));
    });

    it("serves callers through a function URL that requires IAM auth and streams its response (CONTRACTS.md)", async () => {
        const b = await get();
        const url = oneOfType(b.resources, "aws:lambda/functionUrl:FunctionUrl");
        assert.strictEqual(url.inputs.authorizationType, "AWS_IAM");
        assert.strictEqual(url.inputs.invokeMode, "RESPONSE_STREAM");
        // The backstop covers the overall deadline plus the longest answer the settings allow.
        assert.strictEqual(b.fn("failover").inputs.timeout, failoverLambdaTimeoutSeconds(prod.bedrock));
    });

    it("sends every alarm to the region's alert topic, with one health alarm per zone region", async () => {
        const b = await get();
        const alarms = ofType(b.resources, "aws:cloudwatch/metricAlarm:MetricAlarm");
        for (const a of alarms) {
            assert.deepStrictEqual(a.inputs.alarmActions, [TOPIC("eu-central-1")], a.name);
            assert.deepStrictEqual(a.inputs.okActions, [TOPIC("eu-central-1")], a.name);
        }
        const health = alarms.filter((a) => a.inputs.metricName === "RegionHealthy");
        assert.deepStrictEqual(health.map((a) => (a.inputs.dimensions as Record<string, string>).Region).sort(), ["eu-central-1", "eu-west-1"]);
        assert.ok(health.every((a) => a.inputs.treatMissingData === "breaching"), "a silent checker alarms too");
        // RegionHealthy is standard resolution (60 s), so its alarms need whole-minute periods.
        assert.ok(health.every((a) => Number(a.inputs.period) % 60 === 0), "whole-minute periods over a standard-resolution metric");
        assert.ok(alarms.some((a) => a.inputs.namespace === "AWS/Lambda" && a.inputs.metricName === "Errors"));
    });

    it("encrypts both log groups with the region's key and keeps them for the environment's retention", async () => {
        const b = await get();
        const logs = ofType(b.resources, "aws:cloudwatch/logGroup:LogGroup");
        assert.strictEqual(logs.length, 2);
        for (const l of logs) {
            assert.match(String(l.inputs.kmsKeyId), /^arn:aws:kms:eu-central-1:/);
            assert.strictEqual(l.inputs.retentionInDays, prod.environment.logRetentionDays);
        }
    });
});

describe("BedrockFailover component (dev, no domain, no drills)", () => {
    const get = () => build("bf-dev-euw1", dev, "eu-west-1");

    it("leaves out Route 53 and the fault flag cleanly", async () => {
        const b = await get();
        const statements = [...b.statements("failover"), ...b.statements("health")];
        assert.ok(!statements.some((s) => actionsOf(s).some((a) => a.startsWith("route53:") || a.startsWith("ssm:"))));
        for (const suffix of ["failover", "health"] as const) {
            const vars = (b.fn(suffix).inputs.environment as { variables: Record<string, string> }).variables;
            assert.strictEqual(vars[BEDROCK_FAULT_FLAG_ENV], undefined);
        }
        const settings = JSON.parse(String((b.fn("health").inputs.environment as { variables: Record<string, string> }).variables[HEALTH_SETTINGS_ENV])) as HealthCheckSettings;
        assert.strictEqual(settings.route53, undefined);
    });
});

describe("BedrockFailover component (prod us-east-1)", () => {
    const get = () => build("bf-prod-use1", prod, "us-east-1");

    it("keeps a US region's chain and grants in the US zone", async () => {
        const b = await get();
        const invoke = b.statements("failover").find((s) => s.Sid === "InvokeChainModelsOnly");
        assert.ok(invoke);
        for (const arn of resourcesOf(invoke)) assert.match(regionOfArn(arn), /^us-/, arn);
        const settings = JSON.parse(String((b.fn("failover").inputs.environment as { variables: Record<string, string> }).variables[FAILOVER_SETTINGS_ENV])) as FailoverSettings;
        assert.deepStrictEqual([...new Set(settings.chain.map((s) => s.region))], ["us-east-1", "us-west-2"]);
    });

    it("runs on the Lambda runtime constant the policy pack checks", () => {
        assert.strictEqual(LAMBDA_RUNTIME, aws.lambda.Runtime.NodeJS24dX);
    });
});
