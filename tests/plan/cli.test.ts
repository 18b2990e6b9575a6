import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { stringify } from "yaml";
import { rawProjectConfig, REPO_ROOT } from "../support/configs";
import { planJsonFor, runPlanCli } from "../support/planCli";
import { sharedRun } from "../support/sharedPlans";

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-cli-"));
const diagram = path.join(tmp, "diagram.md");

/** Writes a stack file whose ai-platform config is the committed one, changed by `mutate`. */
function stackFile(name: string, base: "dev" | "prod", mutate: (c: Record<string, any>) => void): string {
    const raw = structuredClone(rawProjectConfig(base)) as Record<string, any>;
    mutate(raw);
    const config: Record<string, unknown> = { "aws:region": "eu-west-1" };
    for (const [k, v] of Object.entries(raw)) config[`ai-platform:${k}`] = v;
    const file = path.join(tmp, `Pulumi.${name}.yaml`);
    fs.writeFileSync(file, stringify({ config }));
    return file;
}

describe("offline plan CLI", function () {
    this.timeout(240_000);

    it("--json prints one JSON object with stack and every resource's type, name, region and inputs", () => {
        const plan = planJsonFor("dev");
        assert.strictEqual(plan.stack, "dev");
        assert.ok(plan.resources.length > 20, `only ${plan.resources.length} resources`);
        for (const r of plan.resources) {
            assert.strictEqual(typeof r.type, "string");
            assert.strictEqual(typeof r.name, "string");
            assert.strictEqual(typeof r.region, "string");
            assert.strictEqual(typeof r.inputs, "object");
        }
        const regions = new Set(plan.resources.map((r) => r.region));
        assert.ok(regions.has("eu-west-1") && regions.has("eu-north-1"), [...regions].join(","));
    });

    it("prints a per-region summary with role, weight, failover and resource counts", () => {
        const r = sharedRun("dev");
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stdout, /== eu-west-1 \| primary \| weight 90 \| zone eu/);
        assert.match(r.stdout, /failover: eu-west-1 -> eu-north-1/);
        assert.match(r.stdout, /== eu-north-1 \| secondary \| weight 10 \| zone eu/);
        assert.match(r.stdout, /\d+ +eks:index:Cluster/);
        assert.match(r.stdout, /== totals: \d+ resources/);
        const doc = r.diagram;
        assert.match(doc, /```mermaid\nflowchart LR/);
        assert.match(doc, /eu_west_1 -. failover .-> eu_north_1/);
    });

    it("exits 2 and names the key for an invalid config, declaring nothing", () => {
        const file = stackFile("badweight", "dev", (c) => { c.regions["eu-west-1"].weight = 120; });
        const r = runPlanCli(["--stack", "badweight", "--config", file, "--json", "--diagram", diagram]);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(r.stderr, /regions\.eu-west-1\.weight: expected an integer from 0 to 100/);
        assert.strictEqual(r.stdout, "");
    });

    it("exits 2 for an unlawful failover chain (EU primary failing over to us-east-1)", () => {
        const file = stackFile("unlawful", "prod", (c) => { c.regions["eu-central-1"].failoverTarget = "us-east-1"; });
        const r = runPlanCli(["--stack", "unlawful", "--config", file, "--diagram", diagram]);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(r.stderr, /regions\.eu-central-1\.failoverTarget: .*same zone/);
    });

    it("exits 2 for what only the components check (GPU node group without GPU instances), naming the key", () => {
        const file = stackFile("nogpu", "dev", (c) => { c.regions["eu-north-1"].sizing.nodeGroups.gpu.instanceTypes = ["m7i.large"]; });
        const r = runPlanCli(["--stack", "nogpu", "--config", file, "--diagram", diagram]);
        assert.strictEqual(r.code, 2, r.stderr);
        assert.match(r.stderr, /regions\.eu-north-1\.sizing\.nodeGroups\.gpu\.instanceTypes: expected NVIDIA GPU instance types/);
        assert.strictEqual(r.stdout, "");
    });

    it("uses --config instead of Pulumi.<stack>.yaml: the program reads that file's config", () => {
        const file = stackFile("renamed", "dev", (c) => { c.regions["eu-west-1"].weight = 70; c.regions["eu-north-1"].weight = 30; });
        // No policy-pack/config/renamed.json: dev's policy config is given explicitly. The program
        // tags one topic per configured region with its weight (the whole program's reading of
        // the same config is the shared dev run's to show).
        const r = runPlanCli(["--stack", "renamed", "--config", file, "--program", path.join(REPO_ROOT, "tests/fixtures/config-reader.ts"), "--policy-config", path.join(REPO_ROOT, "policy-pack/config/dev.json"), "--json", "--diagram", diagram]);
        assert.strictEqual(r.code, 0, r.stderr);
        const plan = JSON.parse(r.stdout) as { stack: string; resources: Array<{ type: string; region: string; inputs: { tags?: Record<string, string> } }> };
        assert.strictEqual(plan.stack, "renamed");
        const weights = Object.fromEntries(plan.resources.filter((x) => x.type === "aws:sns/topic:Topic").map((x) => [x.region, x.inputs.tags?.Weight]));
        assert.deepStrictEqual(weights, { "eu-west-1": "70", "eu-north-1": "30" });
    });

    it("runs another program with --program, under the same mocks", () => {
        const r = runPlanCli(["--stack", "dev", "--program", path.join(REPO_ROOT, "tests/fixtures/small-program.ts"), "--json", "--diagram", diagram]);
        assert.strictEqual(r.code, 0, r.stderr);
        const plan = JSON.parse(r.stdout) as { resources: Array<{ type: string; region: string }> };
        const topic = plan.resources.find((x) => x.type === "aws:sns/topic:Topic");
        assert.ok(topic);
        assert.strictEqual(topic.region, "eu-central-1");
    });

    it("fails loudly, with the program's message, when the program throws", () => {
        const r = runPlanCli(["--stack", "dev", "--program", path.join(REPO_ROOT, "tests/fixtures/throwing-program.ts"), "--diagram", diagram]);
        assert.strictEqual(r.code, 1);
        assert.match(r.stderr, /boom: the program threw on purpose/);
        // Where, in the TypeScript source: the fast run records no stack, so the plan re-runs it with source maps.
        assert.match(r.stderr, /at .*tests\/fixtures\/throwing-program\.ts:5:7\)/);
    });

    it("gives up at its deadline instead of hanging when the program never finishes", () => {
        const started = Date.now();
        const r = runPlanCli(["--stack", "dev", "--program", path.join(REPO_ROOT, "tests/fixtures/hanging-program.ts"), "--timeout", "3", "--diagram", diagram], 60_000);
        assert.strictEqual(r.code, 1);
        assert.match(r.stderr, /did not finish within 3000 ms/);
        assert.ok(Date.now() - started < 45_000);
    });

    it("rejects unknown options with usage", () => {
        const r = runPlanCli(["--stack", "dev", "--frobnicate"]);
        assert.notStrictEqual(r.code, 0);
        assert.match(r.stderr, /usage: npm run plan/);
    });
});
