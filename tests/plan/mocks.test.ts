import * as assert from "node:assert/strict";
import { parsePlanArgs, UsageError } from "../../plan/args";
import { arnOf, identityFor, MOCK_ACCOUNT_ID } from "../../plan/mockIdentities";
import { PlatformMocks } from "../../plan/mocks";
import { parseArn } from "../../policy-pack/policies/lib/arn";

/**
 * The mocks answer what AWS would: realistic ids and ARNs, in the resource's region and account,
 * derived from type, name and region (never from registration order), so a reference written
 * with an output is the same string on every run and resolvable to what it names.
 */

const A = MOCK_ACCOUNT_ID;

describe("mock identities", () => {
    const cases: ReadonlyArray<{ type: string; name: string; region: string; inputs?: Record<string, unknown>; id?: RegExp; arn?: RegExp; extra?: Record<string, RegExp> }> = [
        { type: "aws:kms/key:Key", name: "k", region: "eu-west-1", id: /^k-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/, arn: new RegExp(`^arn:aws:kms:eu-west-1:${A}:key/k-[0-9a-f-]{36}$`), extra: { keyId: /^k-[0-9a-f-]{36}$/ } },
        { type: "aws:kms/key:Key", name: "mrk", region: "eu-west-1", inputs: { multiRegion: true }, id: /^mrk-[0-9a-f]{32}$/ },
        { type: "aws:s3/bucket:Bucket", name: "Logs", region: "eu-central-1", id: /^logs-[0-9a-f]{7}$/, arn: /^arn:aws:s3:::logs-[0-9a-f]{7}$/, extra: { region: /^eu-central-1$/, bucketRegionalDomainName: /^logs-[0-9a-f]{7}\.s3\.eu-central-1\.amazonaws\.com$/ } },
        { type: "aws:s3/bucket:Bucket", name: "b", region: "eu-central-1", inputs: { bucket: "given-name" }, id: /^given-name$/, arn: /^arn:aws:s3:::given-name$/ },
        { type: "aws:iam/role:Role", name: "fn", region: "us-east-1", id: /^fn-[0-9a-f]{7}$/, arn: new RegExp(`^arn:aws:iam::${A}:role/fn-[0-9a-f]{7}$`) },
        { type: "aws:sns/topic:Topic", name: "alerts", region: "eu-west-1", arn: new RegExp(`^arn:aws:sns:eu-west-1:${A}:alerts-[0-9a-f]{7}$`), id: new RegExp(`^arn:aws:sns:eu-west-1:${A}:alerts-`) },
        { type: "aws:kinesis/stream:Stream", name: "s", region: "eu-west-1", arn: new RegExp(`^arn:aws:kinesis:eu-west-1:${A}:stream/s-[0-9a-f]{7}$`) },
        { type: "aws:backup/vault:Vault", name: "v", region: "eu-west-1", arn: new RegExp(`^arn:aws:backup:eu-west-1:${A}:backup-vault:v-[0-9a-f]{7}$`) },
        { type: "aws:cloudwatch/logGroup:LogGroup", name: "g", region: "eu-west-1", inputs: { name: "/aws/lambda/x" }, id: /^\/aws\/lambda\/x$/, arn: new RegExp(`^arn:aws:logs:eu-west-1:${A}:log-group:/aws/lambda/x$`) },
        { type: "aws:lambda/function:Function", name: "f", region: "eu-west-1", id: /^f-[0-9a-f]{7}$/, arn: new RegExp(`^arn:aws:lambda:eu-west-1:${A}:function:f-[0-9a-f]{7}$`) },
        { type: "aws:dynamodb/table:Table", name: "t", region: "eu-west-1", inputs: { name: "sessions" }, id: /^sessions$/, arn: new RegExp(`^arn:aws:dynamodb:eu-west-1:${A}:table/sessions$`) },
        { type: "aws:lb/targetGroup:TargetGroup", name: "tg", region: "eu-west-1", arn: new RegExp(`^arn:aws:elasticloadbalancing:eu-west-1:${A}:targetgroup/tg-[0-9a-f]{7}/[0-9a-f]{16}$`) },
        { type: "aws:lb/loadBalancer:LoadBalancer", name: "nlb", region: "eu-west-1", inputs: { loadBalancerType: "network" }, arn: new RegExp(`^arn:aws:elasticloadbalancing:eu-west-1:${A}:loadbalancer/net/nlb-[0-9a-f]{7}/[0-9a-f]{16}$`), extra: { dnsName: /\.elb\.eu-west-1\.amazonaws\.com$/ } },
        { type: "aws:acm/certificate:Certificate", name: "c", region: "us-east-1", inputs: { domainName: "x.example.com" }, arn: new RegExp(`^arn:aws:acm:us-east-1:${A}:certificate/[0-9a-f-]{36}$`) },
        { type: "aws:cloudfront/distribution:Distribution", name: "cdn", region: "us-east-1", id: /^E[0-9A-F]{13}$/, arn: new RegExp(`^arn:aws:cloudfront::${A}:distribution/E[0-9A-F]{13}$`) },
        { type: "aws:globalaccelerator/accelerator:Accelerator", name: "ga", region: "us-west-2", arn: new RegExp(`^arn:aws:globalaccelerator::${A}:accelerator/[0-9a-f-]{36}$`) },
        { type: "aws:elasticache/globalReplicationGroup:GlobalReplicationGroup", name: "g", region: "eu-central-1", inputs: { globalReplicationGroupIdSuffix: "sessions" }, id: /^[a-z]{5}-sessions$/, arn: new RegExp(`^arn:aws:elasticache::${A}:globalreplicationgroup:[a-z]{5}-sessions$`) },
        { type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "Cache", region: "eu-central-1", id: /^cache-[0-9a-f]{7}$/, arn: new RegExp(`^arn:aws:elasticache:eu-central-1:${A}:replicationgroup:cache-[0-9a-f]{7}$`) },
        { type: "aws:rds/instance:Instance", name: "db", region: "eu-central-1", id: /^db-[0-9A-F]{26}$/, arn: new RegExp(`^arn:aws:rds:eu-central-1:${A}:db:db-[0-9a-f]{7}$`) },
    ];
    for (const c of cases) {
        it(`${c.type} (${c.name}${c.inputs ? `, ${JSON.stringify(c.inputs)}` : ""})`, () => {
            const { id, outputs } = identityFor(c.type, c.name, c.region, c.inputs ?? {});
            if (c.id) assert.match(id, c.id);
            if (c.arn) assert.match(String(outputs.arn), c.arn);
            for (const [k, re] of Object.entries(c.extra ?? {})) assert.match(String(outputs[k]), re, k);
        });
    }

    it("is deterministic and name-derived: the same resource gets the same identity, whatever was registered before", () => {
        const first = new PlatformMocks("eu-west-1");
        const second = new PlatformMocks("eu-west-1");
        for (let i = 0; i < 5; i++) second.newResource({ type: "aws:s3/bucket:Bucket", name: `noise-${i}`, inputs: {}, custom: true });
        const a = first.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true });
        const b = second.newResource({ type: "aws:kms/key:Key", name: "k", inputs: {}, custom: true });
        assert.deepEqual(a, b);
    });

    it("the same name in two regions gets two identities, each ARN naming its own region", () => {
        const eu = identityFor("aws:kms/key:Key", "k", "eu-west-1", {});
        const us = identityFor("aws:kms/key:Key", "k", "us-east-1", {});
        assert.notEqual(eu.id, us.id);
        assert.equal(parseArn(String(eu.outputs.arn))?.region, "eu-west-1");
        assert.equal(parseArn(String(us.outputs.arn))?.region, "us-east-1");
        assert.equal(arnOf("iam", "eu-west-1", "role/x"), `arn:aws:iam::${A}:role/x`, "IAM ARNs name no region");
    });
});

