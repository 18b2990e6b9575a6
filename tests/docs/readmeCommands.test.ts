import * as assert from "assert";
import * as fs from "fs";
import * as path from "path";
import { parse as parseYaml } from "yaml";
import { parsePlanArgs } from "../../plan/args";
import { REPO_ROOT } from "../support/configs";

/**
 * Every command in README.md that needs no cloud is run by CI or checked here as written (issue
 * 12, item 2): npm scripts exist, plan invocations parse and every file they name exists, and
 * every pulumi command uses the current flags. Kept fast: nothing here runs the program.
 */
const readme = fs.readFileSync(path.join(REPO_ROOT, "README.md"), "utf8");
const ci = fs.readFileSync(path.join(REPO_ROOT, ".ci", "run"), "utf8");
const pkg = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "package.json"), "utf8")) as { scripts: Record<string, string> };

/** Commands in ```sh blocks and in `inline code`, split on && and ;, comments dropped. */
function commands(text: string): string[] {
    const blocks = [...text.matchAll(/```sh\n([\s\S]*?)```/g)].flatMap((m) => m[1].split("\n"));
    const inline = [...text.matchAll(/`((?:npm|npx|pulumi) [^`]+)`/g)].map((m) => m[1]);
    return [...blocks, ...inline]
        .map((l) => l.replace(/\s+#.*$/, "").trim())
        .flatMap((l) => l.split(/\s*(?:&&|;)\s*/))
        .map((c) => c.trim().replace(/^[A-Z_]+=\S+\s+/, ""))
        .filter((c) => c !== "");
}

const all = commands(readme);
const npm = all.filter((c) => /^npm /.test(c));
const plans = npm.filter((c) => /^npm run plan -- /.test(c));

describe("README commands that need no cloud", () => {
    it("finds the offline commands (the check is not vacuous)", () => {
        assert.ok(plans.length >= 5, plans.join("\n"));
        assert.ok(npm.includes("npm test") && npm.includes("npm ci"));
    });

    it("npm test, npm ci and the dev/prod plans are what CI runs", () => {
        assert.match(ci, /^npm ci --no-audit --no-fund$/m);
        assert.match(ci, /^npm test$/m);
        assert.match(ci, /for stack in dev prod; do\n\s+npm run --silent plan -- --stack "\$stack"/);
    });

    it("every npm run script exists, and npm ci --prefix names a folder with a lock file", () => {
        for (const c of npm) {
            const run = /^npm run (?:--silent )?([\w:-]+)/.exec(c);
            if (run) assert.ok(pkg.scripts[run[1]], `${c}: no script "${run[1]}"`);
            const prefix = /^npm ci --prefix (\S+)/.exec(c);
            if (prefix) assert.ok(fs.existsSync(path.join(REPO_ROOT, prefix[1], "package-lock.json")), c);
        }
    });

    for (const c of [...new Set(plans)]) {
        it(`as written: ${c}`, () => {
            const argv = c.replace(/^npm run plan -- /, "").split(/\s+/);
            const args = parsePlanArgs(argv);
            const stackFile = args.configFile ?? `Pulumi.${args.stack}.yaml`;
            assert.ok(fs.existsSync(path.join(REPO_ROOT, stackFile)), `${c}: ${stackFile} does not exist`);
            if (args.programFile) assert.ok(fs.existsSync(path.join(REPO_ROOT, args.programFile)), `${c}: ${args.programFile} does not exist`);
            if (args.policyConfigFile) assert.ok(fs.existsSync(path.join(REPO_ROOT, args.policyConfigFile)), `${c}: ${args.policyConfigFile}`);
            if (args.programFile || args.configFile) {
                assert.ok(args.diagramFile !== undefined || ["dev", "prod"].includes(args.stack) && !args.programFile, `${c}: would overwrite docs/architecture-${args.stack}.md; pass --diagram`);
            }
        });
    }

    it("pulumi commands use --policy-pack-config (the CLI has no --policy-config)", () => {
        const pulumi = all.filter((c) => /^pulumi /.test(c));
        assert.ok(pulumi.some((c) => c.includes("--policy-pack-config")));
        for (const c of pulumi) assert.doesNotMatch(c, /--policy-config\b/, c);
        assert.ok(!pulumi.some((c) => /deployment settings push/.test(c)), "removed from the CLI in 3.251");
    });

    it("the deployment-settings program the README pushes exists, with the stack file it names", () => {
        assert.ok(all.some((c) => c === "cd deployments"));
        const project = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "deployments", "Pulumi.yaml"), "utf8")) as { name: string };
        assert.strictEqual(project.name, "ai-platform-deployments");
        assert.ok(fs.existsSync(path.join(REPO_ROOT, "deployments", "Pulumi.settings.yaml")));
    });
});

describe("Pulumi.yaml", () => {
    const project = parseYaml(fs.readFileSync(path.join(REPO_ROOT, "Pulumi.yaml"), "utf8")) as { config: Record<string, unknown> };

    it("disables the default aws provider (every resource uses an explicit regional provider)", () => {
        assert.deepStrictEqual(project.config["pulumi:disable-default-providers"], ["aws"]);
    });

    it("declares the program's required config keys, each present in every committed stack", () => {
        const declared = Object.keys(project.config).filter((k) => !k.includes(":"));
        assert.deepStrictEqual(declared, ["environment", "regions", "bedrock"]);
        for (const stack of ["dev", "prod"]) {
            const file = parseYaml(fs.readFileSync(path.join(REPO_ROOT, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
            for (const k of declared) assert.ok(file.config[`ai-platform:${k}`] !== undefined, `${stack}: ${k}`);
        }
    });
});
