import * as assert from "assert";
import { DrDrills } from "../../../components/operations/drDrills";
import type { AutomationDocument } from "../../../components/operations/drills";
import type { PolicyDocument } from "../../../components/iamDocument";
import { RegionalProviders } from "../../../components/providers";
import { parsePlatformConfig } from "../../../config";
import type { PlannedResource } from "../../../plan/model";
import { rawProjectConfig } from "../../support/configs";
import { mockRuntime, promiseOf } from "../../support/pulumi";
import { buildOperations, fakePrivateSubnets, input, jsonInput, ofType, T, type BuiltOperations, type Stack } from "./fixture";

interface Param { key: string; value: string }
const param = (r: PlannedResource, key: string) => input<Param[]>(r, "actions.0.parameters").find((p) => p.key === key)?.value;
const scenarioOf = (r: PlannedResource) => input<string>(r, "tags.DrillScenario");

for (const stack of ["dev", "prod"] as Stack[]) {
    describe(`DrDrills (${stack} config)`, () => {
        let b: BuiltOperations;
        let templates: PlannedResource[];
        before(async () => {
            b = await buildOperations(`drills-${stack}`, stack);
            templates = ofType(b.under.drills, T.template);
        });
        const minutes = () => b.config.operations.drills.durationMinutes;

        it("has a bedrock-outage and a region-isolation template in every region, in that region", () => {
            const got = templates.map((t) => `${t.region}:${scenarioOf(t)}`).sort();
            const want = b.config.regions.flatMap((r) => [`${r.code}:bedrock-outage`, `${r.code}:region-isolation`]).sort();
            assert.deepStrictEqual(got, want);
        });

        it("tags each with the seeds' cadence: the primary's Bedrock drill daily, others weekly, isolation monthly", () => {
            for (const t of templates) {
                const role = b.config.regions.find((r) => r.code === t.region)!.role;
                const want = scenarioOf(t) === "region-isolation" ? "monthly" : role === "primary" ? "daily" : "weekly";
                assert.strictEqual(input(t, "tags.DrillCadence"), want, t.name);
                assert.strictEqual(input(t, "tags.DrillDurationMinutes"), String(minutes()));
            }
        });

        it("isolates exactly the region's private subnets, for the configured bounded duration", () => {
            for (const t of templates.filter((x) => scenarioOf(x) === "region-isolation")) {
                assert.strictEqual(input(t, "actions.0.actionId"), "aws:network:disrupt-connectivity");
                assert.strictEqual(param(t, "scope"), "all");
                assert.strictEqual(param(t, "duration"), `PT${minutes()}M`);
                assert.strictEqual(input(t, "targets.0.resourceType"), "aws:ec2:subnet");
                assert.deepStrictEqual(input(t, "targets.0.resourceArns"), fakePrivateSubnets(t.region).map((id) => `arn:aws:ec2:${t.region}:123456789012:subnet/${id}`));
                assert.strictEqual(input(t, "experimentOptions.emptyTargetResolutionMode"), "fail");
            }
        });

        it("fails the Bedrock path through the region's own Automation document, bounded and with room to clean up", async () => {
            const docs = ofType(b.under.drills, T.document);
            for (const t of templates.filter((x) => scenarioOf(x) === "bedrock-outage")) {
                assert.strictEqual(input(t, "actions.0.actionId"), "aws:ssm:start-automation-execution");
                const doc = docs.find((d) => d.region === t.region)!;
                assert.match(param(t, "documentArn")!, new RegExp(`^arn:aws:ssm:${t.region}:`));
                const docParams = JSON.parse(param(t, "documentParameters")!) as Record<string, string>;
                assert.strictEqual(docParams.FaultMinutes, String(minutes()));
                // The Automation runs as its own narrow role (writes the flag), not as the FIS role.
                assert.match(docParams.AutomationAssumeRole, /^arn:aws:iam::123456789012:role\/.*automation-role/);
                assert.notStrictEqual(docParams.AutomationAssumeRole, await promiseOf(b.drills.experimentRoleArn));
                assert.strictEqual(param(t, "maxDuration"), `PT${minutes() + 5}M`);
                assert.strictEqual(input(doc, "documentType"), "Automation");
                assert.strictEqual(jsonInput<AutomationDocument>(doc, "content").schemaVersion, "0.3");
            }
        });

        it("stops every drill on an alarm in the drill's own region that watches its failover target", () => {
            const guards = ofType(b.under.drills, T.alarm);
            for (const t of templates) {
                const stops = input<{ source: string; value: string }[]>(t, "stopConditions");
                assert.strictEqual(stops.length, 1);
                assert.strictEqual(stops[0].source, "aws:cloudwatch:alarm");
                assert.match(stops[0].value, new RegExp(`^arn:aws:cloudwatch:${t.region}:`), "FIS reads alarms of its own region");
                const target = b.config.regions.find((r) => r.code === t.region)!.failoverTarget;
                const guard = guards.find((g) => g.region === t.region)!;
                assert.deepStrictEqual(input(guard, "dimensions"), { Region: target });
                assert.strictEqual(input(guard, "actionsEnabled"), false, "guards are for FIS, not pagers");
            }
        });

        it("creates the fault flag in every region, lowered, and leaves it to the drills afterwards", () => {
            const params = ofType(b.under.drills, T.parameter);
            assert.deepStrictEqual(params.map((p) => p.region), b.config.regions.map((r) => r.code));
            for (const p of params) {
                assert.strictEqual(input(p, "name"), b.drills.faultParameterName);
                assert.deepStrictEqual(JSON.parse(input<string>(p, "insecureValue")), { fault: "none" });
            }
        });

        it("its FIS role may touch only the private subnets of the stack", () => {
            const fisPolicy = ofType(b.under.drills, T.rolePolicy).map((p) => jsonInput<PolicyDocument>(p, "policy")).find((d) => d.Statement.some((s) => s.Sid === "SwapAclsOnTheDrilledSubnetsOnly"))!;
            const swap = fisPolicy.Statement.find((s) => s.Sid === "SwapAclsOnTheDrilledSubnetsOnly")!;
            const subnets = (swap.Resource as string[]).filter((r) => r.includes(":subnet/"));
            assert.deepStrictEqual(subnets.sort(), b.config.regions.flatMap((r) => fakePrivateSubnets(r.code).map((id) => `arn:aws:ec2:${r.code}:123456789012:subnet/${id}`)).sort());
        });

        it("exposes template IDs per region and scenario for `aws fis start-experiment`", async () => {
            for (const r of b.config.regions) {
                const ids = b.drills.templateIds[r.code];
                assert.ok((await promiseOf(ids["bedrock-outage"])).length > 0);
                assert.ok((await promiseOf(ids["region-isolation"])).length > 0);
            }
        });
    });
}

