import * as assert from "assert";
import { MAX_BUCKET_PREFIX_LENGTH, NLB_ACCESS_LOG_PREFIX, nlbAccessLogBucketPolicy, nlbAccessLogBucketPrefix } from "../../../components/regional/accessLogs";
import { RegionalProviders } from "../../../components/providers";
import { RegionalStack } from "../../../components/regional";
import { LOG_DELIVERY_KMS_ACTIONS, regionalKeyPolicy } from "../../../components/regional/policies";
import type { PolicyDocument } from "../../../components/iamDocument";
import type { PlannedResource } from "../../../plan/model";
import { platformConfig } from "../../support/configs";
import { mockRuntime, ofType, oneOfType, resourcesUnder } from "../../support/pulumi";

const account = { partition: "aws", accountId: "111122223333", region: "eu-central-1" };
const BUCKET_ARN = "arn:aws:s3:::prod-eu-central-1-nlb-logs-abc";

interface Statement {
    Sid?: string;
    Effect: string;
    Principal: unknown;
    Action: unknown;
    Resource: unknown;
    Condition?: Record<string, Record<string, unknown>>;
}

const statements = (doc: object) => (doc as { Statement: Statement[] }).Statement;
const bySid = (doc: object, sid: string): Statement => {
    const s = statements(doc).find((x) => x.Sid === sid);
    if (!s) throw new Error(`no statement ${sid}`);
    return s;
};

