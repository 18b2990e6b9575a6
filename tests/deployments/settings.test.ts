import * as assert from "assert";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { awsConfigText, operationOf, roleForOperation } from "../../deployments/awsProfile";
import { AWS_CONFIG_FILE, deploymentSettingsFor, PROD_PATHS, roleArns, type DeploymentSettingsInputs, type PlatformStack } from "../../deployments/settings";
import { deploymentTrustPolicy } from "../../components/operations/deploymentTrust";
import { deploymentSubject } from "../../components/operations/names";
import { PROJECT } from "../../config";
import { platformConfig, REPO_ROOT } from "../support/configs";
import { runPlanCli, type PlanJson } from "../support/planCli";
import { globMatches, programFiles } from "./programFiles";

const STACKS: readonly PlatformStack[] = ["dev", "prod"];
const settingsFile = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "deployments", "Pulumi.settings.yaml"), "utf8")) as { config: Record<string, unknown> };
const accounts = settingsFile.config["ai-platform-deployments:accounts"] as Record<string, string>;
const repository = settingsFile.config["ai-platform-deployments:repository"] as string;
const settingsOf = (stack: PlatformStack): DeploymentSettingsInputs => deploymentSettingsFor({ stack, platform: platformConfig(stack), accountId: accounts[stack], repository, project: PROJECT });
const jwt = (claims: Record<string, unknown>) => ["e30", Buffer.from(JSON.stringify(claims)).toString("base64url"), "sig"].join(".");

describe("deployment settings as code (deployments/, replaces Pulumi.<stack>.deploy.yaml)", () => {
    it("the removed file format is gone", () => {
        for (const stack of STACKS) assert.ok(!fs.existsSync(path.join(REPO_ROOT, `Pulumi.${stack}.deploy.yaml`)));
    });

    it("is a Pulumi program of its own, declaring its config", () => {
        const project = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "deployments", "Pulumi.yaml"), "utf8")) as { name: string; runtime: { name: string }; config: Record<string, { type?: string }> };
        assert.strictEqual(project.name, "ai-platform-deployments");
        assert.strictEqual(project.runtime.name, "nodejs");
        assert.strictEqual(project.config.repository.type, "string");
        assert.ok(project.config.accounts);
    });

    for (const stack of STACKS) {
        describe(stack, () => {
            const s = settingsOf(stack);
            const config = platformConfig(stack);

            it("deploys only from the protected main branch, through the GitHub app (no stored git credentials)", () => {
                assert.deepStrictEqual(s.sourceContext, { git: { branch: "refs/heads/main", repoDir: "." } });
                assert.strictEqual(s.github.repository, repository);
                assert.strictEqual(s.github.pullRequestTemplate, false, "no review stacks");
            });

            it("runs install, role selection, tests and the offline plan of this stack, in that order, before pulumi", () => {
                const cmds = s.operationContext.preRunCommands;
                assert.strictEqual(cmds[0], "npm ci --no-audit --no-fund");
                assert.match(cmds[1], /^npx ts-node --transpile-only deployments\/awsProfile\.ts /);
                assert.strictEqual(cmds[2], "npm test");
                assert.strictEqual(cmds[3], `npm run plan -- --stack ${stack}`);
                assert.strictEqual(s.operationContext.options.skipInstallDependencies, true, "npm ci already ran");
            });

            it("gets AWS credentials only by OIDC web identity: no keys, profile file in the environment", () => {
                const env = s.operationContext.environmentVariables;
                for (const k of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_ROLE_ARN"]) assert.ok(!(k in env), k);
                assert.strictEqual(env.AWS_CONFIG_FILE, AWS_CONFIG_FILE);
            });

            it("names the deploying and preview roles the program creates, and a session the roles allow", () => {
                const roles = roleArns({ accountId: accounts[stack], platform: config });
                assert.strictEqual(roles.deploy, `arn:aws:iam::${accounts[stack]}:role/ai-platform-${stack}-deployments`);
                assert.strictEqual(roles.preview, `arn:aws:iam::${accounts[stack]}:role/ai-platform-${stack}-preview`);
                const cmd = s.operationContext.preRunCommands[1];
                assert.ok(cmd.includes(`--deploy-role ${roles.deploy} --preview-role ${roles.preview} --session pulumi-deployments-${stack}`), cmd);
                const seconds = Number(/--duration-seconds (\d+)/.exec(cmd)![1]);
                assert.ok(seconds <= config.operations.deployments.sessionHours * 3600 && seconds >= 3600, `${seconds}`);
            });

            it("its org is the one the roles trust, for this exact stack", () => {
                const trust = deploymentTrustPolicy({ oidcProviderArn: "arn:aws:iam::1:oidc-provider/api.pulumi.com/oidc", org: s.organization, project: s.project, stack: s.stack }, "preview");
                assert.deepStrictEqual(trust.Statement[0].Condition?.StringEquals?.["api.pulumi.com/oidc:sub"], [deploymentSubject(config.operations.pulumiOrg!, PROJECT, stack, "preview")]);
            });
        });
    }

    it("dev deploys every push to main and previews every pull request (with the preview role)", () => {
        const s = settingsOf("dev");
        assert.strictEqual(s.github.deployCommits, true);
        assert.strictEqual(s.github.previewPullRequests, true);
        assert.strictEqual(s.github.paths, undefined);
    });

    it("prod deploys pushes to main filtered by path, never previews pull requests (the provider's default is true)", () => {
        const s = settingsOf("prod");
        assert.strictEqual(s.github.deployCommits, true);
        assert.strictEqual(s.github.previewPullRequests, false);
        assert.deepStrictEqual(s.github.paths, PROD_PATHS);
    });

    it("prod's path filters cover every file the program is built from, and not dev-only, docs or test files", () => {
        const files = [...programFiles(REPO_ROOT, "index.ts"), "Pulumi.yaml", "Pulumi.prod.yaml", "package.json", "package-lock.json"];
        assert.ok(files.some((f) => f.startsWith("components/")));
        assert.deepStrictEqual(files.filter((f) => !PROD_PATHS.some((g) => globMatches(g, f))), []);
        for (const f of ["Pulumi.dev.yaml", "docs/architecture-prod.md", "README.md", "tests/deployments/settings.test.ts"]) {
            assert.ok(!PROD_PATHS.some((g) => globMatches(g, f)), f);
        }
    });

    it("dev and prod use different accounts", () => {
        assert.notStrictEqual(accounts.dev, accounts.prod);
    });

    it("refuses a stack whose config does not create the roles, or a malformed account", () => {
        const prod = platformConfig("prod");
        const off = { ...prod, operations: { ...prod.operations, deployments: { ...prod.operations.deployments, enabled: false } } };
        assert.throws(() => deploymentSettingsFor({ stack: "prod", platform: off, accountId: "222222222222", repository, project: PROJECT }), /deployments\.enabled/);
        assert.throws(() => deploymentSettingsFor({ stack: "prod", platform: prod, accountId: "2222", repository, project: PROJECT }), /12 digits/);
    });
});

