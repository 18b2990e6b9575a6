import * as assert from "assert";
import { parsePlatformConfig } from "../../config";
import { configIssuesOf, mutatedConfig, rawProjectConfig, type RawConfig } from "../support/configs";

interface BadCase {
    readonly rule: string;
    readonly stack: "dev" | "prod";
    readonly mutate: (c: RawConfig) => void;
    /** The key the error must name. */
    readonly key: string;
    /** A fragment of what the message must say is expected. */
    readonly says: RegExp;
}

const region = (c: RawConfig, code: string) => c.regions[code];
const rename = (c: RawConfig, from: string, to: string) => {
    c.regions[to] = c.regions[from];
    delete c.regions[from];
    for (const r of Object.values(c.regions) as RawConfig[]) if (r.failoverTarget === from) r.failoverTarget = to;
};

const badCases: BadCase[] = [
    // region codes
    { rule: "region code must be a real AWS region", stack: "dev", mutate: (c) => rename(c, "eu-north-1", "eu-north-9"), key: "regions.eu-north-9", says: /not an AWS region code/ },
    { rule: "region codes must not repeat (case variants)", stack: "dev", mutate: (c) => { c.regions["EU-WEST-1"] = structuredClone(region(c, "eu-west-1")); }, key: "regions.EU-WEST-1", says: /duplicate of region "eu-west-1"/ },
    { rule: "at least one region", stack: "dev", mutate: (c) => { c.regions = {}; }, key: "regions", says: /at least one region/ },
    // weights and roles
    { rule: "weight above 100", stack: "dev", mutate: (c) => { region(c, "eu-west-1").weight = 120; }, key: "regions.eu-west-1.weight", says: /integer from 0 to 100/ },
    { rule: "weight not an integer", stack: "dev", mutate: (c) => { region(c, "eu-west-1").weight = 89.5; }, key: "regions.eu-west-1.weight", says: /integer from 0 to 100/ },
    { rule: "weight negative", stack: "dev", mutate: (c) => { region(c, "eu-north-1").weight = -10; }, key: "regions.eu-north-1.weight", says: /integer from 0 to 100/ },
    { rule: "weights sum to 100", stack: "prod", mutate: (c) => { region(c, "us-west-2").weight = 5; }, key: "regions.*.weight", says: /sum to 100, got 95/ },
    { rule: "exactly one primary (two)", stack: "prod", mutate: (c) => { region(c, "us-east-1").role = "primary"; }, key: "regions.*.role", says: /exactly one .* primary, found 2 \(eu-central-1, us-east-1\)/ },
    { rule: "exactly one primary (none)", stack: "dev", mutate: (c) => { region(c, "eu-west-1").role = "secondary"; }, key: "regions.*.role", says: /found none/ },
    { rule: "role from the list", stack: "dev", mutate: (c) => { region(c, "eu-north-1").role = "backup"; }, key: "regions.eu-north-1.role", says: /primary, secondary, tertiary, standby/ },
    // failover
    { rule: "failover target exists", stack: "dev", mutate: (c) => { region(c, "eu-west-1").failoverTarget = "eu-west-3"; }, key: "regions.eu-west-1.failoverTarget", says: /not a region in this stack/ },
    { rule: "failover target is not the region itself", stack: "dev", mutate: (c) => { region(c, "eu-west-1").failoverTarget = "eu-west-1"; }, key: "regions.eu-west-1.failoverTarget", says: /itself/ },
    { rule: "personal data fails over inside its zone", stack: "prod", mutate: (c) => { region(c, "eu-central-1").failoverTarget = "us-east-1"; }, key: "regions.eu-central-1.failoverTarget", says: /same zone/ },
    {
        rule: "no chain leaves the zone through a region without personal data",
        stack: "prod",
        mutate: (c) => {
            // eu-central-1 -> eu-west-1 (no personal data) -> us-east-1: the second hop is lawful for
            // eu-west-1 itself, but carries eu-central-1's failover traffic out of the EU.
            region(c, "eu-west-1").personalData = false;
            region(c, "eu-west-1").failoverTarget = "us-east-1";
        },
        key: "regions.eu-central-1.failoverTarget",
        says: /chain eu-central-1 -> eu-west-1 -> us-east-1 .* leaves zone "eu" at us-east-1/,
    },
    // residency
    { rule: "EU residency excludes London", stack: "dev", mutate: (c) => rename(c, "eu-north-1", "eu-west-2"), key: "regions.eu-west-2.residency", says: /London.*not in an EU member state/ },
    { rule: "EU residency excludes Zurich", stack: "dev", mutate: (c) => rename(c, "eu-north-1", "eu-central-2"), key: "regions.eu-central-2.residency", says: /Zurich.*not in an EU member state/ },
    { rule: "residency matches the region's jurisdiction", stack: "prod", mutate: (c) => { region(c, "us-west-2").residency = "apac"; }, key: "regions.us-west-2.residency", says: /"us" jurisdiction \(country "us"\), not "apac"/ },
    { rule: "residency is a known zone", stack: "dev", mutate: (c) => { region(c, "eu-north-1").residency = "europe"; }, key: "regions.eu-north-1.residency", says: /expected a residency zone/ },
    // timeouts, thresholds, intervals
    { rule: "timeouts positive", stack: "dev", mutate: (c) => { region(c, "eu-west-1").timeouts.emergencyMs = 0; }, key: "regions.eu-west-1.timeouts.emergencyMs", says: /positive integer/ },
    { rule: "timeouts integers", stack: "dev", mutate: (c) => { region(c, "eu-west-1").timeouts.criticalMs = 10000.5; }, key: "regions.eu-west-1.timeouts.criticalMs", says: /positive integer/ },
    { rule: "emergency <= critical", stack: "prod", mutate: (c) => { region(c, "eu-west-1").timeouts.emergencyMs = 13000; }, key: "regions.eu-west-1.timeouts.emergencyMs", says: /emergencyMs <= criticalMs, got 13000 > 12000/ },
    { rule: "breaker threshold positive", stack: "dev", mutate: (c) => { region(c, "eu-west-1").circuitBreaker.threshold = 0; }, key: "regions.eu-west-1.circuitBreaker.threshold", says: /positive integer/ },
    { rule: "health-check interval Route 53 supports", stack: "dev", mutate: (c) => { region(c, "eu-west-1").healthCheck.intervalSeconds = 15; }, key: "regions.eu-west-1.healthCheck.intervalSeconds", says: /10 or 30/ },
    { rule: "health-check failure threshold within Route 53's limit", stack: "dev", mutate: (c) => { region(c, "eu-west-1").healthCheck.failureThreshold = 11; }, key: "regions.eu-west-1.healthCheck.failureThreshold", says: /at most 10/ },
    { rule: "health-check path absolute", stack: "dev", mutate: (c) => { region(c, "eu-west-1").healthCheck.path = "healthz"; }, key: "regions.eu-west-1.healthCheck.path", says: /absolute URL path/ },
    // CIDRs
    { rule: "CIDR syntax", stack: "dev", mutate: (c) => { region(c, "eu-west-1").vpcCidr = "10.110.0.0"; }, key: "regions.eu-west-1.vpcCidr", says: /not an IPv4 CIDR/ },
    { rule: "CIDR prefix length", stack: "dev", mutate: (c) => { region(c, "eu-west-1").vpcCidr = "10.110.0.0/33"; }, key: "regions.eu-west-1.vpcCidr", says: /prefix length above 32/ },
    { rule: "CIDR network address", stack: "dev", mutate: (c) => { region(c, "eu-west-1").vpcCidr = "10.110.0.1/16"; }, key: "regions.eu-west-1.vpcCidr", says: /host bits set; the network address is 10.110.0.0\/16/ },
    { rule: "VPC size", stack: "dev", mutate: (c) => { region(c, "eu-west-1").vpcCidr = "10.110.0.0/24"; }, key: "regions.eu-west-1.vpcCidr", says: /\/16 to \/20/ },
    { rule: "CIDRs do not overlap", stack: "prod", mutate: (c) => { region(c, "us-west-2").vpcCidr = "10.10.128.0/17"; }, key: "regions.us-west-2.vpcCidr", says: /overlaps eu-central-1's 10.10.0.0\/16/ },
    // sizing
    { rule: "node group min <= desired <= max", stack: "dev", mutate: (c) => { region(c, "eu-west-1").sizing.nodeGroups.general.desiredSize = 9; }, key: "regions.eu-west-1.sizing.nodeGroups.general.desiredSize", says: /minSize <= desiredSize <= maxSize/ },
    { rule: "cache needs a replica for automatic failover", stack: "dev", mutate: (c) => { region(c, "eu-west-1").sizing.cache.nodes = 1; }, key: "regions.eu-west-1.sizing.cache.nodes", says: /at least 2 nodes/ },
    // RDS version table (config/postgres.ts): 16.4 can no longer be created
    { rule: "database minor version RDS can still create", stack: "dev", mutate: (c) => { region(c, "eu-west-1").sizing.database.engineVersion = "16.4"; }, key: "regions.eu-west-1.sizing.database.engineVersion", says: /can no longer create PostgreSQL 16.4.*"16"/ },
    { rule: "database major version RDS supports", stack: "dev", mutate: (c) => { region(c, "eu-west-1").sizing.database.engineVersion = "12"; }, key: "regions.eu-west-1.sizing.database.engineVersion", says: /major version RDS can create \(16, 17\)/ },
    { rule: "database instance class shape", stack: "dev", mutate: (c) => { region(c, "eu-west-1").sizing.database.instanceClass = "r6g.large"; }, key: "regions.eu-west-1.sizing.database.instanceClass", says: /db\.r6g\.large/ },
    // unknown and missing keys
    { rule: "misspelt setting", stack: "dev", mutate: (c) => { region(c, "eu-west-1").weigth = 5; }, key: "regions.eu-west-1.weigth", says: /unknown setting/ },
    { rule: "misspelt top-level section", stack: "dev", mutate: (c) => { c.region = {}; }, key: "region", says: /unknown setting/ },
    { rule: "missing section", stack: "dev", mutate: (c) => { delete c.environment; }, key: "environment", says: /missing/ },
    { rule: "missing field", stack: "dev", mutate: (c) => { delete region(c, "eu-west-1").failoverTarget; }, key: "regions.eu-west-1.failoverTarget", says: /region code this region fails over to/ },
    // environment
    { rule: "Kubernetes version supported", stack: "dev", mutate: (c) => { c.environment.kubernetesVersion = "1.24"; }, key: "environment.kubernetesVersion", says: /supported EKS Kubernetes version/ },
    { rule: "log retention CloudWatch accepts", stack: "dev", mutate: (c) => { c.environment.logRetentionDays = 45; }, key: "environment.logRetentionDays", says: /retention period/ },
    { rule: "production is a boolean", stack: "dev", mutate: (c) => { c.environment.production = "yes"; }, key: "environment.production", says: /true or false/ },
    // bedrock
    { rule: "EU models stay in the EU geography", stack: "prod", mutate: (c) => { c.bedrock.models[0].modelIds.eu = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"; }, key: "bedrock.models[0].modelIds.eu", says: /"us" geography, outside zone "eu"/ },
    { rule: "no global inference profile for personal data", stack: "dev", mutate: (c) => { c.bedrock.models[1].modelIds.eu = "global.anthropic.claude-haiku-4-5-20251001-v1:0"; }, key: "bedrock.models[1].modelIds.eu", says: /global inference profile/ },
    { rule: "model zones exist in the stack", stack: "dev", mutate: (c) => { c.bedrock.models[0].modelIds.us = "us.anthropic.claude-sonnet-4-5-20250929-v1:0"; }, key: "bedrock.models[0].modelIds.us", says: /no region in this stack has residency "us"/ },
    { rule: "every zone has a model", stack: "prod", mutate: (c) => { for (const m of c.bedrock.models) delete m.modelIds.us; }, key: "bedrock.models", says: /zone "us" would have no model/ },
    // AWS limits and formats (issue 12, item 8)
    { rule: "Lambda timeout within 900 s", stack: "dev", mutate: (c) => { c.bedrock.overallDeadlineMs = 900_000; c.bedrock.hedgeDelayMs = 1000; }, key: "bedrock.overallDeadlineMs", says: /at most 895000 .*Lambda allows 900 s/ },
    { rule: "at most 6 cache nodes per shard", stack: "dev", mutate: (c) => { region(c, "eu-west-1").sizing.cache.nodes = 7; }, key: "regions.eu-west-1.sizing.cache.nodes", says: /at most 6 .*up to 5 replicas/ },
    { rule: "health path within Route 53's 255 characters", stack: "dev", mutate: (c) => { region(c, "eu-west-1").healthCheck.path = `/${"a".repeat(300)}`; }, key: "regions.eu-west-1.healthCheck.path", says: /at most 255 characters/ },
    { rule: "no wildcard model IDs", stack: "dev", mutate: (c) => { c.bedrock.models[0].modelIds.eu = "eu.anthropic.*"; }, key: "bedrock.models[0].modelIds.eu", says: /is a wildcard/ },
    { rule: "model ID format", stack: "dev", mutate: (c) => { c.bedrock.models[0].modelIds.eu = "claude sonnet"; }, key: "bedrock.models[0].modelIds.eu", says: /not a Bedrock model ID/ },
    { rule: "api invoke needs a body adapter for the model family", stack: "dev", mutate: (c) => { c.bedrock.models[2].modelIds.eu = "eu.mistral.pixtral-large-2502-v1:0"; }, key: "bedrock.models[2].modelIds.eu", says: /api: invoke has no request body adapter/ },
    { rule: "no aws: tag keys", stack: "dev", mutate: (c) => { c.environment.tags = { "aws:cost": "x" }; }, key: "environment.tags.aws:cost", says: /aws: prefix is reserved/ },
    { rule: "tag values within 256 characters", stack: "dev", mutate: (c) => { c.environment.tags = { CostCenter: "x".repeat(257) }; }, key: "environment.tags.CostCenter", says: /256/ },
    { rule: "tag keys within 128 characters", stack: "dev", mutate: (c) => { c.environment.tags = { ["k".repeat(129)]: "x" }; }, key: `environment.tags.${"k".repeat(129)}`, says: /128/ },
    { rule: "room for the program's tags within AWS's 50", stack: "dev", mutate: (c) => { c.environment.tags = Object.fromEntries(Array.from({ length: 41 }, (_, i) => [`t${i}`, "x"])); }, key: "environment.tags", says: /41 tags; AWS allows 50 .* at most 40/ },
    {
        rule: "a zone other than eu is one country",
        stack: "dev",
        mutate: (c) => {
            rename(c, "eu-west-1", "ap-northeast-1");
            rename(c, "eu-north-1", "ap-southeast-1");
            region(c, "ap-northeast-1").residency = "apac";
            region(c, "ap-southeast-1").residency = "apac";
        },
        key: "regions.ap-northeast-1.residency",
        says: /zone "apac" spans 2 countries: JP \(ap-northeast-1\), SG \(ap-southeast-1\)/,
    },
    { rule: "hedge delay below the overall deadline", stack: "dev", mutate: (c) => { c.bedrock.hedgeDelayMs = 20000; }, key: "bedrock.hedgeDelayMs", says: /less than overallDeadlineMs/ },
    { rule: "first-token hedge below the first-token timeout", stack: "prod", mutate: (c) => { c.bedrock.firstTokenHedgeMs = 3000; }, key: "bedrock.firstTokenHedgeMs", says: /less than firstTokenTimeoutMs \(3000\)/ },
    { rule: "first-token timeout below the overall deadline", stack: "prod", mutate: (c) => { c.bedrock.firstTokenTimeoutMs = 25000; }, key: "bedrock.firstTokenTimeoutMs", says: /less than overallDeadlineMs/ },
    { rule: "stall timeout a positive integer", stack: "prod", mutate: (c) => { c.bedrock.stallTimeoutMs = 0; }, key: "bedrock.stallTimeoutMs", says: /positive integer/ },
    { rule: "ms per output token not negative", stack: "prod", mutate: (c) => { c.bedrock.msPerOutputToken = -1; }, key: "bedrock.msPerOutputToken", says: /non-negative integer/ },
    { rule: "the longest answer fits Lambda's 900 s timeout", stack: "prod", mutate: (c) => { c.bedrock.maxOutputTokens = 64000; }, key: "bedrock.maxOutputTokens", says: /above Lambda's 900 s/ },
];

describe("config: every rule rejects bad input and names the key", () => {
    for (const c of badCases) {
        it(`${c.rule} -> ${c.key}`, () => {
            const issues = configIssuesOf(mutatedConfig(c.stack, c.mutate));
            const match = issues.find((i) => i.key === c.key && c.says.test(i.message));
            assert.ok(match, `no issue for key ${c.key} matching ${c.says}; got:\n${issues.map((i) => `  ${i.key}: ${i.message}`).join("\n")}`);
        });
    }

    it("reports every problem at once, not just the first", () => {
        const issues = configIssuesOf(mutatedConfig("prod", (c) => {
            region(c, "us-west-2").weight = 5;
            region(c, "eu-central-1").failoverTarget = "us-east-1";
            region(c, "us-west-2").vpcCidr = "10.10.0.0/16";
        }));
        const keys = issues.map((i) => i.key).sort();
        // eu-west-1's own chain (eu-west-1 -> eu-central-1 -> us-east-1) now leaves the EU too.
        assert.deepStrictEqual(keys, ["regions.*.weight", "regions.eu-central-1.failoverTarget", "regions.eu-west-1.failoverTarget", "regions.us-west-2.vpcCidr"]);
    });

    it("formats the error as one line per problem with the key first", () => {
        assert.throws(
            () => parsePlatformConfig(mutatedConfig("dev", (c) => { region(c, "eu-west-1").weight = 120; })),
            (err: Error) => /invalid stack config \(\d+ problems?\):\n {2}- regions\.eu-west-1\.weight: expected an integer from 0 to 100/.test(err.message),
        );
    });
});

describe("config: the committed stacks are valid and lawful", () => {
    for (const stack of ["dev", "prod"] as const) {
        it(`${stack} parses with no issues`, () => {
            assert.deepStrictEqual(configIssuesOf(rawProjectConfig(stack)), []);
        });
    }

    it("orders regions primary first, then by role and weight", () => {
        const cfg = parsePlatformConfig(rawProjectConfig("prod"));
        assert.deepStrictEqual(cfg.regions.map((r) => r.code), ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"]);
    });

    it("prod spans at least four regions on at least two continents, with an EU primary failing over inside the EU", async () => {
        const { awsRegion, EU_MEMBER_STATE_REGIONS } = await import("../../config/awsRegions");
        const cfg = parsePlatformConfig(rawProjectConfig("prod"));
        assert.ok(cfg.regions.length >= 4);
        const continents = new Set(cfg.regions.map((r) => awsRegion(r.code)!.continent));
        assert.ok(continents.size >= 2, `continents: ${[...continents].join(", ")}`);
        const primary = cfg.regions.find((r) => r.role === "primary")!;
        assert.strictEqual(primary.residency, "eu");
        assert.ok(EU_MEMBER_STATE_REGIONS.includes(primary.failoverTarget));
    });

    it("dev has two EU regions", () => {
        const cfg = parsePlatformConfig(rawProjectConfig("dev"));
        assert.strictEqual(cfg.regions.length, 2);
        assert.ok(cfg.regions.every((r) => r.residency === "eu"));
    });
});
