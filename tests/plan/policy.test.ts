import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { platformConfig, REPO_ROOT } from "../support/configs";
import { planJsonFor, runPlanCli, type PlanJson } from "../support/planCli";
import { sharedRun } from "../support/sharedPlans";

/**
 * The plan runs the policy pack on what the program registered, as `pulumi preview --policy-pack`
 * would: the summary shows each policy's verdict, `--json` carries them, and a mandatory violation
 * makes the plan exit 3 with the policy named. Each case is a child process (Pulumi's runtime is global).
 */

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-policy-"));
const diagram = path.join(tmp, "diagram.md");
const fixture = (name: string) => path.join(REPO_ROOT, "tests", "fixtures", `${name}.ts`);

interface ProgramPlan {
    readonly code: number | null;
    /** The --json document (`--json-out`), when the plan got as far as writing it. */
    readonly plan: PlanJson | undefined;
    /** The human summary. */
    readonly stdout: string;
    readonly stderr: string;
}

const plans = new Map<string, ProgramPlan>();

/** One run per (program, arguments) gives both outputs: the summary on stdout, the JSON in a file. */
function planProgram(program: string, extra: readonly string[] = []): ProgramPlan {
    const key = JSON.stringify([program, extra]);
    const cached = plans.get(key);
    if (cached) return cached;
    const jsonFile = path.join(tmp, `plan-${plans.size}.json`);
    const r = runPlanCli(["--stack", "dev", "--program", fixture(program), "--json-out", jsonFile, "--diagram", diagram, ...extra]);
    const plan = fs.existsSync(jsonFile) ? (JSON.parse(fs.readFileSync(jsonFile, "utf8")) as PlanJson) : undefined;
    const result = { code: r.code, plan, stdout: r.stdout, stderr: r.stderr };
    plans.set(key, result);
    return result;
}

