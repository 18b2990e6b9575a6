import * as assert from "node:assert/strict";
import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import {
    evaluatePolicies,
    evaluatePolicyPack,
    PolicyConfigError,
    PolicyEvaluationError,
    providerFor,
    resourceValidationArgs,
    stackResources,
} from "../../policy-pack/offline";
import { POLICIES } from "../../policy-pack/policies";
import { T } from "../../policy-pack/policies/lib/awsTypes";
import { reconcilePolicyConfig, validateValue } from "../../policy-pack/policyConfig";
import { PROVIDERS as P, res } from "./fixtures";

/** The evaluator builds what @pulumi/policy's server builds, and resolves config as the CLI does. */

const db = (inputs: Record<string, unknown> = {}, opts: Parameters<typeof res>[2] = {}) => res(T.rdsInstance, { instanceClass: "db.r6g.large", ...inputs }, opts);

/** A compliant prod EU database, so tests can break one thing at a time. */
const goodDb = () => db({ storageEncrypted: true, kmsKeyId: "k", backupRetentionPeriod: 35, deletionProtection: true, multiAz: true, publiclyAccessible: false }, { protect: true });

describe("offline evaluator: the arguments a policy receives", () => {
    it("passes inputs, urn, name, options and the recorded provider", () => {
        const r = res(T.rdsInstance, { instanceClass: "x" }, { provider: P.euWest, protect: true });
        const args = resourceValidationArgs({ ...r, parentUrn: "urn:parent" }, undefined);
        assert.equal(args.type, T.rdsInstance);
        assert.deepEqual(args.props, { instanceClass: "x" });
        assert.equal(args.urn, r.urn);
        assert.equal(args.name, r.name);
        assert.equal(args.opts.protect, true);
        assert.equal(args.opts.parent, "urn:parent");
        assert.deepEqual(args.opts.customTimeouts, { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 });
        assert.equal(args.provider?.type, "pulumi:providers:aws");
        assert.equal(args.provider?.props.region, "eu-west-1");
        assert.equal(typeof args.provider?.props.defaultTags, "string", "provider inputs keep the engine's JSON encoding");
    });

    it("builds the engine's default provider from the stack's aws:* config when none is recorded", () => {
        const r = res(T.rdsInstance, {}, { provider: null, region: "eu-north-1" });
        const p = providerFor(r, { name: "prod", project: "ai-platform", awsConfig: { region: "eu-west-3", defaultTags: { tags: { A: "b" } } } });
        assert.deepEqual(p, {
            type: "pulumi:providers:aws", name: "default", urn: "urn:pulumi:prod::ai-platform::pulumi:providers:aws::default",
            props: { region: "eu-west-3", defaultTags: { tags: { A: "b" } } },
        });
        assert.equal(providerFor(r, undefined)?.props.region, "eu-north-1", "without aws:region, the recorded region");
        assert.equal(providerFor(res(T.eksComponentCluster, {}, { provider: null, custom: false }), undefined), undefined, "components get no provider");
    });

    it("getConfig returns a fresh copy; stackTags, isType, asType and notApplicable behave as the server's", () => {
        const r = db();
        const args = resourceValidationArgs(r, { enforcementLevel: "mandatory", properties: { list: [1] } }, { tags: { team: "ai" } });
        const c = args.getConfig<{ list: number[] }>();
        c.list.push(2);
        assert.deepEqual(args.getConfig(), { list: [1] });
        assert.equal(args.stackTags.get("team"), "ai");
        class Typed { static __pulumiType = T.rdsInstance; }
        class Other { static __pulumiType = T.ebsVolume; }
        class ByInstance { static isInstance(o: unknown) { return (o as { __pulumiType: string }).__pulumiType === T.rdsInstance; } }
        assert.equal(args.isType(Typed as never), true);
        assert.equal(args.isType(Other as never), false);
        assert.equal(args.isType(ByInstance as never), true);
        assert.equal(args.asType(Typed as never), args.props);
        assert.equal(args.asType(Other as never), undefined);
        assert.throws(() => args.notApplicable("why"));
    });

    it("unwraps secrets in props, as the policy server does (the plan records them wrapped)", () => {
        const secret = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270", value: "token" };
        const r = res(T.cacheReplicationGroup, { authToken: secret, nested: [{ s: secret }] });
        const args = resourceValidationArgs(r, undefined);
        assert.equal(args.props.authToken, "token");
        assert.deepEqual(args.props.nested, [{ s: "token" }]);
        assert.equal(stackResources([r])[0].props.authToken, "token");
        assert.deepEqual(r.inputs.authToken, secret, "the recorded inputs are not changed");
    });

    it("links stack resources to their parents", () => {
        const parent = res("ai:platform:RegionalStack", {}, { provider: null, custom: false });
        const child = { ...db(), parentUrn: parent.urn };
        const [p, c] = stackResources([parent, child]);
        assert.equal(c.parent, p);
        assert.deepEqual(c.dependencies, []);
    });
});

