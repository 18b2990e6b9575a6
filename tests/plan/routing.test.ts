import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { RoutingGraph } from "../../plan/routing/graph";
import { proveGraph, subsets } from "../../plan/routing/proof";
import { Simulator } from "../../plan/routing/simulate";
import { edgeRoutingTable } from "../../components/global/edgeFunction";
import { REPO_ROOT } from "../support/configs";
import { runPlanCli } from "../support/planCli";

/**
 * The residency proof over routing graphs: today's design (one accelerator and one weighted set
 * spanning both zones) leaks and the leak is named with its failure combination; the zone-pinned
 * design never leaks, whatever is down; fail-open follows what AWS documents.
 */

const ZONES: Record<string, string> = { "eu-central-1": "eu", "eu-west-1": "eu", "us-east-1": "us", "us-west-2": "us" };
const region = (r: string) => ({ kind: "region" as const, region: r });

/** Today's design: one accelerator over every region, one weighted set, CloudFront -> accelerator. */
const legacy: RoutingGraph = {
    regionZones: ZONES,
    accelerators: { ga: { id: "ga", name: "one", groups: [{ region: "eu-central-1", dial: 100 }, { region: "eu-west-1", dial: 40 }, { region: "us-east-1", dial: 100 }, { region: "us-west-2", dial: 50 }] } },
    records: {
        "origin.example.com": [{ name: "origin.example.com", healthChecked: false, target: { kind: "accelerator", id: "ga" } }],
        "regional.example.com": Object.keys(ZONES).map((r, i) => ({ name: "regional.example.com", setIdentifier: r, weight: [50, 20, 20, 10][i], healthChecked: true, target: region(r) })),
    },
    distributions: [{ name: "cdn", origins: { ga: { kind: "name", name: "origin.example.com" } }, groups: {}, defaultTarget: "ga" }],
};

/** The zone-pinned design, as the GlobalLayer registers it. */
function pinned(): RoutingGraph {
    const zoneRegions = (z: string) => Object.keys(ZONES).filter((r) => ZONES[r] === z);
    const records: Record<string, RoutingGraph["records"][string]> = {};
    const origins: Record<string, RoutingGraph["distributions"][number]["origins"][string]> = {};
    const accelerators: RoutingGraph["accelerators"] = Object.fromEntries(["eu", "us"].map((z) => [`ga-${z}`, { id: `ga-${z}`, name: z, groups: zoneRegions(z).map((r, i) => ({ region: r, dial: i === 0 ? 100 : 40 })) }]));
    for (const z of ["eu", "us"]) {
        records[`${z}.example.com`] = [{ name: `${z}.example.com`, healthChecked: false, target: { kind: "accelerator", id: `ga-${z}` } }];
        records[`${z}.regional.example.com`] = zoneRegions(z).map((r) => ({ name: `${z}.regional.example.com`, setIdentifier: r, weight: 10, healthChecked: true, target: region(r) }));
        origins[`zone-${z}-accelerator`] = { kind: "name", name: `${z}.example.com` };
        origins[`zone-${z}-dns`] = { kind: "name", name: `${z}.regional.example.com` };
    }
    return {
        regionZones: ZONES,
        accelerators,
        records,
        distributions: [{ name: "cdn", origins, groups: {}, defaultTarget: "zone-eu-accelerator", edgeTable: edgeRoutingTable(["eu", "us"], true) }],
    };
}

