import * as assert from "assert";
import { bedrockFaultParameterName, isBedrockFaultActive, NO_FAULT, parseBedrockFaultFlag } from "../../../functions/drills/faultFlag";
import { automationRolePolicy, bedrockFaultAutomation, drillCadence, drillGuardAlarm, fisRolePolicy, guardRegions, isoMinutes, minutesPattern, type DrillScenario } from "../../../components/operations/drills";
import { actionsOf, resourcesOf } from "../../../components/iamDocument";
import { MAX_DRILL_MINUTES } from "../../../config/operations";
import type { RegionRole } from "../../../config";
import { platformConfig } from "../../support/configs";

describe("drills as data", () => {
    const cadences: Array<[DrillScenario, RegionRole, string]> = [
        ["bedrock-outage", "primary", "daily"],
        ["bedrock-outage", "secondary", "weekly"],
        ["bedrock-outage", "tertiary", "weekly"],
        ["region-isolation", "primary", "monthly"],
        ["region-isolation", "secondary", "monthly"],
    ];
    for (const [scenario, role, want] of cadences) {
        it(`${scenario} in a ${role} region runs ${want} (seeds' test cadence)`, () => assert.strictEqual(drillCadence(scenario, role), want));
    }

    it("writes durations as ISO 8601 and refuses nonsense", () => {
        assert.strictEqual(isoMinutes(10), "PT10M");
        assert.throws(() => isoMinutes(0));
        assert.throws(() => isoMinutes(1.5));
    });

    it("guards a drill with the region its traffic fails over to", () => {
        const prod = platformConfig("prod");
        assert.deepStrictEqual(Object.fromEntries(prod.regions.map((r) => [r.code, guardRegions(r)])), {
            "eu-central-1": ["eu-west-1"],
            "eu-west-1": ["eu-central-1"],
            "us-east-1": ["us-west-2"],
            "us-west-2": ["us-east-1"],
        });
    });

    it("the guard alarm stops a drill within two minutes of the target going down, and when its health is unknown", () => {
        const g = drillGuardAlarm("eu-central-1", "eu-west-1");
        assert.deepStrictEqual(g.dimensions, { Region: "eu-west-1" });
        assert.strictEqual(g.period * g.evaluationPeriods, 120);
        assert.strictEqual(g.treatMissingData, "breaching");
    });

    describe("the Bedrock fault Automation", () => {
        const doc = bedrockFaultAutomation("/ai-platform/prod/drills/bedrock-fault");
        const steps = doc.mainSteps as Array<{ name: string; action: string; inputs: Record<string, unknown>; onCancel?: string; onFailure?: string; isEnd?: boolean }>;

        it("raises the flag, holds it for the drill's minutes, then lowers it", () => {
            assert.deepStrictEqual(steps.map((s) => s.name), ["raiseFault", "holdFault", "clearFault"]);
            assert.strictEqual(steps[0].inputs.Api, "PutParameter");
            assert.strictEqual(steps[0].inputs.Name, "/ai-platform/prod/drills/bedrock-fault");
            assert.strictEqual(steps[1].inputs.Duration, "PT{{ FaultMinutes }}M");
            assert.strictEqual(steps[2].inputs.Value, JSON.stringify(NO_FAULT));
        });

        it("lowers the flag even when the drill is cancelled (FIS stop condition) or the wait fails", () => {
            assert.strictEqual(steps[1].onCancel, "step:clearFault");
            assert.strictEqual(steps[1].onFailure, "step:clearFault");
            assert.strictEqual(steps[2].isEnd, true);
        });

        it("raises a flag the Bedrock functions read as an outage of the given minutes", () => {
            const raised = String(steps[0].inputs.Value).replace("{{ FaultMinutes }}", "10");
            assert.deepStrictEqual(parseBedrockFaultFlag(raised), { fault: "bedrock-unavailable", minutes: 10 });
        });

        it(`accepts only 1..${MAX_DRILL_MINUTES} minutes`, () => {
            const re = new RegExp(doc.parameters.FaultMinutes.allowedPattern);
            for (const ok of ["1", "9", "10", "30"]) assert.ok(re.test(ok), ok);
            for (const bad of ["0", "31", "300", "-1", "5m", ""]) assert.ok(!re.test(bad), bad);
            assert.strictEqual(minutesPattern(3), "^(1|2|3)$");
        });
    });

    describe("least-privilege roles", () => {
        const fis = fisRolePolicy({
            accountId: "123456789012",
            partition: "aws",
            regions: ["eu-central-1", "eu-west-1"],
            subnetArns: ["arn:aws:ec2:eu-central-1:123456789012:subnet/subnet-a"],
            documentName: "ai-platform-prod-bedrock-fault-drill",
            automationRoleArn: "arn:aws:iam::123456789012:role/automation",
        });
        const all = fis.Statement.flatMap((s) => [...actionsOf(s)]);

        it("the FIS role can do exactly its two actions' work", () => {
            assert.deepStrictEqual([...new Set(all)].sort(), [
                "ec2:CreateNetworkAcl", "ec2:CreateNetworkAclEntry", "ec2:CreateTags", "ec2:DeleteNetworkAcl",
                "ec2:DescribeManagedPrefixLists", "ec2:DescribeNetworkAcls", "ec2:DescribeSubnets", "ec2:DescribeVpcs",
                "ec2:GetManagedPrefixListEntries", "ec2:ReplaceNetworkAclAssociation", "iam:PassRole",
                "ssm:GetAutomationExecution", "ssm:StartAutomationExecution", "ssm:StopAutomationExecution",
            ]);
            assert.ok(!all.some((a) => a.includes("*")));
        });

        it("swaps network ACLs only on the drilled subnets and edits only FIS's own clones", () => {
            const swap = fis.Statement.find((s) => actionsOf(s).includes("ec2:ReplaceNetworkAclAssociation"))!;
            assert.ok(resourcesOf(swap).includes("arn:aws:ec2:eu-central-1:123456789012:subnet/subnet-a"));
            assert.ok(!resourcesOf(swap).some((r) => r.includes("subnet/*")));
            const edit = fis.Statement.find((s) => actionsOf(s).includes("ec2:DeleteNetworkAcl"))!;
            assert.deepStrictEqual(edit.Condition, { StringEquals: { "ec2:ResourceTag/managedByFIS": "true" } });
        });

        it("starts only the drill document, and hands only the Automation role, only to SSM", () => {
            const start = fis.Statement.find((s) => actionsOf(s).includes("ssm:StartAutomationExecution"))!;
            assert.deepStrictEqual(resourcesOf(start), [
                "arn:aws:ssm:eu-central-1:123456789012:automation-definition/ai-platform-prod-bedrock-fault-drill:*",
                "arn:aws:ssm:eu-west-1:123456789012:automation-definition/ai-platform-prod-bedrock-fault-drill:*",
            ]);
            const pass = fis.Statement.find((s) => actionsOf(s).includes("iam:PassRole"))!;
            assert.deepStrictEqual(resourcesOf(pass), ["arn:aws:iam::123456789012:role/automation"]);
            assert.deepStrictEqual(pass.Condition, { StringEquals: { "iam:PassedToService": "ssm.amazonaws.com" } });
        });

        it("the Automation role writes only the fault flag", () => {
            const p = automationRolePolicy({ accountId: "123456789012", partition: "aws", regions: ["eu-west-1"], parameterName: bedrockFaultParameterName("dev") });
            assert.deepStrictEqual(p.Statement.map((s) => [actionsOf(s), resourcesOf(s)]), [[["ssm:PutParameter"], ["arn:aws:ssm:eu-west-1:123456789012:parameter/ai-platform/dev/drills/bedrock-fault"]]]);
        });
    });
});

