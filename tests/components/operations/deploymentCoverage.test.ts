import * as assert from "assert";
import { RESOURCE_ACTIONS, REMOTE_COMPONENT_CHILDREN, NO_AWS_CALLS, awsTypesOf } from "../../../components/operations/deploymentActions";
import { deploymentPolicies } from "../../../components/operations/deploymentPermissions";
import { permissionsBoundaryPolicy } from "../../../components/operations/permissionsBoundary";
import { actionsOf, type PolicyDocument } from "../../../components/iamDocument";
import { platformConfig } from "../../support/configs";
import { planJsonFor, type PlanJson } from "../../support/planCli";

const grants = (pattern: string, action: string): boolean => new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`, "i").test(action);

/** Packages whose types are local components of this program (no AWS call of their own). */
const LOCAL_COMPONENT_PACKAGES = ["ai-platform"];

/**
 * Whether a registered type is accounted for: an AWS type with a row in RESOURCE_ACTIONS, a
 * remote component whose children all have rows, or a type that calls no AWS API.
 */
function uncovered(type: string): string | undefined {
    const pkg = type.slice(0, type.indexOf(":"));
    if (REMOTE_COMPONENT_CHILDREN[type]) {
        const missing = REMOTE_COMPONENT_CHILDREN[type].filter((t) => !RESOURCE_ACTIONS[t]);
        return missing.length > 0 ? `${type} children ${missing.join(", ")}` : undefined;
    }
    if (pkg === "aws") return RESOURCE_ACTIONS[type] ? undefined : type;
    if (LOCAL_COMPONENT_PACKAGES.includes(pkg) || NO_AWS_CALLS.some((re) => re.test(type))) return undefined;
    return `${type} (unknown package "${pkg}": add a row or a remote-component entry)`;
}

for (const stack of ["dev", "prod"] as const) {
    describe(`deployment role covers everything the ${stack} plan registers (issue 9: derived, not listed by hand)`, function () {
        this.timeout(240_000);
        let plan: PlanJson;
        before(() => {
            plan = planJsonFor(stack);
        });

        it("every registered resource type has its actions in the table", () => {
            const missing = [...new Set(plan.resources.map((r) => r.type))].map(uncovered).filter((m): m is string => m !== undefined);
            assert.deepStrictEqual(missing, []);
        });

        it("every action the table lists for a registered type is granted by the role", () => {
            const config = platformConfig(stack);
            const docs = deploymentPolicies({ accountId: "123456789012", partition: "aws", regions: config.regions.map((r) => r.code), environment: config.environment.name });
            const allowed = docs.flatMap((p) => p.document.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [...actionsOf(s)]));
            const types = [...new Set(plan.resources.flatMap((r) => [...awsTypesOf(r.type)]))].filter((t) => RESOURCE_ACTIONS[t]);
            const missing = types.flatMap((t) => [...RESOURCE_ACTIONS[t].control, ...(RESOURCE_ACTIONS[t].data ?? [])].filter((a) => !allowed.some((p) => grants(p, a) || p === a)).map((a) => `${t}: ${a}`));
            assert.deepStrictEqual(missing, []);
        });

        it("every workload role carries the program's IAM path and the permissions boundary; the deployment identity stays outside", () => {
            const env = platformConfig(stack).environment.name;
            const roles = plan.resources.filter((r) => r.type === "aws:iam/role:Role");
            assert.ok(roles.length > 3);
            for (const r of roles) {
                const identity = [`ai-platform-${env}-deployments`, `ai-platform-${env}-preview`].includes(String(r.inputs.name));
                assert.strictEqual(r.inputs.path, identity ? "/" : `/ai-platform/${env}/`, r.name);
                if (identity) assert.strictEqual(r.inputs.permissionsBoundary, undefined, r.name);
                else assert.match(String(r.inputs.permissionsBoundary), new RegExp(`:policy/ai-platform-identity/${env}/ai-platform-${env}-permissions-boundary$`), r.name);
            }
        });

        it("every action of every workload role policy lies inside the boundary (the boundary breaks nothing)", () => {
            const boundary = permissionsBoundaryPolicy({ partition: "aws", accountId: "123456789012", environment: { name: platformConfig(stack).environment.name }, regions: platformConfig(stack).regions.map((r) => r.code) });
            const ceiling = boundary.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [...actionsOf(s)]);
            const inline = plan.resources.filter((r) => r.type === "aws:iam/rolePolicy:RolePolicy");
            assert.ok(inline.length > 0);
            const outside: string[] = [];
            for (const r of inline) {
                const doc = (typeof r.inputs.policy === "string" ? JSON.parse(r.inputs.policy) : r.inputs.policy) as PolicyDocument;
                for (const s of doc.Statement.filter((x) => x.Effect === "Allow")) {
                    for (const a of actionsOf(s)) if (!ceiling.some((p) => grants(p, a))) outside.push(`${r.name}: ${a}`);
                }
            }
            assert.deepStrictEqual(outside, []);
        });
    });
}

describe("the boundary itself", () => {
    const boundary = permissionsBoundaryPolicy({ partition: "aws", accountId: "123456789012", environment: { name: "prod" }, regions: ["eu-central-1", "us-east-1"] });
    const ceiling = boundary.Statement.filter((s) => s.Effect === "Allow").flatMap((s) => [...actionsOf(s)]);

    it("holds no IAM write, so no role the deployment role creates can create or edit roles", () => {
        for (const a of ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:CreatePolicyVersion", "iam:UpdateAssumeRolePolicy", "iam:CreateUser", "iam:CreateAccessKey", "organizations:LeaveOrganization"]) {
            assert.ok(!ceiling.some((p) => grants(p, a)), a);
        }
    });

    it("caps model calls to the stack's regions", () => {
        const bedrock = boundary.Statement.find((s) => actionsOf(s).includes("bedrock:*"))!;
        assert.deepStrictEqual(bedrock.Condition, { StringEquals: { "aws:RequestedRegion": ["eu-central-1", "us-east-1"] } });
    });

    it("passes and assumes only program roles", () => {
        const pass = boundary.Statement.find((s) => actionsOf(s).includes("iam:PassRole"))!;
        assert.strictEqual(pass.Resource, "arn:aws:iam::123456789012:role/ai-platform/prod/*");
    });
});
