import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import type { PlanTimings } from "../../plan/phases";
import type { PlannedResource } from "../../plan/model";
import { identityFor } from "../../plan/mockIdentities";
import { stableResourceOrder } from "../../plan/order";
import { runPlanCli } from "../support/planCli";
import { sharedRun } from "../support/sharedPlans";

/** `--json` is the same bytes in every run of the same config, so CI can diff plans. */

interface PlanTimingsFile extends PlanTimings {
    readonly stack: string;
    readonly resources: number;
}

function resource(region: string, urn: string): PlannedResource {
    return { type: "aws:sns/topic:Topic", name: urn, urn, inputs: {}, region, custom: true, protect: false, retainOnDelete: false };
}

describe("plan determinism", function () {
    this.timeout(240_000);

    it("two runs of the dev plan give byte-identical --json (on stdout, or in --json-out's file), with or without --timings (whose phases add up)", () => {
        const shared = sharedRun("dev");
        assert.strictEqual(shared.code, 0, shared.stderr);
        // The shared run wrote its document with --json-out; this one prints it on stdout.
        const first = shared.json;
        // The same arguments, diagram path included: --json names the diagram file.
        const at = shared.args.indexOf("--json-out");
        assert.ok(at >= 0, shared.args.join(" "));
        const args = [...shared.args.slice(0, at), ...shared.args.slice(at + 2), "--json"];
        const timingsFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "plan-timings-")), "t.json");
        const second = runPlanCli([...args, "--timings", timingsFile]);
        assert.strictEqual(second.code, 0, second.stderr);
        const timings = JSON.parse(fs.readFileSync(timingsFile, "utf8")) as PlanTimingsFile;
        fs.rmSync(path.dirname(timingsFile), { recursive: true, force: true });
        assert.deepStrictEqual(timings.phases.map((p) => p.phase), [
            "start-up and plan modules", "config validation", "program: modules and declarations", "program: registrations (mocks)", "program: ordering",
            "summary", "policy pack", "residency proof", "request-path check", "diagram and Lambda sizes", "preflight", "output",
        ]);
        assert.strictEqual(timings.resources, (JSON.parse(first) as { resources: unknown[] }).resources.length);
        const sum = (key: "cpuMs" | "wallMs") => timings.phases.reduce((n, p) => n + p[key], 0);
        assert.ok(Math.abs(sum("cpuMs") - timings.totalCpuMs) < 1 && Math.abs(sum("wallMs") - timings.totalWallMs) < 1, JSON.stringify(timings));
        assert.ok(timings.phases.every((p) => p.cpuMs >= 0 && p.wallMs >= 0) && timings.totalCpuMs > 0);
        assert.match(second.stderr, /plan timings \(s; CPU is every thread's\):\n  phase +CPU +share +wall\n  start-up and plan modules +\d+\.\d\d/);
        assert.ok(first.length > 10_000, `${first.length} bytes`);
        if (second.stdout !== first) {
            const at = [...first].findIndex((ch, i) => second.stdout[i] !== ch);
            assert.fail(`the runs differ from byte ${at}: ${JSON.stringify(first.slice(Math.max(0, at - 80), at + 80))} vs ${JSON.stringify(second.stdout.slice(Math.max(0, at - 80), at + 80))}`);
        }
    });

    describe("mock ids", () => {
        it("derive from type and name only: the same in every run, whatever registered before", () => {
            const id = () => identityFor("aws:sns/topic:Topic", "alerts", "eu-west-1", {}).id;
            assert.strictEqual(id(), id());
            assert.match(id(), /alerts/);
        });

        it("differ between types that share a name", () => {
            assert.notStrictEqual(identityFor("aws:sns/topic:Topic", "alerts", "eu-west-1", {}).id, identityFor("aws:kms/key:Key", "alerts", "eu-west-1", {}).id);
        });
    });

    describe("resource order", () => {
        const cases: Array<{ name: string; regions: string[]; input: Array<[string, string]>; want: string[] }> = [
            { name: "by the stack's region order first (primary first), then URN", regions: ["eu-west-1", "eu-north-1"], input: [["eu-north-1", "a"], ["eu-west-1", "b"], ["eu-west-1", "a"]], want: ["eu-west-1 a", "eu-west-1 b", "eu-north-1 a"] },
            { name: "regions outside the stack's list after it, by name; global among them", regions: ["eu-west-1"], input: [["us-east-1", "a"], ["global", "b"], ["eu-west-1", "c"]], want: ["eu-west-1 c", "global b", "us-east-1 a"] },
            { name: "no region order (another program): by region name, then URN", regions: [], input: [["eu-west-1", "b"], ["eu-central-1", "z"], ["eu-west-1", "a"]], want: ["eu-central-1 z", "eu-west-1 a", "eu-west-1 b"] },
            { name: "URNs by code unit, not locale (uppercase before lowercase)", regions: [], input: [["x", "b"], ["x", "B"], ["x", "a"]], want: ["x B", "x a", "x b"] },
        ];
        for (const c of cases) {
            it(c.name, () => {
                const input = c.input.map(([region, urn]) => resource(region, urn));
                const got = stableResourceOrder(input, c.regions).map((r) => `${r.region} ${r.urn}`);
                assert.deepStrictEqual(got, c.want);
                // Whatever order the registrations arrived in.
                assert.deepStrictEqual(stableResourceOrder([...input].reverse(), c.regions).map((r) => `${r.region} ${r.urn}`), c.want);
            });
        }
    });
});