describe("offline plan: policy pack", function () {
    this.timeout(240_000);

    describe("mutated programs (--program)", () => {
        it("an EU personal-data DynamoDB table replicated to us-east-1 exits 3 naming residency-replicas-in-zone", () => {
            const { code, plan, stderr } = planProgram("eu-replica-in-us");
            assert.strictEqual(code, 3, stderr);
            assert.match(stderr, /error: 1 mandatory policy violation: residency-replicas-in-zone \(1\)/);
            assert.ok(plan, "the plan is printed before the exit");
            const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => [v.policy, v.resourceType, v.resourceName]), [["residency-replicas-in-zone", "aws:dynamodb/table:Table", "conversations"]]);
            assert.match(mandatory[0].message, /to us-east-1 via replicas\[1\]\.regionName/);
            assert.strictEqual(plan.policy.policies.find((p) => p.policy === "residency-replicas-in-zone")?.status, "fail");
        });

        it("an unencrypted, publicly accessible RDS instance exits 3 naming encryption-at-rest and no-public-databases", () => {
            const { code, plan, stderr } = planProgram("public-unencrypted-rds");
            assert.strictEqual(code, 3, stderr);
            assert.match(stderr, /2 mandatory policy violations: encryption-at-rest \(1\), no-public-databases \(1\)/);
            assert.ok(plan);
            const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
            assert.deepStrictEqual(mandatory.map((v) => v.policy).sort(), ["encryption-at-rest", "no-public-databases"]);
            assert.ok(mandatory.every((v) => v.resourceType === "aws:rds/instance:Instance" && v.resourceName === "orders"));
            assert.match(mandatory.find((v) => v.policy === "encryption-at-rest")!.message, /storageEncrypted is false/);
            assert.match(mandatory.find((v) => v.policy === "no-public-databases")!.message, /publiclyAccessible is true/);
        });

        it("prints the failing policy and its violation in the human summary too", () => {
            const r = planProgram("public-unencrypted-rds");
            assert.strictEqual(r.code, 3, r.stderr);
            assert.match(r.stdout, /no-public-databases +mandatory +FAIL +1 +1/);
            assert.match(r.stdout, /\[mandatory\] encryption-at-rest: orders \(aws:rds\/instance:Instance\): storageEncrypted is false/);
        });

        it("--policy-config replaces the stack's committed file: all advisory, the same program exits 0", () => {
            const lenient = path.join(tmp, "all-advisory.json");
            fs.writeFileSync(lenient, JSON.stringify({ all: "advisory" }));
            const { code, plan, stderr } = planProgram("public-unencrypted-rds", ["--policy-config", lenient]);
            assert.strictEqual(code, 0, stderr);
            assert.ok(plan);
            assert.strictEqual(plan.policy.mandatoryViolations, 0);
            assert.deepStrictEqual(plan.policy.violations.map((v) => [v.policy, v.level]).sort(), [["encryption-at-rest", "advisory"], ["no-public-databases", "advisory"]]);
        });

        it("exits 2, naming policy and key, for a policy config the Pulumi CLI would reject", () => {
            const bad = path.join(tmp, "bad.json");
            fs.writeFileSync(bad, JSON.stringify({ "prod-backups": { minimumRetentionDays: "thirty" } }));
            const { code, stderr } = planProgram("small-program", ["--policy-config", bad]);
            assert.strictEqual(code, 2, stderr);
            assert.match(stderr, /prod-backups: minimumRetentionDays: expected integer, got string/);
        });

        it("advisory violations alone do not fail the plan", () => {
            const { code, plan, stderr } = planProgram("small-program", ["--policy-config", writeConfig("strict-tags", { "required-tags": { requiredTags: ["CostCenter"] } })]);
            assert.strictEqual(code, 0, stderr);
            assert.ok(plan);
            assert.ok(plan.policy.violations.some((v) => v.policy === "required-tags" && v.level === "advisory"), JSON.stringify(plan.policy.violations));
        });
    });

    for (const stack of ["dev", "prod"] as const) {
        describe(`the ${stack} stack`, () => {
            let plan: PlanJson;
            before(() => { plan = planJsonFor(stack); });

            it(`uses the committed policy config policy-pack/config/${stack}.json`, () => {
                assert.strictEqual(plan.policyConfigFile, `policy-pack/config/${stack}.json`);
                assert.deepStrictEqual(plan.policy.warnings, []);
            });

            it("reports every policy with its level, status, checked count and violations", () => {
                assert.ok(plan.policy.policies.length >= 20);
                for (const p of plan.policy.policies) {
                    assert.ok(["mandatory", "advisory"].includes(p.level), `${p.policy}: ${p.level}`);
                    assert.notStrictEqual(p.status, "disabled", p.policy);
                    assert.strictEqual(typeof p.checked, "number");
                    assert.strictEqual(p.violations, plan.policy.violations.filter((v) => v.policy === p.policy).length, p.policy);
                }
            });

            it("has no mandatory violation (--json policy.violations)", () => {
                const mandatory = plan.policy.violations.filter((v) => v.level === "mandatory");
                assert.deepStrictEqual(mandatory.map((v) => `${v.policy}: ${v.message}`), []);
                assert.strictEqual(plan.policy.mandatoryViolations, 0);
            });

            it("lists every Lambda with a zip under 64 KB (--json lambdas)", () => {
                const functions = plan.resources.filter((r) => r.type === "aws:lambda/function:Function");
                assert.deepStrictEqual(plan.lambdas.map((l) => l.name).sort(), functions.map((f) => f.name).sort());
                for (const l of plan.lambdas) {
                    assert.strictEqual(typeof l.packageBytes, "number", `${l.name}: no package size`);
                    assert.ok(l.packageBytes! > 0 && l.packageBytes! < 65536, `${l.name} in ${l.region}: ${l.packageBytes} bytes`);
                    assert.strictEqual(l.region, functions.find((f) => f.name === l.name)?.region);
                }
                // BedrockFailover is wired per region: a failover and a health-check callback in each.
                const regions = platformConfig(stack).regions.map((r) => r.code);
                for (const region of regions) {
                    assert.ok(plan.lambdas.filter((l) => l.region === region).length >= 1, `no Lambda in ${region}: ${JSON.stringify(plan.lambdas)}`);
                }
            });

            it("renders inputs as plain data: resource references as URNs, secrets hidden, closures by size", () => {
                const text = JSON.stringify(plan.resources);
                assert.ok(!text.includes("__pulumiResource"), "a live Resource object was dumped into the JSON");
                assert.ok(!text.includes("4dabf18193072939515e22adb298388d"), "a raw secret wrapper was dumped into the JSON");
                const nodeGroup = plan.resources.find((r) => r.type === "eks:index:ManagedNodeGroup");
                assert.ok(nodeGroup);
                const cluster = plan.resources.find((r) => r.type === "eks:index:Cluster" && r.urn === nodeGroup.inputs.cluster);
                assert.ok(cluster, `ManagedNodeGroup.cluster is ${JSON.stringify(nodeGroup.inputs.cluster)}, not a cluster's URN`);
                const cache = plan.resources.find((r) => r.type === "aws:elasticache/replicationGroup:ReplicationGroup");
                assert.strictEqual(cache?.inputs.authToken, "[secret]");
                const fn = plan.resources.find((r) => r.type === "aws:lambda/function:Function");
                assert.deepStrictEqual(Object.keys((fn?.inputs.code as { assets: object }).assets), ["__index.js"]);
            });
        });
    }

    it("the human summary has the policy table, the verdict and the Lambda sizes", () => {
        const r = sharedRun("prod");
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stdout, /== policy pack \(config: policy-pack\/config\/prod\.json\): \d+ pass, 0 fail/);
        assert.match(r.stdout, /residency-region-allowed +mandatory +pass +\d+ +0/);
        assert.match(r.stdout, /== policy violations: none/);
        assert.match(r.stdout, /== Lambda packages .*budget 64 KB\): all within budget/);
        assert.match(r.stdout, /eu-central-1 +\S+ +\d+\.\d KB +\d+/);
    });
});

function writeConfig(name: string, config: object): string {
    const file = path.join(tmp, `${name}.json`);
    fs.writeFileSync(file, JSON.stringify(config));
    return file;
}
