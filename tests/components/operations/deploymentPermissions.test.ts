import * as assert from "assert";
import { DEPLOYMENT_POLICY_NAMES, deploymentPolicies, deploymentRegions, GLOBAL_ACCELERATOR_API_REGION, PASS_ROLE_SERVICES } from "../../../components/operations/deploymentPermissions";
import { deploymentTrustPolicy } from "../../../components/operations/deploymentTrust";
import { actionsOf, policySize, resourcesOf, type PolicyStatement } from "../../../components/iamDocument";
import { platformConfig } from "../../support/configs";

const prod = platformConfig("prod");
const input = { accountId: "123456789012", partition: "aws", regions: prod.regions.map((r) => r.code) };
const policies = deploymentPolicies(input);
const statements: PolicyStatement[] = policies.flatMap((p) => [...p.document.Statement]);
const allows = statements.filter((s) => s.Effect === "Allow");
const allowedActions = allows.flatMap((s) => [...actionsOf(s)]);

/** Whether an IAM action pattern (with `*`) grants `action`. */
const grants = (pattern: string, action: string) => new RegExp(`^${pattern.replace(/[.]/g, "\\.").replace(/\*/g, ".*")}$`, "i").test(action);
const granted = (action: string) => allowedActions.some((p) => grants(p, action));

describe("deployment role permissions (what pulumi up needs)", () => {
    it("is exactly the named managed policies, each within IAM's 6,144-character limit", () => {
        assert.deepStrictEqual(policies.map((p) => p.name), [...DEPLOYMENT_POLICY_NAMES]);
        for (const p of policies) assert.ok(policySize(p.document) <= 6144, `${p.name}: ${policySize(p.document)} characters`);
    });

    it("never grants `*` or a whole service (`service:*`)", () => {
        for (const a of allowedActions) {
            assert.notStrictEqual(a, "*");
            assert.doesNotMatch(a, /^[a-z0-9-]+:\*$/, a);
        }
    });

    it("has unique statement ids", () => {
        const sids = statements.map((s) => s.Sid);
        assert.strictEqual(new Set(sids).size, sids.length);
    });

    it("can do what this program's resources need", () => {
        for (const action of [
            "ec2:CreateVpc", "ec2:CreateNatGateway", "ec2:AuthorizeSecurityGroupIngress", "eks:CreateCluster", "eks:CreateNodegroup",
            "rds:CreateDBInstance", "elasticache:CreateReplicationGroup", "dynamodb:CreateTable", "dynamodb:CreateTableReplica",
            "kms:CreateKey", "kms:CreateGrant", "lambda:CreateFunction", "events:PutRule", "logs:CreateLogGroup", "cloudwatch:PutMetricAlarm",
            "cloudwatch:PutDashboard", "sns:CreateTopic", "ssm:CreateDocument", "ssm:GetParameter", "fis:CreateExperimentTemplate",
            "budgets:ModifyBudget", "cloudfront:CreateDistribution", "wafv2:CreateWebACL", "acm:RequestCertificate",
            "route53:ChangeResourceRecordSets", "globalaccelerator:CreateAccelerator", "s3:CreateBucket", "s3:PutBucketPolicy",
            "iam:CreateRole", "iam:PassRole", "iam:CreateOpenIDConnectProvider", "iam:UpdateAssumeRolePolicy",
        ]) {
            assert.ok(granted(action), `missing ${action}`);
        }
    });

    it("reads no data and starts no experiments", () => {
        for (const action of [
            "s3:GetObject", "s3:PutObject", "secretsmanager:GetSecretValue", "logs:GetLogEvents", "logs:StartQuery",
            "bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream", "kms:ReEncryptFrom", "fis:StartExperiment",
            "ssm:StartAutomationExecution", "ec2:RunInstances", "sts:AssumeRole",
        ]) {
            assert.ok(!granted(action), `must not grant ${action}`);
        }
    });

    it("the one data-plane exception (replica set-up) is bounded to this account's DynamoDB tables", () => {
        const itemActions = allows.filter((s) => actionsOf(s).some((a) => a === "dynamodb:GetItem" || a === "dynamodb:Scan"));
        assert.strictEqual(itemActions.length, 1);
        assert.deepStrictEqual(resourcesOf(itemActions[0]), ["arn:aws:dynamodb:*:123456789012:table/*"]);
    });

    it("creates regional resources only in the stack's regions and us-east-1", () => {
        const want = ["eu-central-1", "eu-west-1", "us-east-1", "us-west-2"];
        assert.deepStrictEqual(deploymentRegions(input.regions), want);
        assert.deepStrictEqual(deploymentRegions(["eu-west-1", "eu-north-1"]), ["eu-north-1", "eu-west-1", "us-east-1"]);
        const globalServices = /^(iam|cloudfront|route53|globalaccelerator|budgets):/;
        for (const s of allows) {
            if (actionsOf(s).every((a) => globalServices.test(a))) continue;
            const regions = s.Condition?.StringEquals?.["aws:RequestedRegion"];
            assert.deepStrictEqual(regions, want, `${s.Sid} is not region-bound`);
        }
    });

    it("reaches Global Accelerator only through its us-west-2 control plane", () => {
        const ga = allows.find((s) => s.Sid === "GlobalAccelerator")!;
        assert.deepStrictEqual(ga.Condition, { StringEquals: { "aws:RequestedRegion": GLOBAL_ACCELERATOR_API_REGION } });
    });

    it("passes roles only to the platform's services", () => {
        const pass = allows.filter((s) => actionsOf(s).includes("iam:PassRole"));
        assert.strictEqual(pass.length, 1);
        assert.deepStrictEqual(pass[0].Condition, { StringEquals: { "iam:PassedToService": PASS_ROLE_SERVICES } });
        assert.ok(!PASS_ROLE_SERVICES.includes("cloudformation.amazonaws.com"));
    });

    it("manages IAM only in this account, and can never attach administrator policies", () => {
        for (const s of allows.filter((x) => actionsOf(x).some((a) => a.startsWith("iam:")))) {
            for (const r of resourcesOf(s)) assert.match(r, /^arn:aws:iam::123456789012:/, `${s.Sid}: ${r}`);
        }
        const deny = statements.find((s) => s.Effect === "Deny")!;
        assert.ok(actionsOf(deny).includes("iam:AttachRolePolicy"));
        assert.ok((deny.Condition?.ArnLike?.["iam:PolicyARN"] as readonly string[]).includes("arn:aws:iam::aws:policy/AdministratorAccess"));
    });
});