describe("offline evaluator: levels and summaries", () => {
    it("a compliant database passes every policy that applies to it", () => {
        const out = evaluatePolicyPack([goodDb()]);
        assert.deepEqual(out.violations, []);
        const applied = out.policies.filter((p) => p.status === "pass").map((p) => p.policy);
        for (const p of ["residency-region-allowed", "encryption-at-rest", "no-public-databases", "prod-backups", "prod-deletion-protection", "prod-multi-az", "required-tags"]) {
            assert.ok(applied.includes(p), `${p} did not check the database`);
        }
        assert.equal(out.policies.find((p) => p.policy === "lambda-supported-runtime")?.status, "not-applicable");
        assert.equal(out.policies.length, POLICIES.length);
    });

    it("an unencrypted public RDS instance fails the right mandatory policies", () => {
        const out = evaluatePolicyPack([db({ publiclyAccessible: true, backupRetentionPeriod: 35, deletionProtection: true, multiAz: true }, { protect: true })]);
        assert.deepEqual(out.violations.map((v) => [v.policy, v.level]), [["encryption-at-rest", "mandatory"], ["no-public-databases", "mandatory"]]);
        assert.equal(out.mandatoryViolations, 2);
        const failed = out.policies.filter((p) => p.status === "fail").map((p) => p.policy);
        assert.deepEqual(failed, ["encryption-at-rest", "no-public-databases"]);
    });

    it("an EU DynamoDB replica in us-east-1 fails residency-replicas-in-zone", () => {
        const table = res(T.dynamoTable, {
            serverSideEncryption: { enabled: true }, pointInTimeRecovery: { enabled: true }, deletionProtectionEnabled: true,
            replicas: [{ regionName: "us-east-1", pointInTimeRecovery: true, deletionProtectionEnabled: true }],
        });
        const v = evaluatePolicies([table]);
        assert.deepEqual(v.map((x) => x.policy), ["residency-replicas-in-zone"]);
        assert.equal(v[0].resourceType, T.dynamoTable);
        assert.equal(v[0].resourceName, table.name);
        assert.match(v[0].message, /us-east-1 via replicas\[0\]\.regionName/);
    });

    it("config levels: all, per policy, disabled, remediate reported as mandatory", () => {
        const bad = db({ publiclyAccessible: true }, { provider: P.devEu });
        const all = evaluatePolicyPack([bad], { config: { all: "advisory" } });
        assert.ok(all.violations.every((v) => v.level === "advisory"));
        assert.equal(all.mandatoryViolations, 0);
        const mixed = evaluatePolicyPack([bad], { config: { all: "advisory", "no-public-databases": "remediate", "encryption-at-rest": { enforcementLevel: "disabled" } } });
        assert.equal(mixed.violations.find((v) => v.policy === "no-public-databases")?.level, "mandatory");
        assert.equal(mixed.violations.some((v) => v.policy === "encryption-at-rest"), false);
        assert.equal(mixed.policies.find((p) => p.policy === "encryption-at-rest")?.status, "disabled");
    });

    it("stack settings become config of the policies that declare those keys", () => {
        const devDb = db({ storageEncrypted: true, kmsKeyId: "k" }, { provider: P.devEu });
        assert.equal(evaluatePolicies([devDb]).length, 0);
        const asProd = evaluatePolicies([devDb], { stack: { production: true } }).map((v) => v.policy);
        assert.deepEqual([...new Set(asProd)], ["prod-backups", "prod-deletion-protection", "prod-multi-az"]);
        const untagged = db({ storageEncrypted: true, kmsKeyId: "k" }, { provider: P.untaggedEu });
        assert.ok(evaluatePolicies([untagged], { config: { "required-tags": "disabled" } }).some((v) => v.policy === "residency-region-allowed"));
        assert.deepEqual(evaluatePolicies([untagged], { stack: { regionZones: { "eu-central-1": "eu" } }, config: { "required-tags": "disabled" } }), []);
    });

    it("the user's config wins over stack settings, and merges shallowly like the CLI (zones replaces the default map)", () => {
        const usDb = db({ storageEncrypted: true, kmsKeyId: "k", backupRetentionPeriod: 35, deletionProtection: true, multiAz: true }, { provider: P.usEast, protect: true });
        const v = evaluatePolicies([usDb], { config: { "residency-region-allowed": { zones: { eu: ["eu-central-1"] } } } });
        assert.deepEqual(v.map((x) => x.policy), ["residency-region-allowed"]);
        assert.match(v[0].message, /zone "us" has no allowed regions/);
    });

    it("stack policy violations name the resource they point at", () => {
        const resources = [
            res(T.rdsGlobalCluster, { globalClusterIdentifier: "g", storageEncrypted: true, deletionProtection: true }),
            res(T.rdsCluster, { globalClusterIdentifier: "g" }, { provider: P.usEast, name: "us-member" }),
        ];
        const v = evaluatePolicies(resources).filter((x) => x.policy === "residency-linked-replicas-in-zone");
        assert.equal(v.length, 1);
        assert.equal(v[0].resourceName, "us-member");
        assert.equal(v[0].resourceType, T.rdsCluster);
    });
});

