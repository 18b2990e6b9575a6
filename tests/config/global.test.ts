import * as assert from "assert";
import { parsePlatformConfig } from "../../config";
import { edgeLogRegion, globalSchema } from "../../config/global";
import { configIssuesOf, mutatedConfig, rawProjectConfig, type RawConfig } from "../support/configs";

const table = (c: RawConfig, i: number) => c.global.tables[i];
const domain = (c: RawConfig) => c.global.domain;
/** Renames a dev region, keeping failover targets pointing at it. */
const rename = (c: RawConfig, from: string, to: string) => {
    c.regions[to] = c.regions[from];
    delete c.regions[from];
    for (const r of Object.values(c.regions) as RawConfig[]) if (r.failoverTarget === from) r.failoverTarget = to;
};

describe("config: global section", () => {
    describe("accepted", () => {
        it("the committed dev and prod stacks", () => {
            assert.deepStrictEqual(configIssuesOf(rawProjectConfig("dev")), []);
            assert.deepStrictEqual(configIssuesOf(rawProjectConfig("prod")), []);
        });

        it("an omitted section gets every safe default", () => {
            const c = parsePlatformConfig(mutatedConfig("dev", (c) => { delete c.global; })).global;
            assert.deepStrictEqual(c, {
                accelerator: { clientAffinity: "NONE", flowLogs: false },
                cloudfront: {
                    priceClass: "PriceClass_100",
                    geoRestriction: { type: "none", locations: [] },
                    originReadTimeoutSeconds: 60,
                    logging: { enabled: true, includeCookies: false },
                },
                waf: { rateLimitPer5Minutes: 2000, blockedCountries: [], logging: true },
                tables: [],
            });
            assert.strictEqual(c.domain, undefined);
        });

        it("a domain with only a zone name gets the default record names and a lookup", () => {
            const c = globalSchema.parse({ domain: { zoneName: "ai.example.org" } });
            assert.deepStrictEqual(c.domain, { zoneName: "ai.example.org", createHostedZone: false, recordName: "@", regionalRecordName: "regional", originRecordName: "origin" });
        });

        it("table keys default to string attributes and personal data", () => {
            const c = globalSchema.parse({ tables: [{ name: "notes", residency: "eu", hashKey: { name: "id" } }] });
            assert.deepStrictEqual(c.tables[0], { name: "notes", residency: "eu", personalData: true, hashKey: { name: "id", type: "S" } });
        });

        it("a drained region is fine while its zone keeps another region live", () => {
            assert.deepStrictEqual(configIssuesOf(mutatedConfig("prod", (c) => { c.regions["us-west-2"].weight = 0; c.regions["us-east-1"].weight = 30; })), []);
        });

        it("a whole zone may be drained when none of its regions holds personal data", () => {
            const c = mutatedConfig("prod", (c) => {
                for (const code of ["us-east-1", "us-west-2"]) { c.regions[code].personalData = false; c.regions[code].weight = 0; }
                c.regions["eu-central-1"].weight = 80;
                c.global.tables = c.global.tables.filter((t: RawConfig) => t.residency !== "us");
            });
            assert.deepStrictEqual(configIssuesOf(c), []);
        });

        it("geo restriction, blocked countries and an explicit EU log region", () => {
            const c = mutatedConfig("prod", (c) => {
                c.global.cloudfront.geoRestriction = { type: "blacklist", locations: ["KP", "IR"] };
                c.global.waf.blockedCountries = ["RU"];
                c.global.cloudfront.logging.bucketRegion = "eu-west-1";
            });
            assert.deepStrictEqual(configIssuesOf(c), []);
            assert.strictEqual(edgeLogRegion(parsePlatformConfig(c).global, c.regions), "eu-west-1");
        });

        it("the edge log region defaults to the primary region", () => {
            const raw = rawProjectConfig("prod") as RawConfig;
            assert.strictEqual(edgeLogRegion(parsePlatformConfig(raw).global, raw.regions), "eu-central-1");
        });
    });

    interface BadCase {
        readonly rule: string;
        readonly stack: "dev" | "prod";
        readonly mutate: (c: RawConfig) => void;
        readonly key: string;
        readonly says: RegExp;
    }

    const badCases: BadCase[] = [
        // shape
        { rule: "unknown setting", stack: "dev", mutate: (c) => { c.global.cdn = {}; }, key: "global.cdn", says: /unknown setting/ },
        { rule: "rate limit below WAF's minimum", stack: "dev", mutate: (c) => { c.global.waf.rateLimitPer5Minutes = 5; }, key: "global.waf.rateLimitPer5Minutes", says: /at least 10/ },
        { rule: "rate limit not an integer", stack: "dev", mutate: (c) => { c.global.waf.rateLimitPer5Minutes = 2000.5; }, key: "global.waf.rateLimitPer5Minutes", says: /integer/ },
        { rule: "blocked country must be an ISO code", stack: "dev", mutate: (c) => { c.global.waf.blockedCountries = ["Russia"]; }, key: "global.waf.blockedCountries[0]", says: /ISO 3166-1 alpha-2/ },
        { rule: "client affinity from the list", stack: "dev", mutate: (c) => { c.global.accelerator = { clientAffinity: "COOKIE" }; }, key: "global.accelerator.clientAffinity", says: /NONE or SOURCE_IP/ },
        { rule: "price class from the list", stack: "dev", mutate: (c) => { c.global.cloudfront = { priceClass: "PriceClass_50" }; }, key: "global.cloudfront.priceClass", says: /PriceClass_100/ },
        { rule: "origin read timeout within CloudFront's limit", stack: "dev", mutate: (c) => { c.global.cloudfront = { originReadTimeoutSeconds: 300 }; }, key: "global.cloudfront.originReadTimeoutSeconds", says: /at most 180/ },
        { rule: "zone name is a DNS name without trailing dot", stack: "prod", mutate: (c) => { domain(c).zoneName = "ai-platform.example.com."; }, key: "global.domain.zoneName", says: /without a trailing dot/ },
        { rule: "record name is one DNS label", stack: "prod", mutate: (c) => { domain(c).recordName = "www.app"; }, key: "global.domain.recordName", says: /one lowercase DNS label/ },
        { rule: "hosted zone ID shape", stack: "prod", mutate: (c) => { domain(c).hostedZoneId = "zone-1"; }, key: "global.domain.hostedZoneId", says: /hosted zone ID/ },
        { rule: "table name characters", stack: "dev", mutate: (c) => { table(c, 0).name = "my table"; }, key: "global.tables[0].name", says: /3-200 letters/ },
        { rule: "table residency is a zone", stack: "dev", mutate: (c) => { table(c, 0).residency = "europe"; }, key: "global.tables[0].residency", says: /expected a residency zone/ },
        { rule: "key attribute type", stack: "dev", mutate: (c) => { table(c, 0).hashKey.type = "STRING"; }, key: "global.tables[0].hashKey.type", says: /S, N or B/ },
        { rule: "table needs a hash key", stack: "dev", mutate: (c) => { delete table(c, 0).hashKey; }, key: "global.tables[0].hashKey", says: /missing/ },
        // cross-field
        { rule: "table residency zone must have a region in the stack", stack: "dev", mutate: (c) => { table(c, 0).residency = "us"; }, key: "global.tables[0].residency", says: /no region in this stack has residency "us" \(zones: eu\)/ },
        {
            rule: "personal data table needs a zone region that may hold personal data",
            stack: "prod",
            mutate: (c) => { for (const code of ["us-east-1", "us-west-2"]) c.regions[code].personalData = false; },
            key: "global.tables[1].personalData",
            says: /every region of zone "us" \(us-east-1, us-west-2\) has personalData: false/,
        },
        { rule: "table names are unique", stack: "prod", mutate: (c) => { table(c, 1).name = "Conversations"; }, key: "global.tables[1].name", says: /duplicate of global.tables\[0\].name/ },
        { rule: "range key differs from hash key", stack: "dev", mutate: (c) => { table(c, 0).rangeKey = { name: "conversationId" }; }, key: "global.tables[0].rangeKey.name", says: /different attribute from hashKey.name/ },
        { rule: "existing zone or created zone, not both", stack: "prod", mutate: (c) => { domain(c).hostedZoneId = "Z0123456789ABC"; domain(c).createHostedZone = true; }, key: "global.domain.createHostedZone", says: /expected false when hostedZoneId is set/ },
        { rule: "record names are distinct", stack: "prod", mutate: (c) => { domain(c).originRecordName = "regional"; }, key: "global.domain.originRecordName", says: /already used by global.domain.regionalRecordName/ },
        { rule: "no locations with geo restriction none", stack: "dev", mutate: (c) => { c.global.cloudfront = { geoRestriction: { type: "none", locations: ["DE"] } }; }, key: "global.cloudfront.geoRestriction.locations", says: /expected no locations when type is none/ },
        { rule: "a whitelist needs locations", stack: "dev", mutate: (c) => { c.global.cloudfront = { geoRestriction: { type: "whitelist" } }; }, key: "global.cloudfront.geoRestriction.locations", says: /at least one country code for a whitelist/ },
        { rule: "no duplicate locations", stack: "dev", mutate: (c) => { c.global.cloudfront = { geoRestriction: { type: "blacklist", locations: ["KP", "KP"] } }; }, key: "global.cloudfront.geoRestriction.locations", says: /duplicate country codes: KP/ },
        { rule: "log bucket region is a stack region", stack: "dev", mutate: (c) => { c.global.cloudfront = { logging: { bucketRegion: "eu-west-3" } }; }, key: "global.cloudfront.logging.bucketRegion", says: /"eu-west-3" is not a region in this stack/ },
        {
            rule: "log bucket not in an opt-in region (explicit)",
            stack: "dev",
            mutate: (c) => { rename(c, "eu-north-1", "eu-south-1"); c.global.cloudfront = { logging: { bucketRegion: "eu-south-1" } }; },
            key: "global.cloudfront.logging.bucketRegion",
            says: /cannot deliver access logs to a bucket in opt-in region eu-south-1$/,
        },
        {
            rule: "log bucket not in an opt-in region (defaulted to the primary)",
            stack: "dev",
            mutate: (c) => { rename(c, "eu-west-1", "eu-south-1"); },
            key: "global.cloudfront.logging.bucketRegion",
            says: /opt-in region eu-south-1 \(the primary region; set global.cloudfront.logging.bucketRegion/,
        },
        {
            rule: "edge logs of a stack with EU personal data stay in the EU",
            stack: "prod",
            mutate: (c) => { c.global.cloudfront.logging.bucketRegion = "us-east-1"; },
            key: "global.cloudfront.logging.bucketRegion",
            says: /IP addresses of EU users.*expected an EU region for the log bucket, got us-east-1/,
        },
        {
            rule: "flow logs alone also need a lawful log region",
            stack: "prod",
            mutate: (c) => { c.global.cloudfront.logging = { enabled: false, bucketRegion: "us-west-2" }; },
            key: "global.cloudfront.logging.bucketRegion",
            says: /expected an EU region/,
        },
        {
            rule: "a personal-data zone keeps one region with weight",
            stack: "prod",
            mutate: (c) => { c.regions["us-east-1"].weight = 0; c.regions["us-west-2"].weight = 0; c.regions["eu-central-1"].weight = 80; },
            key: "regions.*.weight",
            says: /every region of zone "us" \(us-east-1, us-west-2\) has weight 0/,
        },
    ];

    describe("rejected", () => {
        for (const c of badCases) {
            it(c.rule, () => {
                const issues = configIssuesOf(mutatedConfig(c.stack, c.mutate));
                const hit = issues.find((i) => i.key === c.key);
                assert.ok(hit, `expected an issue at ${c.key}, got ${JSON.stringify(issues)}`);
                assert.match(hit.message, c.says);
            });
        }
    });

    it("logging off and no flow logs need no log region at all", () => {
        const c = mutatedConfig("prod", (c) => { c.global.cloudfront.logging = { enabled: false, bucketRegion: "us-east-1" }; c.global.accelerator.flowLogs = false; });
        assert.deepStrictEqual(configIssuesOf(c), []);
    });
});
