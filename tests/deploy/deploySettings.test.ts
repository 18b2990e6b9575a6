import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { deploymentTrustPolicy } from "../../components/operations/deploymentTrust";
import { deploymentRoleName, deploymentSubject } from "../../components/operations/names";
import { PROJECT } from "../../config";
import { platformConfig, REPO_ROOT } from "../support/configs";
import { deploySettingsFileSchema, globMatches, goDurationSeconds, programFiles, readDeploySettingsText, type DeploySettingsFile } from "./deploySettingsSchema";

const STACKS = ["dev", "prod"] as const;
type Stack = (typeof STACKS)[number];

const file = (stack: Stack) => path.join(REPO_ROOT, `Pulumi.${stack}.deploy.yaml`);
const settingsOf = (stack: Stack): DeploySettingsFile["settings"] => deploySettingsFileSchema.parse(readDeploySettingsText(file(stack))).settings;

/** The branch a stack may deploy from: main, which GitHub protects (reviews + CI) per README.md. */
const PROTECTED_BRANCHES = ["refs/heads/main"];

describe("deploy settings files (Pulumi.<stack>.deploy.yaml)", () => {
    describe("the schema check itself", () => {
        it("rejects a misspelt key the Pulumi CLI would silently drop", () => {
            const ok = readDeploySettingsText(file("dev")) as { settings: { gitHub: Record<string, unknown> } };
            const typo = structuredClone(ok);
            typo.settings.gitHub.deployCommit = true;
            assert.strictEqual(deploySettingsFileSchema.safeParse(ok).success, true);
            assert.strictEqual(deploySettingsFileSchema.safeParse(typo).success, false);
        });

        it("refuses duplicate keys (the later one would win unseen)", () => {
            const tmp = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "deploy-")), "Pulumi.x.deploy.yaml");
            fs.writeFileSync(tmp, "settings:\n  tag: a\n  tag: b\n");
            assert.throws(() => readDeploySettingsText(tmp), /unique|duplicate/i);
        });

        const globs: Array<[string, string, boolean]> = [
            ["components/**", "components/operations/drDrills.ts", true],
            ["components/**", "components.ts", false],
            ["index.ts", "index.ts", true],
            ["index.ts", "tests/index.ts", false],
            ["config/*.ts", "config/operations.ts", true],
            ["config/*.ts", "config/sub/x.ts", false],
        ];
        for (const [glob, f, want] of globs) {
            it(`glob ${glob} ${want ? "matches" : "does not match"} ${f}`, () => assert.strictEqual(globMatches(glob, f), want));
        }

        it("reads Go durations as the CLI does", () => {
            assert.strictEqual(goDurationSeconds("2h0m0s"), 7200);
            assert.strictEqual(goDurationSeconds("90m"), 5400);
            assert.throws(() => goDurationSeconds("2 hours"));
        });
    });

    for (const stack of STACKS) {
        describe(`${stack}`, () => {
            const config = platformConfig(stack);
            let s: DeploySettingsFile["settings"];
            before(() => {
                s = settingsOf(stack);
            });

            it("parses as YAML and matches the CLI's schema exactly (no unknown keys)", () => {
                const result = deploySettingsFileSchema.safeParse(readDeploySettingsText(file(stack)));
                assert.ok(result.success, result.success ? "" : JSON.stringify(result.error.issues, null, 2));
            });

            it("says in its header that it is the source of truth and how to push it", () => {
                const text = fs.readFileSync(file(stack), "utf8");
                assert.match(text, /SOURCE OF TRUTH/);
                assert.ok(text.includes(`pulumi deployment settings push --stack ${stack}`));
            });

            it("deploys only from the protected main branch, not a pinned commit or another branch", () => {
                assert.ok(PROTECTED_BRANCHES.includes(s.sourceContext.git.branch), s.sourceContext.git.branch);
                assert.strictEqual(s.sourceContext.git.commit, undefined);
            });

            it("pulls over HTTPS from the same repository the GitHub app watches, with no stored git credentials", () => {
                const git = s.sourceContext.git;
                assert.match(git.repoUrl, /^https:\/\/github\.com\//);
                assert.strictEqual(git.repoUrl.replace(/^https:\/\/github\.com\//, "").replace(/\.git$/, ""), s.gitHub?.repository);
                assert.strictEqual(git.gitAuth, undefined, "the Pulumi GitHub app authenticates; no tokens or keys in this file");
            });

            it("is no review-stack template", () => {
                assert.notStrictEqual(s.gitHub?.pullRequestTemplate, true);
            });

            it("runs install, tests and the offline plan (policy pack) for this stack, in that order, before pulumi", () => {
                const cmds = s.operationContext.preRunCommands ?? [];
                const at = (re: RegExp) => cmds.findIndex((c) => re.test(c));
                const install = at(/^npm ci\b/);
                const test = at(/^npm test$/);
                const plan = at(/^npm run plan -- --stack \S+$/);
                assert.ok(install === 0, `npm ci first: ${JSON.stringify(cmds)}`);
                assert.ok(install < test && test < plan, `order install < test < plan: ${JSON.stringify(cmds)}`);
                assert.strictEqual(cmds[plan], `npm run plan -- --stack ${stack}`, "plans the stack this file deploys");
            });

            it("the pre-run commands exist in package.json", () => {
                const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };
                assert.ok(pkg.scripts.test, "npm test");
                assert.ok(pkg.scripts.plan, "npm run plan");
                assert.ok(fs.existsSync(path.join(REPO_ROOT, "package-lock.json")), "npm ci needs the lock file");
            });

            it("skips Pulumi's own dependency install only because npm ci already ran", () => {
                const installs = (s.operationContext.preRunCommands ?? []).some((c) => /^npm ci\b/.test(c));
                assert.strictEqual(s.operationContext.options?.skipInstallDependencies === true, installs);
            });

            it("gets AWS credentials only through OIDC: no keys in the environment", () => {
                const env = Object.keys(s.operationContext.environmentVariables ?? {});
                for (const forbidden of ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"]) {
                    assert.ok(!env.includes(forbidden), `${forbidden} must not be set`);
                }
                assert.ok(s.operationContext.oidc?.aws, "oidc.aws is configured");
            });

            it("assumes the role the program creates for this environment, by its naming convention", () => {
                const aws = s.operationContext.oidc!.aws!;
                const m = /^arn:aws:iam::(\d{12}):role\/(.+)$/.exec(aws.roleArn);
                assert.ok(m, aws.roleArn);
                assert.strictEqual(m[2], deploymentRoleName(config.environment));
                assert.strictEqual(aws.sessionName, `pulumi-deployments-${stack}`);
            });

            it("asks for a session no longer than the role allows, and long enough for a full deploy", () => {
                const seconds = goDurationSeconds(s.operationContext.oidc!.aws!.duration ?? "1h");
                assert.ok(seconds <= config.operations.deployments.sessionHours * 3600, `${seconds}s > role max ${config.operations.deployments.sessionHours}h`);
                assert.ok(seconds >= 3600, "at least an hour: a first EKS deploy takes longer than 15 minutes per region");
            });

            it("its stack config creates that role, trusting exactly this org, project and stack", () => {
                const ops = config.operations;
                assert.strictEqual(ops.deployments.enabled, true, "operations.deployments.enabled, or the role would not exist");
                const org = ops.pulumiOrg!;
                const projectName = (parseYaml(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { name: string }).name;
                assert.strictEqual(projectName, PROJECT);
                const trust = deploymentTrustPolicy({ oidcProviderArn: "arn:aws:iam::111111111111:oidc-provider/api.pulumi.com/oidc", org, project: projectName, stack });
                const cond = trust.Statement[0].Condition!;
                assert.deepStrictEqual(cond.StringEquals, { "api.pulumi.com/oidc:aud": org });
                const sub = cond.StringLike["api.pulumi.com/oidc:sub"] as string;
                assert.strictEqual(sub, deploymentSubject(org, PROJECT, stack));
                const [, orgPart, , projectPart, , stackPart] = sub.replace(/^pulumi:deploy:/, "").split(":");
                for (const part of [orgPart, projectPart, stackPart]) assert.doesNotMatch(part, /[*?]/);
                assert.deepStrictEqual([orgPart, projectPart, stackPart], [org, PROJECT, stack]);
            });
        });
    }

    describe("dev", () => {
        it("deploys every push to main and previews every pull request", () => {
            const s = settingsOf("dev");
            assert.strictEqual(s.gitHub?.deployCommits, true);
            assert.strictEqual(s.gitHub?.previewPullRequests, true);
            assert.strictEqual(s.gitHub?.paths, undefined, "dev follows main completely");
        });
    });

    describe("prod", () => {
        const s = () => settingsOf("prod");

        it("deploys pushes to main filtered by path, and never previews unreviewed pull-request code with prod credentials", () => {
            assert.strictEqual(s().gitHub?.deployCommits, true);
            assert.strictEqual(s().gitHub?.previewPullRequests, false);
            assert.ok((s().gitHub?.paths ?? []).length > 0, "prod deploys only when the program changes");
        });

        it("its path filters cover every file the program is built from", () => {
            const paths = s().gitHub!.paths!;
            const files = [...programFiles(REPO_ROOT, "index.ts"), "Pulumi.yaml", "Pulumi.prod.yaml", "package.json", "package-lock.json"];
            assert.ok(files.some((f) => f.startsWith("components/")), "the import walk found the components");
            const uncovered = files.filter((f) => !paths.some((g) => globMatches(g, f)));
            assert.deepStrictEqual(uncovered, [], `prod would not deploy a change to: ${uncovered.join(", ")}`);
        });

        it("does not deploy for dev-only, docs or test changes", () => {
            const paths = s().gitHub!.paths!;
            for (const f of ["Pulumi.dev.yaml", "Pulumi.dev.deploy.yaml", "docs/architecture-prod.md", "README.md", "tests/deploy/deploySettings.test.ts"]) {
                assert.ok(!paths.some((g) => globMatches(g, f)), `${f} would trigger a prod deploy`);
            }
        });
    });

    it("dev and prod assume different roles (and accounts), so a dev deploy can never touch prod", () => {
        const arns = STACKS.map((st) => settingsOf(st).operationContext.oidc!.aws!.roleArn);
        assert.notStrictEqual(arns[0], arns[1]);
        const accounts = arns.map((a) => a.split(":")[4]);
        assert.notStrictEqual(accounts[0], accounts[1]);
    });
});
