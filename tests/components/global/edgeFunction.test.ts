import * as assert from "assert";
import * as crypto from "crypto";
import { edgeFunctionCode, edgeRoutingTable, routingTableOf, RESIDENCY_KEY_NAME, zoneCountries } from "../../../components/global/edgeFunction";
import { ingressCertificateNames, regionName, zoneEntryName, zoneWeightedName } from "../../../components/global/names";

/**
 * The CloudFront Function's code, run here with stand-ins for the `cloudfront` module (KeyValueStore,
 * origin helpers) and node's crypto (createHmac has the same interface in cloudfront-js-2.0).
 */

const KEY = "test-hmac-key";
type Selected = { byId?: string; group?: { originIds: string[] } };

async function run(code: string, request: Record<string, unknown>): Promise<{ request: any; selected: Selected }> {
    const selected: Selected = {};
    const cf = {
        kvs: () => ({ get: async (k: string) => { if (k !== RESIDENCY_KEY_NAME) throw new Error("no key"); return KEY; } }),
        selectRequestOriginById: (id: string) => { selected.byId = id; },
        createRequestOriginGroup: (g: { originIds: string[] }) => { selected.group = g; },
    };
    const body = code.replace(/^import .*$/gm, "");
    const handler = new Function("cf", "crypto", `${body}\nreturn handler;`)(cf, crypto) as (e: unknown) => Promise<unknown>;
    const out = await handler({ request: { method: "POST", headers: {}, cookies: {}, ...request } });
    return { request: out, selected };
}

const claim = (zone: string, expiry: number, key = KEY) => `${zone}.${expiry}.${crypto.createHmac("sha256", key).update(`${zone}.${expiry}`).digest("hex")}`;
const future = Math.floor(Date.now() / 1000) + 3600;
const code = edgeFunctionCode(edgeRoutingTable(["eu", "us"], true));

describe("residency edge function", () => {
    const cases: Array<{ name: string; req: Record<string, unknown>; origin: string; zone: string; source: string }> = [
        { name: "a valid EU claim from a US edge goes to the EU", req: { cookies: { aip_residency: { value: claim("eu", future) } }, headers: { "cloudfront-viewer-country": { value: "US" } } }, origin: "zone-eu-accelerator", zone: "eu", source: "claim" },
        { name: "an expired claim falls back to the country", req: { cookies: { aip_residency: { value: claim("eu", 1000) } }, headers: { "cloudfront-viewer-country": { value: "US" } } }, origin: "zone-us-accelerator", zone: "us", source: "country" },
        { name: "a forged claim falls back to the country", req: { cookies: { aip_residency: { value: claim("us", future, "other") } }, headers: { "cloudfront-viewer-country": { value: "DE" } } }, origin: "zone-eu-accelerator", zone: "eu", source: "country" },
        { name: "an anonymous viewer in Norway (EEA) goes to the EU", req: { headers: { "cloudfront-viewer-country": { value: "NO" } } }, origin: "zone-eu-accelerator", zone: "eu", source: "country" },
        { name: "a country in no zone goes to the default (primary's) zone", req: { headers: { "cloudfront-viewer-country": { value: "JP" } } }, origin: "zone-eu-accelerator", zone: "eu", source: "default" },
        { name: "a viewer-sent x-residency-zone is replaced", req: { headers: { "x-residency-zone": { value: "us" } } }, origin: "zone-eu-accelerator", zone: "eu", source: "default" },
    ];
    for (const c of cases) {
        it(c.name, async () => {
            const { request, selected } = await run(code, c.req);
            assert.strictEqual(selected.byId, c.origin);
            assert.strictEqual(request.headers["x-residency-zone"].value, c.zone);
            assert.strictEqual(request.headers["x-residency-source"].value, c.source);
        });
    }

    it("GET gets the zone's failover pair, both origins of the same zone", async () => {
        const { selected } = await run(code, { method: "GET", cookies: { aip_residency: { value: claim("us", future) } } });
        assert.deepStrictEqual(selected.group?.originIds, ["zone-us-accelerator", "zone-us-dns"]);
    });

    it("carries its table so the residency proof can read it", () => {
        assert.deepStrictEqual(Object.keys(routingTableOf(code)?.zones ?? {}), ["eu", "us"]);
        assert.strictEqual(routingTableOf(code)?.countries.DE, "eu");
    });
});

describe("names (contract)", () => {
    it("zone and region names, and what each region's certificate covers", () => {
        const d = { zoneName: "ai-platform.example.com", regionalRecordName: "regional" };
        assert.strictEqual(zoneEntryName(d, "eu"), "eu.ai-platform.example.com");
        assert.strictEqual(zoneWeightedName(d, "eu"), "eu.regional.ai-platform.example.com");
        assert.strictEqual(regionName("ai-platform.example.com", "eu-central-1"), "eu-central-1.ai-platform.example.com");
        assert.deepStrictEqual(ingressCertificateNames(d, "eu-west-1", "eu"), ["eu-west-1.ai-platform.example.com", "eu.ai-platform.example.com", "eu.regional.ai-platform.example.com"]);
        assert.throws(() => zoneEntryName(d, "EU"), /not a lowercase DNS label/);
    });
});

describe("residency edge function: viewer countries of each zone", () => {
    it("a one-country zone (jp, in) takes its own country's anonymous users, not the default zone", () => {
        const t = edgeRoutingTable(["eu", "jp", "in"], true);
        assert.strictEqual(t.countries.JP, "jp");
        assert.strictEqual(t.countries.IN, "in");
        assert.strictEqual(t.countries.DE, "eu");
    });
    it("a jurisdiction named like a country code (sa = South America, me = Middle East) claims no country", () => {
        assert.deepStrictEqual(zoneCountries("sa"), []);
        assert.deepStrictEqual(zoneCountries("me"), []);
        assert.deepStrictEqual(zoneCountries("apac"), []);
        assert.deepStrictEqual(zoneCountries("br"), ["BR"]);
    });
});