describe("residency proof", () => {
    it("finds today's leak: EU users reach US regions through the shared accelerator, with the combination named", () => {
        const proof = proveGraph(legacy);
        assert.strictEqual(proof.ok, false);
        const bothEuDown = proof.leaks.find((l) => l.zone === "eu" && l.down.length === 2 && l.otherZones === "up");
        assert.ok(bothEuDown, JSON.stringify(proof.leaks.map((l) => l.message)));
        assert.deepStrictEqual(bothEuDown.landedIn, ["us-east-1", "us-west-2"]);
        assert.match(bothEuDown.message, /eu-central-1, eu-west-1 down/);
        // Even with nothing down an EU user entering near a US edge is served in the US.
        assert.ok(proof.leaks.some((l) => l.zone === "eu" && l.down.length === 0));
    });

    it("the zone-pinned design never serves a zone's users outside it, for every combination", () => {
        const proof = proveGraph(pinned());
        assert.deepStrictEqual(proof.leaks, []);
        assert.strictEqual(proof.ok, true);
        // 2 zones x 2^2 combinations x (other zones up, down).
        assert.strictEqual(proof.simulations, 16);
        const euAllDown = proof.table.find((r) => r.zone === "eu" && r.down.length === 2);
        assert.deepStrictEqual(euAllDown, { zone: "eu", down: ["eu-central-1", "eu-west-1"], serving: [], errors: true });
        assert.deepStrictEqual(proof.table.find((r) => r.zone === "us" && r.down.join() === "us-east-1")?.serving, ["us-west-2"]);
    });

    it("a zone-pinned distribution whose function table sends a zone to another zone's origin is caught", () => {
        const g = pinned();
        const table = edgeRoutingTable(["eu", "us"], true);
        const bad = { ...table, zones: { ...table.zones, eu: table.zones.us } };
        const proof = proveGraph({ ...g, distributions: [{ ...g.distributions[0], edgeTable: bad }] });
        assert.ok(proof.leaks.some((l) => l.zone === "eu" && /claim/.test(l.user)), JSON.stringify(proof.leaks.map((l) => l.message)));
    });

    it("prunes by zone: 16 regions in 4 zones of 4 need 128 simulations, not 65,536", () => {
        const zones = ["eu", "us", "uk", "ca"];
        const regionZones: Record<string, string> = {};
        zones.forEach((z) => { for (let i = 0; i < 4; i++) regionZones[`${z}-r${i}`] = z; });
        const accelerators = Object.fromEntries(zones.map((z) => [z, { id: z, name: z, groups: Object.keys(regionZones).filter((r) => regionZones[r] === z).map((r) => ({ region: r, dial: 100 })) }]));
        const origins = Object.fromEntries(zones.map((z) => [`zone-${z}-accelerator`, { kind: "accelerator" as const, id: z }]));
        const proof = proveGraph({ regionZones, accelerators, records: {}, distributions: [{ name: "cdn", origins, groups: {}, defaultTarget: "zone-eu-accelerator", edgeTable: edgeRoutingTable(zones, false) }] });
        assert.strictEqual(proof.simulations, 4 * 16 * 2);
        assert.strictEqual(proof.ok, true);
        assert.strictEqual(subsets([1, 2, 3, 4]).length, 16);
    });

    describe("fail-open as AWS documents it", () => {
        const cases: Array<{ name: string; down: string[]; want: string[]; error: boolean }> = [
            { name: "Route 53 answers the healthy weighted records", down: ["eu-central-1"], want: ["eu-west-1", "us-east-1", "us-west-2"], error: false },
            { name: "Route 53 answers every record when all are unhealthy", down: Object.keys(ZONES), want: Object.keys(ZONES), error: true },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const l = new Simulator(legacy, new Set(c.down)).name("regional.example.com");
                assert.deepStrictEqual([...l.regions].sort(), c.want.sort());
                assert.strictEqual(l.error, c.error);
            });
        }
        it("an accelerator with no healthy group fails open to all of its groups (an error, in its zone)", () => {
            const l = new Simulator(pinned(), new Set(["eu-central-1", "eu-west-1"])).accelerator("ga-eu");
            assert.deepStrictEqual([...l.regions].sort(), ["eu-central-1", "eu-west-1"]);
            assert.strictEqual(l.error, true);
        });
        it("a dial-0 group takes traffic only when no dialled group is healthy", () => {
            const g: RoutingGraph = { ...legacy, accelerators: { a: { id: "a", name: "a", groups: [{ region: "eu-central-1", dial: 100 }, { region: "eu-west-1", dial: 0 }] } } };
            assert.deepStrictEqual([...new Simulator(g, new Set()).accelerator("a").regions], ["eu-central-1"]);
            assert.deepStrictEqual([...new Simulator(g, new Set(["eu-central-1"])).accelerator("a").regions], ["eu-west-1"]);
        });
    });
});

describe("residency proof in the offline plan", function () {
    this.timeout(240_000);
    const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-routing-"));
    const lenient = path.join(tmp, "all-advisory.json");
    fs.writeFileSync(lenient, JSON.stringify({ all: "advisory" }));

    it("a leaky program (one accelerator across zones) exits 5 and names the combination", () => {
        const r = runPlanCli(["--stack", "dev", "--program", path.join(REPO_ROOT, "tests", "fixtures", "leaky-routing.ts"), "--json", "--diagram", path.join(tmp, "d.md"), "--policy-config", lenient]);
        assert.strictEqual(r.code, 5, r.stderr);
        assert.match(r.stderr, /residency proof failed: \d+ routing leaks; first: eu users by residency claim reach us-east-1 \(outside zone eu\) with no region of the zone down/);
        const plan = JSON.parse(r.stdout) as { routing: { ok: boolean; leaks: Array<{ zone: string; down: string[]; landedIn: string[] }> } };
        assert.strictEqual(plan.routing.ok, false);
        assert.ok(plan.routing.leaks.some((l) => l.zone === "eu" && l.down.join() === "eu-central-1" && l.landedIn.includes("us-east-1")));
    });

    it("the policy pack flags the same program: the accelerator's endpoint groups span zones (residency-traffic-in-zone)", () => {
        const r = runPlanCli(["--stack", "dev", "--program", path.join(REPO_ROOT, "tests", "fixtures", "leaky-routing.ts"), "--json", "--diagram", path.join(tmp, "d.md")]);
        assert.strictEqual(r.code, 3, r.stderr);
        const plan = JSON.parse(r.stdout) as { policy: { violations: Array<{ policy: string; message: string }> } };
        const v = plan.policy.violations.filter((x) => x.policy === "residency-traffic-in-zone");
        assert.strictEqual(v.length, 1, JSON.stringify(plan.policy.violations));
        assert.match(v[0].message, /accelerator listener .* spans residency zones: eu-central-1 \(eu\), us-east-1 \(us\)/);
    });
});
