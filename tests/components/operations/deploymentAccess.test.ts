import * as assert from "assert";
import { DEPLOYMENT_POLICY_NAMES } from "../../../components/operations/deploymentPermissions";
import type { PolicyDocument } from "../../../components/iamDocument";
import { deploymentRoleName, previewRoleName } from "../../../components/operations/names";
import { promiseOf } from "../../support/pulumi";
import { buildOperations, input, jsonInput, ofType, T, type BuiltOperations, type Stack } from "./fixture";

for (const stack of ["dev", "prod"] as Stack[]) {
    describe(`DeploymentAccess (${stack} config)`, () => {
        let b: BuiltOperations;
        before(async () => {
            b = await buildOperations(`access-${stack}`, stack);
        });

        it("registers Pulumi Cloud as OIDC provider with the org as the only audience", () => {
            const [provider] = ofType(b.under.deploymentAccess, T.oidcProvider);
            assert.strictEqual(input(provider, "url"), "https://api.pulumi.com/oidc");
            assert.deepStrictEqual(input(provider, "clientIdLists"), ["example-org"]);
        });

        const roleNamed = (n: string) => ofType(b.under.deploymentAccess, T.role).find((r) => input(r, "name") === n)!;

        it("creates the deploying and the preview role under the conventional names, at path / (outside the program's writable path)", async () => {
            const role = roleNamed(deploymentRoleName(b.config.environment));
            const preview = roleNamed(previewRoleName(b.config.environment));
            for (const r of [role, preview]) {
                assert.strictEqual(input(r, "path"), "/");
                assert.strictEqual(input(r, "permissionsBoundary"), undefined);
                assert.strictEqual(input(r, "maxSessionDuration"), b.config.operations.deployments.sessionHours * 3600);
            }
            assert.match(await promiseOf(b.deploymentAccess.roleArn), /^arn:aws:iam::123456789012:role\//);
            assert.match(await promiseOf(b.deploymentAccess.previewRoleArn), /^arn:aws:iam::123456789012:role\//);
        });

        it("trusts this org's deployments of this project and stack: update/refresh/destroy for the deploying role, preview for the preview role", () => {
            const sub = (op: string) => `pulumi:deploy:org:example-org:project:ai-platform:stack:${stack}:operation:${op}:scope:write`;
            for (const [name, ops] of [[deploymentRoleName(b.config.environment), ["update", "refresh", "destroy"]], [previewRoleName(b.config.environment), ["preview"]]] as const) {
                const trust = jsonInput<PolicyDocument>(roleNamed(name), "assumeRolePolicy");
                assert.strictEqual(trust.Statement.length, 1);
                const s = trust.Statement[0];
                assert.match(String(s.Principal?.Federated), /:oidc-provider\/api\.pulumi\.com\/oidc$/);
                // The mock runtime's stack is "unit"; the fixture passes the config's stack name.
                assert.deepStrictEqual(s.Condition?.StringEquals, { "api.pulumi.com/oidc:aud": "example-org", "api.pulumi.com/oidc:sub": ops.map(sub) });
            }
        });

        it("attaches the deployment policies and the preview policy, all under the identity path, nothing managed by AWS", () => {
            const attachments = ofType(b.under.deploymentAccess, T.attachment);
            assert.strictEqual(attachments.length, DEPLOYMENT_POLICY_NAMES.length + 1);
            assert.ok(attachments.every((a) => /^arn:aws:iam::123456789012:policy\//.test(input<string>(a, "policyArn"))));
            const policies = ofType(b.under.deploymentAccess, T.policy);
            for (const p of policies) assert.strictEqual(input(p, "path"), `/ai-platform-identity/${b.config.environment.name}/`);
            const regionsInPolicies = policies
                .map((p) => jsonInput<PolicyDocument>(p, "policy"))
                .flatMap((d) => d.Statement.map((s) => s.Condition?.StringEquals?.["aws:RequestedRegion"]))
                .find((r) => Array.isArray(r));
            assert.deepStrictEqual(regionsInPolicies, [...b.config.regions.map((r) => r.code), "us-east-1"].filter((v, i, a) => a.indexOf(v) === i).sort());
        });

        it("puts its IAM resources on the global-services provider", () => {
            for (const r of b.under.deploymentAccess.filter((x) => x.custom)) assert.strictEqual(r.region, "us-east-1", r.name);
        });
    });
}

describe("DeploymentAccess in an account that already has the Pulumi OIDC provider", () => {
    it("reuses the named provider instead of creating a second one (IAM allows one per URL)", async () => {
        const existing = "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc";
        const b = await buildOperations("access-reuse", "prod", (raw) => {
            raw.operations.deployments.oidcProviderArn = existing;
        });
        assert.strictEqual(ofType(b.under.deploymentAccess, T.oidcProvider).length, 0);
        const trust = jsonInput<PolicyDocument>(ofType(b.under.deploymentAccess, T.role).find((r) => input(r, "name") === "ai-platform-prod-deployments")!, "assumeRolePolicy");
        assert.strictEqual(trust.Statement[0].Principal?.Federated, existing);
        assert.strictEqual(await promiseOf(b.deploymentAccess.oidcProviderArn), existing);
    });
});
