import * as assert from "assert";
import {
    DEPLOYMENT_POLICY_NAMES, deploymentPolicies, deploymentRegions, GLOBAL_ACCELERATOR_API_REGION, KMS_VIA_SERVICES, PASS_ROLE_SERVICES, previewPolicy,
} from "../../../components/operations/deploymentPermissions";
import { deploymentTrustPolicy, type DeploymentIdentity } from "../../../components/operations/deploymentTrust";
import { withProgramIdentity } from "../../../components/operations/permissionsBoundary";
import { actionsOf, policySize, resourcesOf, type PolicyStatement } from "../../../components/iamDocument";
import { platformConfig } from "../../support/configs";

const prod = platformConfig("prod");
const input = { accountId: "123456789012", partition: "aws", regions: prod.regions.map((r) => r.code), environment: "prod" };
const policies = deploymentPolicies(input);
const statements: PolicyStatement[] = policies.flatMap((p) => [...p.document.Statement]);
const allows = statements.filter((s) => s.Effect === "Allow");
const denies = statements.filter((s) => s.Effect === "Deny");

/** Whether an IAM action pattern (with `*`) grants `action`. */
export const grants = (pattern: string, action: string): boolean => new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`, "i").test(action);
const grantedBy = (ss: readonly PolicyStatement[], action: string) => ss.filter((s) => actionsOf(s).some((p) => grants(p, action)));
const granted = (action: string) => grantedBy(allows, action).length > 0;
const ROLE_PATH = "arn:aws:iam::123456789012:role/ai-platform/prod/*";
const BOUNDARY = "arn:aws:iam::123456789012:policy/ai-platform-identity/prod/ai-platform-prod-permissions-boundary";

describe("deployment role permissions (generated from what the program creates)", () => {
    it("is exactly the named managed policies, each within IAM's 6,144-character limit", () => {
        assert.deepStrictEqual(policies.map((p) => p.name), [...DEPLOYMENT_POLICY_NAMES]);
        for (const p of policies) assert.ok(policySize(p.document) <= 6144, `${p.name}: ${policySize(p.document)} characters`);
    });

    it("never grants `*` or a whole service (`service:*`)", () => {
        for (const a of allows.flatMap((s) => [...actionsOf(s)])) {
            assert.notStrictEqual(a, "*");
            assert.doesNotMatch(a, /^[a-z0-9-]+:\*$/, a);
        }
    });

    it("has unique statement ids", () => {
        const sids = statements.map((s) => s.Sid);
        assert.strictEqual(new Set(sids).size, sids.length);
    });

    it("can do what this program's resources need, including what issue 9 found missing", () => {
        for (const action of [
            "ec2:CreateVpc", "ec2:CreateNatGateway", "ec2:AuthorizeSecurityGroupIngress", "eks:CreateCluster", "eks:CreateNodegroup", "eks:CreatePodIdentityAssociation",
            "eks:CreateAccessEntry", "eks:AssociateAccessPolicy", "eks:CreateAddon", "rds:CreateDBInstance", "elasticache:CreateReplicationGroup", "dynamodb:CreateTable",
            "kms:CreateKey", "kms:CreateGrant", "lambda:CreateFunction", "events:PutRule", "logs:CreateLogGroup", "cloudwatch:PutMetricAlarm",
            "cloudwatch:PutDashboard", "sns:CreateTopic", "ssm:CreateDocument", "ssm:GetParameter", "fis:CreateExperimentTemplate",
            "budgets:ModifyBudget", "cloudfront:CreateDistribution", "cloudfront:CreateFunction", "cloudfront:CreateKeyValueStore", "wafv2:CreateWebACL", "acm:RequestCertificate",
            "route53:ChangeResourceRecordSets", "route53:CreateHealthCheck", "globalaccelerator:CreateAccelerator", "s3:CreateBucket", "s3:PutBucketPolicy",
            "iam:CreateRole", "iam:PassRole", "iam:UpdateAssumeRolePolicy",
            // issue 9: secret-version create reads the value back; ElastiCache log delivery.
            "secretsmanager:GetSecretValue", "logs:GetLogDelivery", "logs:UpdateLogDelivery", "logs:ListLogDeliveries", "logs:CreateLogDelivery",
        ]) {
            assert.ok(granted(action), `missing ${action}`);
        }
    });

    it("uses keys through lambda too (encrypted function environments)", () => {
        const via = allows.find((s) => s.Sid === "KmsUseThroughServices")!;
        assert.ok((via.Condition!.StringLike!["kms:ViaService"] as readonly string[]).includes("lambda.*.amazonaws.com"));
        assert.ok(KMS_VIA_SERVICES.includes("lambda"));
    });

    it("reads no logs or objects and starts no experiments", () => {
        for (const action of ["s3:GetObject", "s3:PutObject", "logs:GetLogEvents", "logs:StartQuery", "bedrock:InvokeModel", "kms:ReEncryptFrom", "fis:StartExperiment", "ssm:StartAutomationExecution", "sts:AssumeRole"]) {
            assert.ok(!granted(action), `must not grant ${action}`);
        }
    });

    it("grants data-plane actions only on resources tagged as this program's, in this environment", () => {
        for (const action of ["secretsmanager:GetSecretValue", "secretsmanager:PutResourcePolicy", "kms:PutKeyPolicy", "kms:CreateGrant", "dynamodb:GetItem", "dynamodb:PutResourcePolicy"]) {
            const by = grantedBy(allows, action);
            assert.strictEqual(by.length, 1, `${action}: ${by.map((s) => s.Sid).join(", ")}`);
            const eq = by[0].Condition?.StringEquals ?? {};
            assert.strictEqual(eq["aws:ResourceTag/Project"], "ai-platform", action);
            assert.strictEqual(eq["aws:ResourceTag/Environment"], "prod", action);
        }
        const bucketPolicy = grantedBy(allows, "s3:PutBucketPolicy");
        assert.deepStrictEqual(bucketPolicy.map((s) => s.Resource), ["arn:aws:s3:::prod-*"]);
    });

    it("creates regional resources only in the stack's regions and us-east-1; Global Accelerator through us-west-2", () => {
        const want = ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"];
        assert.deepStrictEqual(deploymentRegions(input.regions), want);
        assert.deepStrictEqual(deploymentRegions(["eu-west-1", "eu-north-1"]), ["eu-north-1", "eu-west-1", "us-east-1"]);
        const globalServices = /^(iam|cloudfront|cloudfront-keyvaluestore|route53|globalaccelerator|budgets):/;
        for (const s of allows) {
            if (actionsOf(s).every((a) => globalServices.test(a))) continue;
            assert.deepStrictEqual(s.Condition?.StringEquals?.["aws:RequestedRegion"], want, `${s.Sid} is not region-bound`);
        }
        const ga = allows.find((s) => actionsOf(s).includes("globalaccelerator:Create*"))!;
        assert.deepStrictEqual(ga.Condition, { StringEquals: { "aws:RequestedRegion": GLOBAL_ACCELERATOR_API_REGION } });
    });

    it("writes IAM only under the program's path; every role-creating or -editing call needs the boundary", () => {
        for (const s of allows.filter((x) => actionsOf(x).some((a) => /^iam:(Create|Put|Attach|Detach|Delete|Update|Tag|Untag|Add|Remove)/.test(a)))) {
            for (const r of resourcesOf(s)) {
                assert.ok(r.startsWith("arn:aws:iam::123456789012:role/ai-platform/prod/") || r.startsWith("arn:aws:iam::123456789012:policy/ai-platform/prod/")
                    || r.startsWith("arn:aws:iam::123456789012:instance-profile/ai-platform/prod/") || r.startsWith("arn:aws:iam::123456789012:oidc-provider/oidc.eks.")
                    || r.startsWith("arn:aws:iam::123456789012:role/aws-service-role/"), `${s.Sid}: ${r}`);
            }
        }
        for (const action of ["iam:CreateRole", "iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:PutRolePermissionsBoundary"]) {
            for (const s of grantedBy(allows, action)) {
                assert.strictEqual(s.Condition?.StringEquals?.["iam:PermissionsBoundary"], BOUNDARY, `${action} via ${s.Sid}`);
                assert.deepStrictEqual(resourcesOf(s), [ROLE_PATH]);
            }
        }
        const noBoundary = denies.find((s) => s.Sid === "NoRoleWithoutTheBoundary")!;
        assert.deepStrictEqual(noBoundary.Condition, { StringNotEquals: { "iam:PermissionsBoundary": BOUNDARY } });
    });

    it("denies every IAM write to its own role, the preview role, the boundary and its own policies", () => {
        const deny = denies.find((s) => s.Sid === "NeverTheDeploymentIdentity")!;
        const res = resourcesOf(deny);
        assert.ok(res.includes("arn:aws:iam::123456789012:role/ai-platform-prod-deployments"));
        assert.ok(res.includes("arn:aws:iam::123456789012:role/ai-platform-prod-preview"));
        assert.ok(res.includes("arn:aws:iam::123456789012:policy/ai-platform-identity/prod/*"), "own policies and the boundary");
        for (const write of ["iam:PutRolePolicy", "iam:AttachRolePolicy", "iam:UpdateAssumeRolePolicy", "iam:CreatePolicyVersion", "iam:DeleteRolePermissionsBoundary", "iam:SetDefaultPolicyVersion"]) {
            assert.ok(actionsOf(deny).some((p) => grants(p, write)), write);
        }
        assert.ok(denies.some((s) => actionsOf(s).includes("iam:DeleteRolePermissionsBoundary") && s.Resource === "*"));
    });

    it("passes only the program's roles, only to the platform's services", () => {
        const pass = grantedBy(allows, "iam:PassRole");
        assert.strictEqual(pass.length, 1);
        assert.deepStrictEqual(resourcesOf(pass[0]), [ROLE_PATH]);
        assert.deepStrictEqual(pass[0].Condition, { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } });
        assert.ok(PASS_ROLE_SERVICES.includes("pods.eks.amazonaws.com"), "pod identity associations pass a role to EKS pods");
        assert.ok(!PASS_ROLE_SERVICES.includes("cloudformation.amazonaws.com"));
    });

    it("can never attach administrator policies", () => {
        const deny = denies.find((s) => s.Sid === "NeverAttachAdministrativePolicies")!;
        assert.ok((deny.Condition?.ArnLike?.["iam:PolicyARN"] as readonly string[]).includes("arn:aws:iam::aws:policy/AdministratorAccess"));
    });
});

describe("preview role permissions (pull-request previews run unreviewed code)", () => {
    const doc = previewPolicy(input);
    const pAllows = doc.Statement.filter((s) => s.Effect === "Allow");
    const pActions = pAllows.flatMap((s) => [...actionsOf(s)]);

    it("allows read verbs only: no write action at all", () => {
        for (const a of pActions) assert.match(a, /^[a-z0-9-]+:(Describe|Get|List)/, a);
        for (const w of ["ec2:CreateVpc", "iam:CreateRole", "iam:PassRole", "s3:PutBucketPolicy", "lambda:UpdateFunctionCode", "eks:CreateAccessEntry", "secretsmanager:PutSecretValue"]) {
            assert.ok(!pActions.some((p) => grants(p, w)), w);
        }
    });

    it("denies data reads outright (secret values, objects, log events, items)", () => {
        const deny = doc.Statement.find((s) => s.Effect === "Deny")!;
        for (const a of ["secretsmanager:GetSecretValue", "s3:GetObject", "logs:GetLogEvents", "dynamodb:GetItem", "kms:Decrypt", "ec2:GetPasswordData"]) {
            assert.ok(actionsOf(deny).includes(a), a);
        }
    });

    it("can read what a preview diffs against, within IAM's size limit", () => {
        for (const r of ["ec2:DescribeVpcs", "eks:DescribeCluster", "iam:GetRole", "lambda:GetFunction", "cloudfront:GetDistribution", "route53:ListResourceRecordSets", "ssm:GetParameter"]) {
            assert.ok(pActions.some((p) => grants(p, r)), r);
        }
        assert.ok(policySize(doc) <= 6144, `${policySize(doc)}`);
    });
});

describe("deployment trust: deploying role vs preview role", () => {
    const base = { oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc", org: "example-org", project: "ai-platform", stack: "prod" };
    const sub = (op: string) => `pulumi:deploy:org:example-org:project:ai-platform:stack:prod:operation:${op}:scope:write`;
    const subjectsOf = (identity: DeploymentIdentity) => {
        const [s] = deploymentTrustPolicy(base, identity).Statement;
        assert.strictEqual(s.Action, "sts:AssumeRoleWithWebIdentity");
        assert.deepStrictEqual(s.Principal, { Federated: base.oidcProviderArn });
        assert.strictEqual(s.Condition?.StringEquals?.["api.pulumi.com/oidc:aud"], "example-org");
        assert.strictEqual(s.Condition?.StringLike, undefined, "no patterns");
        return s.Condition?.StringEquals?.["api.pulumi.com/oidc:sub"];
    };

    it("the deploying role trusts update, refresh and destroy of exactly this stack, never preview", () => {
        assert.deepStrictEqual(subjectsOf("deploy"), [sub("update"), sub("refresh"), sub("destroy")]);
    });

    it("the preview role trusts only preview tokens of this stack", () => {
        assert.deepStrictEqual(subjectsOf("preview"), [sub("preview")]);
    });

    const patterns: Array<[string, { org: string; project: string; stack: string }]> = [
        ["a wildcard stack", { org: "example-org", project: "ai-platform", stack: "*" }],
        ["a stack prefix pattern", { org: "example-org", project: "ai-platform", stack: "pr-*" }],
        ["a wildcard org", { org: "*", project: "ai-platform", stack: "prod" }],
        ["a single-character wildcard project", { org: "example-org", project: "ai-platfor?", stack: "prod" }],
        ["a stack that injects a subject part", { org: "example-org", project: "ai-platform", stack: "prod:operation:update" }],
        ["an empty stack", { org: "example-org", project: "ai-platform", stack: "" }],
    ];
    for (const [what, parts] of patterns) {
        it(`refuses ${what}`, () => {
            assert.throws(() => deploymentTrustPolicy({ oidcProviderArn: "arn:aws:iam::1:oidc-provider/x", ...parts }), /must be an exact name/);
        });
    }
});

describe("program identity transform (IAM path and boundary on every program role)", () => {
    const env = { name: "prod" };
    const cases: Array<[string, string, Record<string, unknown>, Record<string, unknown> | undefined]> = [
        ["a role gets the path and the boundary", "aws:iam/role:Role", { assumeRolePolicy: "{}" }, { assumeRolePolicy: "{}", path: "/ai-platform/prod/", permissionsBoundary: "B" }],
        ["a policy gets the path only", "aws:iam/policy:Policy", { policy: "{}" }, { policy: "{}", path: "/ai-platform/prod/" }],
        ["an instance profile gets the path", "aws:iam/instanceProfile:InstanceProfile", {}, { path: "/ai-platform/prod/" }],
        ["the deployment role (path /) is left alone", "aws:iam/role:Role", { name: "ai-platform-prod-deployments", path: "/" }, undefined],
        ["identity policies are left alone", "aws:iam/policy:Policy", { path: "/ai-platform-identity/prod/" }, undefined],
        ["a role that names its boundary keeps it", "aws:iam/role:Role", { permissionsBoundary: "X" }, { permissionsBoundary: "X", path: "/ai-platform/prod/" }],
        ["other types are untouched", "aws:s3/bucket:Bucket", { bucket: "b" }, undefined],
    ];
    for (const [what, type, props, want] of cases) {
        it(what, () => assert.deepStrictEqual(withProgramIdentity(type, props, env, "B"), want));
    }
});
