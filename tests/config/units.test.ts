import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { AWS_REGION_CODES, COUNTRY_ZONES, EU_MEMBER_STATE_REGIONS, MULTI_COUNTRY_REGIMES, awsRegion } from "../../config/awsRegions";
import { zoneCountryIssues } from "../../config/residency";
import { COUNTRY_ZONE_REGIONS, RESIDENCY_ZONE_REGIONS, zoneAllowsRegion, zoneRegions } from "../../functions/residencyZones";
import { cidrsOverlap, isCidr, parseCidr } from "../../config/cidr";
import { ConfigError } from "../../config";
import { projectConfigFrom } from "../../config/load";
import { failoverPath } from "../../config/regions";
import { profileGeography } from "../../functions/failover/residency";
import { readStackConfigFile } from "../../config/stackFile";
import { rawProjectConfig } from "../support/configs";

describe("config/cidr", () => {
    const cases: Array<[string, string, boolean]> = [
        ["10.0.0.0/16", "10.1.0.0/16", false],
        ["10.0.0.0/16", "10.0.255.0/24", true],
        ["10.0.0.0/8", "10.200.0.0/16", true],
        ["10.0.0.0/17", "10.0.128.0/17", false],
        ["192.168.0.0/20", "192.168.15.0/24", true],
        ["192.168.0.0/20", "192.168.16.0/24", false],
    ];
    for (const [a, b, overlap] of cases) {
        it(`${a} ${overlap ? "overlaps" : "does not overlap"} ${b}`, () => {
            const ca = parseCidr(a);
            const cb = parseCidr(b);
            assert.ok(isCidr(ca) && isCidr(cb));
            assert.strictEqual(cidrsOverlap(ca, cb), overlap);
            assert.strictEqual(cidrsOverlap(cb, ca), overlap);
        });
    }
    for (const bad of ["10.0.0/16", "256.0.0.0/16", "10.0.0.0/40", "10.0.0.5/24", "x"]) {
        it(`rejects ${bad}`, () => assert.ok(!isCidr(parseCidr(bad))));
    }
});

describe("config/awsRegions", () => {
    it("EU member-state regions exclude London and Zurich", () => {
        assert.ok(!EU_MEMBER_STATE_REGIONS.includes("eu-west-2"));
        assert.ok(!EU_MEMBER_STATE_REGIONS.includes("eu-central-2"));
        for (const r of ["eu-central-1", "eu-west-1", "eu-west-3", "eu-south-1", "eu-south-2", "eu-north-1"]) {
            assert.ok(EU_MEMBER_STATE_REGIONS.includes(r), r);
        }
    });
    it("each region's jurisdiction is its zone in the residency table (functions/residencyZones.ts), and the table names no other region", () => {
        for (const code of AWS_REGION_CODES) assert.ok(zoneAllowsRegion(awsRegion(code)?.jurisdiction ?? "", code), code);
        for (const [zone, codes] of Object.entries(RESIDENCY_ZONE_REGIONS)) for (const code of codes) assert.strictEqual(awsRegion(code)?.jurisdiction, zone, code);
    });
    it("the residency floor knows every country zone the config accepts, with exactly that country's regions", () => {
        assert.deepStrictEqual(Object.keys(COUNTRY_ZONE_REGIONS).sort(), [...COUNTRY_ZONES].sort());
        for (const zone of COUNTRY_ZONES) {
            const expected = AWS_REGION_CODES.filter((code) => awsRegion(code)?.country.toLowerCase() === zone);
            assert.deepStrictEqual([...zoneRegions(zone)].sort(), expected.sort(), zone);
        }
    });
    it("knows the jurisdiction of each region", () => {
        assert.strictEqual(awsRegion("eu-west-2")?.jurisdiction, "uk");
        assert.strictEqual(awsRegion("ap-southeast-1")?.jurisdiction, "apac");
        assert.strictEqual(awsRegion("us-gov-west-1"), undefined);
    });
});

describe("config/regions failoverPath", () => {
    it("follows targets until the chain comes back", () => {
        const raw = rawProjectConfig("prod") as { regions: Parameters<typeof failoverPath>[0] };
        assert.deepStrictEqual(failoverPath(raw.regions, "eu-central-1"), ["eu-central-1", "eu-west-1"]);
        assert.deepStrictEqual(failoverPath(raw.regions, "us-west-2"), ["us-west-2", "us-east-1"]);
    });
});