describe("Bedrock fault flag (contract with the Bedrock functions)", () => {
    const raisedAt = new Date("2026-01-01T10:00:00Z");
    const at = (minutes: number) => new Date(raisedAt.getTime() + minutes * 60_000);

    it("is active from when it was written until its minutes are over, then expires by itself", () => {
        const flag = parseBedrockFaultFlag('{"fault":"bedrock-unavailable","minutes":10}');
        assert.strictEqual(isBedrockFaultActive(flag, raisedAt, at(0)), true);
        assert.strictEqual(isBedrockFaultActive(flag, raisedAt, at(9.9)), true);
        assert.strictEqual(isBedrockFaultActive(flag, raisedAt, at(10)), false);
        assert.strictEqual(isBedrockFaultActive(flag, raisedAt, at(-1)), false, "a clock skewed into the past never activates it");
    });

    const noFault: Array<[string, string | undefined]> = [
        ["the lowered flag", '{"fault":"none"}'],
        ["a missing parameter", undefined],
        ["garbage", "on"],
        ["an unknown fault", '{"fault":"everything","minutes":5}'],
        ["no duration", '{"fault":"bedrock-unavailable"}'],
        ["a negative duration", '{"fault":"bedrock-unavailable","minutes":-5}'],
    ];
    for (const [what, text] of noFault) {
        it(`reads ${what} as no fault: a drill must never become the outage`, () => {
            assert.strictEqual(isBedrockFaultActive(parseBedrockFaultFlag(text), raisedAt, at(1)), false);
        });
    }

    it("has one parameter name per environment", () => {
        assert.strictEqual(bedrockFaultParameterName("prod"), "/ai-platform/prod/drills/bedrock-fault");
    });
});
