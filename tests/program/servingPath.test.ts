import * as assert from "assert";
import type { PathReport } from "../../plan/requestPath";
import type { Preflight } from "../../plan/preflight";
import { planJsonFor, type PlanJsonResource } from "../support/planCli";

// The committed stacks' plans: what issue 9's "done means" lists, read from the --json document.

for (const stack of ["dev", "prod"] as const) {
    describe(`serving path in the ${stack} plan`, function () {
        this.timeout(240_000);
        let resources: readonly PlanJsonResource[] = [];
        let paths: PathReport;
        let preflight: Preflight;
        let regions: string[] = [];
        before(function () {
            const plan = planJsonFor(stack);
            resources = plan.resources;
            paths = plan.paths as PathReport;
            preflight = plan.preflight as Preflight;
            regions = [...new Set(resources.filter((r) => r.type === "aws:lb/loadBalancer:LoadBalancer").map((r) => r.region))].sort();
        });
        const ofType = (type: string) => resources.filter((r) => r.type === type);

        it("creates RDS on a major version RDS can create (automatic minor upgrades)", function () {
            for (const db of ofType("aws:rds/instance:Instance")) {
                assert.strictEqual(db.inputs.engineVersion, "17");
                assert.strictEqual(db.inputs.autoMinorVersionUpgrade, true);
            }
        });

        it("grants X-Ray writes to the role of every function with active tracing", function () {
            const traced = ofType("aws:lambda/function:Function").filter((f) => (f.inputs.tracingConfig as { mode?: string } | undefined)?.mode === "Active");
            assert.ok(traced.length > 0);
            for (const fn of traced) {
                // The function names its role by ARN; the role's inline policies name it by role name.
                const roleName = String(fn.inputs.role).split("/").pop();
                const policies = ofType("aws:iam/rolePolicy:RolePolicy").filter((p) => p.inputs.role === roleName).map((p) => String(p.inputs.policy));
                assert.ok(policies.length > 0, `inline policy of ${fn.name}'s role ${roleName}`);
                assert.ok(policies.some((p) => p.includes("xray:PutTraceSegments") && p.includes("xray:PutTelemetryRecords")), `X-Ray grant for ${fn.name}`);
            }
        });

        it("has a registration (TargetGroupBinding) for every target group", function () {
            const bound = new Set(ofType("kubernetes:elbv2.k8s.aws/v1beta1:TargetGroupBinding").map((b) => b.region));
            assert.deepStrictEqual([...bound].sort(), regions);
            assert.strictEqual(ofType("aws:lb/targetGroup:TargetGroup").length, regions.length);
        });

        it("deploys the in-cluster layer and the edge service in every region", function () {
            for (const type of ["kubernetes:apps/v1:Deployment", "kubernetes:policy/v1:PodDisruptionBudget", "kubernetes:helm.sh/v3:Release", "aws:eks/podIdentityAssociation:PodIdentityAssociation", "aws:eks/accessEntry:AccessEntry"]) {
                assert.deepStrictEqual([...new Set(ofType(type).map((r) => r.region))].sort(), regions, type);
            }
        });

        it("has a granted caller for every function URL, in its own region", function () {
            const callers = paths.paths.filter((p) => p.kind === "function-url-caller");
            assert.strictEqual(callers.length, ofType("aws:lambda/functionUrl:FunctionUrl").length);
            assert.ok(callers.every((p) => p.ok), JSON.stringify(callers.filter((p) => !p.ok)));
        });

        it("traces every entry (Route 53 names, CloudFront, accelerators, health probes) to the edge service with no broken hop", function () {
            for (const kind of ["route53", "cloudfront", "accelerator", "health-probe"]) assert.ok(paths.paths.some((p) => p.kind === kind), kind);
            assert.ok(paths.ok);
            assert.deepStrictEqual(paths.paths.filter((p) => !p.ok), []);
        });

        it("lists the account prerequisites: quotas for every region, Bedrock first use, cluster access, placeholders", function () {
            const categories = new Set(preflight.items.map((i) => i.category));
            for (const c of ["placeholder", "quota", "bedrock", "cluster-access"]) assert.ok(categories.has(c as never), c);
            for (const region of regions) assert.ok(preflight.items.some((i) => i.category === "quota" && i.scope === region && /G and VT/.test(i.requirement)), `GPU quota for ${region}`);
        });
    });
}