describe("profileGeography (inference profile prefixes)", () => {
    const cases: Array<[string, string | undefined]> = [
        ["eu.anthropic.claude-sonnet-4-5-20250929-v1:0", "eu"],
        ["us.anthropic.claude-haiku-4-5-20251001-v1:0", "us"],
        ["global.anthropic.claude-sonnet-4-5-20250929-v1:0", "global"],
        ["apac.amazon.nova-pro-v1:0", "apac"],
        ["anthropic.claude-3-haiku-20240307-v1:0", undefined],
        ["amazon.titan-text-express-v1", undefined],
    ];
    for (const [id, prefix] of cases) it(`${id} -> ${prefix}`, () => assert.strictEqual(profileGeography(id), prefix));
});

describe("residency zones by country", () => {
    it("every region has a country; apac and me span several, eu is the one multi-country regime allowed", () => {
        assert.strictEqual(awsRegion("ap-northeast-1")?.country, "JP");
        assert.strictEqual(awsRegion("ap-southeast-1")?.country, "SG");
        assert.deepStrictEqual(MULTI_COUNTRY_REGIMES, ["eu"]);
        assert.ok(COUNTRY_ZONES.includes("jp") && COUNTRY_ZONES.includes("sg"));
    });
    const cases: Array<[string, Record<string, { residency: string }>, number]> = [
        ["two EU countries in zone eu", { "eu-central-1": { residency: "eu" }, "eu-west-1": { residency: "eu" } }, 0],
        ["Tokyo and Osaka in zone jp", { "ap-northeast-1": { residency: "jp" }, "ap-northeast-3": { residency: "jp" } }, 0],
        ["Tokyo and Osaka in zone apac (one country)", { "ap-northeast-1": { residency: "apac" }, "ap-northeast-3": { residency: "apac" } }, 0],
        ["Tokyo and Singapore in zone apac", { "ap-northeast-1": { residency: "apac" }, "ap-southeast-1": { residency: "apac" } }, 2],
        ["Bahrain and UAE in zone me", { "me-south-1": { residency: "me" }, "me-central-1": { residency: "me" } }, 2],
    ];
    for (const [what, map, n] of cases) it(`${what}: ${n} issue(s)`, () => assert.strictEqual(zoneCountryIssues(map).length, n));
});

describe("config/load and stackFile", () => {
    it("takes only this project's keys and decodes structured values", () => {
        const raw = projectConfigFrom({ "aws:region": "eu-west-1", "ai-platform:environment": '{"name":"x"}', "ai-platform:plain": "text", "kubernetes:context": "1" });
        assert.deepStrictEqual({ ...raw }, { environment: { name: "x" }, plain: "text" });
    });

    const rejects = (all: Record<string, string>, key: string, says: RegExp) => {
        assert.throws(() => projectConfigFrom(all), (err: unknown) => err instanceof ConfigError && err.issues.some((i) => i.key === key && says.test(i.message)), JSON.stringify(all).slice(0, 200));
    };

    it("refuses a misspelt namespace instead of silently dropping its settings (ai-platfrom:operations)", () => {
        rejects({ "ai-platform:environment": "{}", "ai-platfrom:operations": "{}" }, "ai-platfrom:operations", /unknown config namespace "ai-platfrom"; did you mean "ai-platform:operations"\?/);
        rejects({ "acme:thing": "1" }, "acme:thing", /unknown config namespace "acme"/);
    });

    it("refuses __proto__ keys at any depth (a region key would vanish into the prototype)", () => {
        rejects({ "ai-platform:regions": '{"__proto__":{"role":"primary"}}' }, "regions.__proto__", /__proto__/);
        rejects({ "ai-platform:bedrock": '{"models":[{"modelIds":{"constructor":"x"}}]}' }, "bedrock.models[0].modelIds.constructor", /constructor/);
        rejects({ "ai-platform:__proto__": "{}" }, "__proto__", /prototype key/);
    });

    it("a __proto__ region key in a stack file is refused, not dropped", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
        const file = path.join(dir, "Pulumi.proto.yaml");
        fs.writeFileSync(file, "config:\n  ai-platform:regions:\n    __proto__:\n      role: primary\n");
        rejects(readStackConfigFile(file), "regions.__proto__", /__proto__/);
    });

    it("rejects a stack file with a duplicated key", () => {
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackfile-"));
        const file = path.join(dir, "Pulumi.dup.yaml");
        fs.writeFileSync(file, "config:\n  ai-platform:regions:\n    eu-west-1: {}\n    eu-west-1: {}\n");
        assert.throws(() => readStackConfigFile(file), (err: unknown) => err instanceof ConfigError && /unique/i.test(err.issues[0].message));
    });

    it("rejects a missing stack file with its path", () => {
        assert.throws(() => readStackConfigFile("/nonexistent/Pulumi.nope.yaml"), /not found at \/nonexistent\/Pulumi.nope.yaml/);
    });
});