describe("DrDrills wiring mistakes", () => {
    const config = parsePlatformConfig(rawProjectConfig("dev"));
    const base = () => ({ environment: config.environment, regions: config.regions, operations: config.operations, providers: new RegionalProviders(config.environment) });

    it("refuses a region without private subnets", () => {
        mockRuntime();
        assert.throws(() => new DrDrills("drills-missing-subnets", { ...base(), privateSubnetIds: { "eu-west-1": ["subnet-1"] } }), /no private subnet IDs for region "eu-north-1"/);
    });

    it("refuses more stop alarms than FIS allows", () => {
        mockRuntime();
        const subnets = Object.fromEntries(config.regions.map((r) => [r.code, ["subnet-1"]]));
        assert.throws(() => new DrDrills("drills-too-many-stops", { ...base(), privateSubnetIds: subnets, extraStopAlarmArns: { "eu-west-1": ["a", "b", "c", "d", "e"] } }), /at most 4 extra stop alarms/);
    });

    it("adds extra stop alarms of a region to that region's templates", async () => {
        mockRuntime();
        const subnets = Object.fromEntries(config.regions.map((r) => [r.code, ["subnet-1"]]));
        const extra = "arn:aws:cloudwatch:eu-west-1:123456789012:alarm:failover-errors";
        const d = new DrDrills("drills-extra-stops", { ...base(), privateSubnetIds: subnets, extraStopAlarmArns: { "eu-west-1": [extra] } });
        const { resourcesUnder } = await import("../../support/pulumi");
        const templates = ofType(await resourcesUnder(d.urn), T.template);
        for (const t of templates) {
            const values = input<{ value: string }[]>(t, "stopConditions").map((s) => s.value);
            assert.strictEqual(values.includes(extra), t.region === "eu-west-1", t.name);
        }
    });
});