describe("offline evaluator: failures", () => {
    const base = { name: "boom", description: "d", enforcementLevel: "mandatory" as const };

    it("a policy that throws stops the evaluation with the policy and resource named, as the CLI does", () => {
        const boom: ResourceValidationPolicy = { ...base, validateResource: () => { throw new Error("bad"); } };
        assert.throws(() => evaluatePolicyPack([db()], { policies: [boom] }), (e: unknown) => e instanceof PolicyEvaluationError && /policy 'boom' on urn:.*: bad/.test(e.message));
    });

    it("async validations are refused rather than silently ignored", () => {
        const later: ResourceValidationPolicy = { ...base, validateResource: async () => undefined };
        assert.throws(() => evaluatePolicyPack([db()], { policies: [later] }), /returned a promise/);
    });

    it("a typed validation is not called for other types (the server's __pulumiType fast path)", () => {
        let calls = 0;
        const fn = Object.assign(() => { calls++; }, { __pulumiType: T.ebsVolume });
        const typed: ResourceValidationPolicy = { ...base, validateResource: fn };
        const out = evaluatePolicyPack([db(), res(T.ebsVolume, {})], { policies: [typed] });
        assert.equal(calls, 1);
        assert.equal(out.policies[0].checked, 1);
    });

    it("reports a stack violation without urn against the stack", () => {
        const stackWide: StackValidationPolicy = { ...base, validateStack: (_a, report) => report("whole stack") };
        const v = evaluatePolicies([db()], { policies: [stackWide], stack: { name: "prod", project: "ai-platform" } });
        assert.deepEqual(v, [{ policy: "boom", level: "mandatory", resourceType: "pulumi:pulumi:Stack", resourceName: "ai-platform-prod", message: "whole stack" }]);
    });

    it("rejects config the CLI would reject, naming policy and key", () => {
        assert.throws(() => evaluatePolicyPack([], { config: { "prod-backups": { minimumRetentionDays: "x" } } }), (e: unknown) =>
            e instanceof PolicyConfigError && e.issues.includes("prod-backups: minimumRetentionDays: expected integer, got string"));
        assert.throws(() => evaluatePolicyPack([], { config: { "residency-region-allowed": { zones: { eu: "eu-west-1" } } } }), /zones\.eu: expected array, got string/);
        assert.throws(() => evaluatePolicyPack([], { config: { "lambda-supported-runtime": "strict" as never } }), /not a valid value/);
        assert.throws(() => evaluatePolicyPack([], { config: { "cloudfront-minimum-tls": { minimumProtocolVersion: "TLSv9" } } }), /is not one of/);
    });

    it("warns about unknown policies and keys, which the CLI ignores", () => {
        const out = evaluatePolicyPack([], { config: { "no-such-policy": "advisory", "log-retention": { minimumDays: 7, maxDays: 9 } } });
        assert.deepEqual(out.warnings, [
            'policy config names "no-such-policy", which is not a policy of this pack',
            'log-retention: config key "maxDays" is not in the policy\'s schema and is ignored',
        ]);
    });
});