describe("deployment role trust", () => {
    const trust = deploymentTrustPolicy({ oidcProviderArn: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc", org: "example-org", project: "ai-platform", stack: "prod" });
    const [statement] = trust.Statement;

    it("trusts only Pulumi Cloud's OIDC provider, by web identity", () => {
        assert.strictEqual(trust.Statement.length, 1);
        assert.deepStrictEqual(statement.Principal, { Federated: "arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" });
        assert.strictEqual(statement.Action, "sts:AssumeRoleWithWebIdentity");
    });

    it("requires the org as audience (exact) and this org/project/stack as subject, any operation", () => {
        assert.deepStrictEqual(statement.Condition, {
            StringEquals: { "api.pulumi.com/oidc:aud": "example-org" },
            StringLike: { "api.pulumi.com/oidc:sub": "pulumi:deploy:org:example-org:project:ai-platform:stack:prod:operation:*:scope:write" },
        });
    });

    const patterns: Array<[string, { org: string; project: string; stack: string }]> = [
        ["a wildcard stack", { org: "example-org", project: "ai-platform", stack: "*" }],
        ["a stack prefix pattern", { org: "example-org", project: "ai-platform", stack: "pr-*" }],
        ["a wildcard org", { org: "*", project: "ai-platform", stack: "prod" }],
        ["a single-character wildcard project", { org: "example-org", project: "ai-platfor?", stack: "prod" }],
        ["an empty stack", { org: "example-org", project: "ai-platform", stack: "" }],
    ];
    for (const [what, parts] of patterns) {
        it(`refuses ${what}`, () => {
            assert.throws(() => deploymentTrustPolicy({ oidcProviderArn: "arn:aws:iam::1:oidc-provider/x", ...parts }), /must be an exact name/);
        });
    }
});