describe("plan options for policy packs", () => {
    it("--policy-pack is repeatable; --policy-pack-config is the CLI's flag, --policy-config still accepted", () => {
        const a = parsePlanArgs(["--stack", "prod", "--policy-pack", "a", "--policy-pack", "b", "--policy-pack-config", "c.json"]);
        assert.deepEqual(a.policyPacks, ["a", "b"]);
        assert.equal(a.policyConfigFile, "c.json");
        assert.equal(parsePlanArgs(["--stack", "prod", "--policy-config", "old.json"]).policyConfigFile, "old.json");
        assert.deepEqual(parsePlanArgs(["--stack", "prod"]).policyPacks, []);
        assert.throws(() => parsePlanArgs(["--stack", "prod", "--policy-config", "a", "--policy-pack-config", "b"]), UsageError);
    });
});

describe("plan output options", () => {
    it("--json-out writes the document beside the summary; with --json it is a usage error; --timings takes a file", () => {
        const a = parsePlanArgs(["--stack", "dev", "--json-out", "plan.json", "--timings", "t.json"]);
        assert.deepEqual([a.json, a.jsonOutFile, a.timingsFile], [false, "plan.json", "t.json"]);
        assert.throws(() => parsePlanArgs(["--stack", "dev", "--json", "--json-out", "plan.json"]), (e: unknown) => e instanceof UsageError && /--json .* or --json-out FILE/.test(e.message));
        assert.throws(() => parsePlanArgs(["--stack", "dev", "--timings"]), UsageError);
    });
});