describe("role selection per deployment operation (deployments/awsProfile.ts)", () => {
    const roles = { deploy: "arn:aws:iam::1:role/d", preview: "arn:aws:iam::1:role/p" };
    const table: Array<[string, string]> = [["preview", roles.preview], ["update", roles.deploy], ["refresh", roles.deploy], ["destroy", roles.deploy]];
    for (const [op, want] of table) {
        it(`${op} -> ${want === roles.preview ? "preview" : "deploying"} role`, () => assert.strictEqual(roleForOperation(operationOf(jwt({ operation: op })), roles), want));
    }
    it("fails closed on an unknown or missing operation, or a token that is not a JWT", () => {
        assert.throws(() => operationOf(jwt({ operation: "detect-drift" })), /unknown deployment operation/);
        assert.throws(() => operationOf(jwt({})), /unknown deployment operation/);
        assert.throws(() => operationOf("not-a-token"), /not a JWT/);
    });
    it("writes a web-identity profile and refuses values that would inject lines", () => {
        const text = awsConfigText({ roleArn: roles.preview, tokenFile: "/mnt/pulumi/pulumi.oidc", sessionName: "s", durationSeconds: 7200 });
        assert.match(text, /^\[default\]\nrole_arn = arn:aws:iam::1:role\/p\nweb_identity_token_file = \/mnt\/pulumi\/pulumi.oidc\n/);
        assert.throws(() => awsConfigText({ roleArn: "x\n[evil]", tokenFile: "t", sessionName: "s", durationSeconds: 1 }), /one non-empty line/);
    });
    it("as a command, writes AWS_CONFIG_FILE for a preview token with the preview role", function () {
        this.timeout(60_000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "aws-profile-"));
        const token = path.join(dir, "pulumi.oidc");
        fs.writeFileSync(token, jwt({ operation: "preview" }));
        const out = path.join(dir, "config");
        const r = spawnSync(process.execPath, ["-r", "ts-node/register/transpile-only", path.join(REPO_ROOT, "deployments", "awsProfile.ts"), "--deploy-role", roles.deploy, "--preview-role", roles.preview, "--session", "s", "--token-file", token], { cwd: REPO_ROOT, encoding: "utf8", env: { ...process.env, AWS_CONFIG_FILE: out } });
        assert.strictEqual(r.status, 0, r.stderr);
        assert.match(fs.readFileSync(out, "utf8"), /role_arn = arn:aws:iam::1:role\/p\n/);
    });
});

describe("the deployment-settings program under mocks (like the main program)", function () {
    this.timeout(180_000);
    let plan: PlanJson;
    before(() => {
        const r = runPlanCli(["--program", "deployments/index.ts", "--config", "deployments/Pulumi.settings.yaml", "--stack", "settings", "--json", "--diagram", path.join(os.tmpdir(), "plan-deployments.md")]);
        assert.strictEqual(r.code, 0, r.stderr);
        plan = JSON.parse(r.stdout) as PlanJson;
    });

    it("registers one DeploymentSettings per platform stack, with exactly the tested settings", () => {
        const found = plan.resources.filter((r) => r.type === "pulumiservice:index:DeploymentSettings");
        assert.deepStrictEqual(found.map((r) => r.name), ["dev", "prod"]);
        for (const r of found) {
            const want = settingsOf(r.name as PlatformStack);
            assert.deepStrictEqual(r.inputs.organization, want.organization);
            assert.deepStrictEqual(r.inputs.stack, r.name);
            assert.deepStrictEqual(r.inputs.github, JSON.parse(JSON.stringify(want.github)));
            assert.deepStrictEqual(r.inputs.operationContext, JSON.parse(JSON.stringify(want.operationContext)));
            assert.deepStrictEqual(r.inputs.sourceContext, want.sourceContext);
        }
    });

    it("registers no AWS resource (it needs no cloud credentials but a Pulumi token)", () => {
        assert.deepStrictEqual(plan.resources.filter((r) => r.type.startsWith("aws:")), []);
    });
});