// Bucket policy as "Enable access logs for your Network Load Balancer" (bucket requirements) documents it.
describe("regional/accessLogs: nlbAccessLogBucketPolicy (ELB guide, NLB access-log bucket policy)", function () {
    const doc = nlbAccessLogBucketPolicy(BUCKET_ARN, account);
    const source = {
        StringEquals: { "aws:SourceAccount": "111122223333" },
        ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-central-1:111122223333:*" },
    };

    it("lets log delivery put objects only under <prefix>/AWSLogs/<account>/, with bucket-owner-full-control, for this account and region", function () {
        const s = bySid(doc, "NlbAccessLogsWrite");
        assert.deepStrictEqual(s.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.strictEqual(s.Action, "s3:PutObject");
        assert.strictEqual(s.Resource, `${BUCKET_ARN}/${NLB_ACCESS_LOG_PREFIX}/AWSLogs/111122223333/*`);
        assert.deepStrictEqual(s.Condition, {
            StringEquals: { "aws:SourceAccount": "111122223333", "s3:x-amz-acl": "bucket-owner-full-control" },
            ArnLike: source.ArnLike,
        });
    });

    it("lets log delivery read the bucket ACL, for this account and region only", function () {
        const s = bySid(doc, "NlbAccessLogsAclCheck");
        assert.deepStrictEqual(s.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.strictEqual(s.Action, "s3:GetBucketAcl");
        assert.strictEqual(s.Resource, BUCKET_ARN);
        assert.deepStrictEqual(s.Condition, source);
    });

    it("denies every request without TLS and allows nothing else", function () {
        const deny = bySid(doc, "DenyInsecureTransport");
        assert.strictEqual(deny.Effect, "Deny");
        assert.deepStrictEqual(deny.Condition, { Bool: { "aws:SecureTransport": "false" } });
        assert.deepStrictEqual(statements(doc).map((s) => s.Sid), ["DenyInsecureTransport", "NlbAccessLogsWrite", "NlbAccessLogsAclCheck"]);
    });

    it("never puts AWSLogs in the prefix ELB is given (ELB appends it)", function () {
        assert.ok(!NLB_ACCESS_LOG_PREFIX.includes("AWSLogs"));
    });
});

describe("regional/accessLogs: nlbAccessLogBucketPrefix", function () {
    const cases = [
        { env: "prod", region: "eu-central-1", want: "prod-eu-central-1-nlb-logs-" },
        { env: "dev", region: "ap-southeast-2", want: "dev-ap-southeast-2-nlb-logs-" },
    ];
    for (const c of cases) {
        it(`${c.env} in ${c.region}: ${c.want}`, function () {
            const got = nlbAccessLogBucketPrefix(c.env, c.region);
            assert.strictEqual(got, c.want);
            assert.ok(got.length <= MAX_BUCKET_PREFIX_LENGTH);
        });
    }

    it("rejects a prefix S3 would refuse, naming environment.name", function () {
        assert.throws(() => nlbAccessLogBucketPrefix("production-blue-green", "ap-southeast-2"), /environment\.name "production-blue-green".*at most 37/);
    });
});

describe("regional/policies: regionalKeyPolicy with NLB log delivery", function () {
    const sid = "LogDeliveryWritesNlbAccessLogs";

    it("grants log delivery data keys only for this account's log sources in this region", function () {
        const doc: PolicyDocument = regionalKeyPolicy(account, { logDelivery: true });
        const s = doc.Statement.find((x) => x.Sid === sid);
        assert.ok(s);
        assert.deepStrictEqual(s.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.deepStrictEqual(s.Action, LOG_DELIVERY_KMS_ACTIONS);
        assert.deepStrictEqual(s.Condition, {
            StringEquals: { "aws:SourceAccount": "111122223333" },
            ArnLike: { "aws:SourceArn": "arn:aws:logs:eu-central-1:111122223333:*" },
        });
    });

    it("grants log delivery nothing when the region keeps no NLB access logs", function () {
        assert.ok(!regionalKeyPolicy(account).Statement.some((x) => x.Sid === sid));
        assert.ok(!regionalKeyPolicy(account, { logDelivery: false }).Statement.some((x) => x.Sid === sid));
    });
});

const BUCKET = "aws:s3/bucket:Bucket";
const NLB = "aws:lb/loadBalancer:LoadBalancer";

/** One region of a committed stack config, built with a TLS listener (a domain), under a unique name. */
async function buildWithTls(stack: "prod" | "dev"): Promise<{ resources: PlannedResource[]; logRetentionDays: number }> {
    mockRuntime();
    const config = platformConfig(stack);
    const region = config.regions[0];
    const providers = new RegionalProviders(config.environment);
    const regional = new RegionalStack(`tls-${stack}-${region.code}`, {
        region,
        environment: config.environment,
        provider: providers.forRegion(region),
        ingressTls: { names: [`${region.code}.example.com`], hostedZoneId: "Z0000000000000", dnsProvider: providers.forGlobalServices() },
    });
    return { resources: await resourcesUnder(regional.urn), logRetentionDays: config.environment.logRetentionDays };
}

describe("RegionalStack: NLB access logs (prod config, TLS listener)", function () {
    let resources: PlannedResource[];
    let retention: number;
    let bucket: PlannedResource;
    before(async function () {
        ({ resources, logRetentionDays: retention } = await buildWithTls("prod"));
        bucket = oneOfType(resources, BUCKET);
    });

    it("points the NLB's accessLogs at the region's log bucket, under its prefix", function () {
        const nlb = oneOfType(resources, NLB);
        assert.deepStrictEqual(nlb.inputs.accessLogs, { enabled: true, bucket: bucket.state?.bucket, prefix: NLB_ACCESS_LOG_PREFIX });
        assert.ok(typeof bucket.state?.bucket === "string");
    });

    it("encrypts the bucket with SSE-KMS under the region's customer-managed key, with a bucket key", function () {
        const key = oneOfType(resources, "aws:kms/key:Key");
        const sse = oneOfType(resources, "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration");
        assert.deepStrictEqual(sse.inputs.rules, [{ applyServerSideEncryptionByDefault: { sseAlgorithm: "aws:kms", kmsMasterKeyId: key.state?.arn }, bucketKeyEnabled: true }]);
    });

    it("lets log delivery use the regional key (and only with the source conditions)", function () {
        const key = oneOfType(resources, "aws:kms/key:Key");
        const policy = JSON.parse(String(key.inputs.policy)) as PolicyDocument;
        const s = policy.Statement.find((x) => x.Sid === "LogDeliveryWritesNlbAccessLogs");
        assert.deepStrictEqual(s?.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.ok(s?.Condition?.StringEquals?.["aws:SourceAccount"]);
        assert.ok(String(s?.Condition?.ArnLike?.["aws:SourceArn"]).includes(":logs:"));
    });

    it("attaches the delivery bucket policy with source account and ARN conditions", function () {
        const policy = JSON.parse(String(oneOfType(resources, "aws:s3/bucketPolicy:BucketPolicy").inputs.policy)) as object;
        const write = bySid(policy, "NlbAccessLogsWrite");
        assert.deepStrictEqual(write.Principal, { Service: "delivery.logs.amazonaws.com" });
        assert.ok(write.Condition?.StringEquals?.["aws:SourceAccount"]);
        assert.ok(write.Condition?.ArnLike?.["aws:SourceArn"]);
        assert.strictEqual(write.Resource, `${String(bucket.state?.arn)}/${NLB_ACCESS_LOG_PREFIX}/AWSLogs/${String(write.Condition?.StringEquals?.["aws:SourceAccount"])}/*`);
    });

    it("blocks public access, disables ACLs, expires logs after the environment's log retention", function () {
        const block = oneOfType(resources, "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock").inputs;
        for (const k of ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"]) assert.strictEqual(block[k], true, k);
        assert.deepStrictEqual(oneOfType(resources, "aws:s3/bucketOwnershipControls:BucketOwnershipControls").inputs.rule, { objectOwnership: "BucketOwnerEnforced" });
        const rules = oneOfType(resources, "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration").inputs.rules as Array<{ expiration: { days: number } }>;
        assert.strictEqual(rules[0].expiration.days, retention);
    });

    it("keeps the production bucket on destroy (retainOnDelete, no forceDestroy)", function () {
        assert.strictEqual(bucket.retainOnDelete, true);
        assert.strictEqual(bucket.inputs.forceDestroy, false);
    });
});

describe("RegionalStack: no NLB access logs outside production (dev config, TLS listener)", function () {
    it("creates no bucket, sets no accessLogs, grants log delivery nothing", async function () {
        const { resources } = await buildWithTls("dev");
        assert.strictEqual(ofType(resources, BUCKET).length, 0);
        assert.strictEqual(oneOfType(resources, NLB).inputs.accessLogs, undefined);
        const key = oneOfType(resources, "aws:kms/key:Key");
        assert.ok(!String(key.inputs.policy).includes("delivery.logs.amazonaws.com"));
    });
});