describe("policy config resolution (as the Pulumi CLI's ReconcilePolicyPackConfig)", () => {
    it("starts from each policy's level and schema defaults", () => {
        const { byPolicy } = reconcilePolicyConfig(POLICIES, "advisory", []);
        assert.equal(byPolicy.get("required-tags")?.enforcementLevel, "advisory");
        assert.equal(byPolicy.get("residency-region-allowed")?.enforcementLevel, "mandatory");
        assert.deepEqual(byPolicy.get("lambda-supported-runtime")?.properties, { minimumNodejsVersion: 22, allowedRuntimes: [] });
    });
    it("applies layers in order, later wins", () => {
        const { byPolicy } = reconcilePolicyConfig(POLICIES, "advisory", [{ "log-retention": { minimumDays: 7 } }, { "log-retention": { minimumDays: 14, enforcementLevel: "mandatory" } }]);
        assert.deepEqual(byPolicy.get("log-retention"), { enforcementLevel: "mandatory", properties: { minimumDays: 14, maximumDays: 3653 } });
    });

    const VALUES: ReadonlyArray<readonly [string, Parameters<typeof validateValue>[0], unknown, readonly string[]]> = [
        ["integer ok", { type: "integer", minimum: 1 }, 3, []],
        ["integer below minimum", { type: "integer", minimum: 1 }, 0, ["v: 0 is less than 1"]],
        ["number accepts integer", { type: "number" }, 2, []],
        ["integer refuses fraction", { type: "integer" }, 2.5, ["v: expected integer, got number"]],
        ["array of strings", { type: "array", items: { type: "string" } }, ["a", 1], ["v[1]: expected string, got integer"]],
        ["map of string lists", { type: "object", additionalProperties: { type: "array", items: { type: "string" } } }, { eu: ["x"], us: [2] }, ["v.us[0]: expected string, got integer"]],
        ["enum", { type: "string", enum: ["a", "b"] }, "c", ['v: "c" is not one of "a", "b"']],
        ["pattern", { type: "string", pattern: "^eu-" }, "us-east-1", ["v: does not match ^eu-"]],
        ["boolean", { type: "boolean" }, "true", ["v: expected boolean, got string"]],
    ];
    for (const [name, schema, value, expected] of VALUES) {
        it(`validates: ${name}`, () => assert.deepEqual(validateValue(schema, value, "v"), expected));
    }
});
