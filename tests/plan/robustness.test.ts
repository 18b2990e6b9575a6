import * as assert from "assert";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { MAX_STACK_FILE_BYTES, readStackConfig } from "../../config/stackFile";
import { ConfigError } from "../../config";
import { REPO_ROOT } from "../support/configs";
import { runPlanCli, type CliResult } from "../support/planCli";

/**
 * Bad paths and hostile files get one line and exit 2 (stack config) or 64 (usage), never a
 * stack trace or a hang (issue 12, item 9). The child process has a hard timeout, so a hang fails.
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "plan-robust-"));
const diagram = path.join(tmp, "diagram.md");
const smallProgram = path.join(REPO_ROOT, "tests/fixtures/small-program.ts");

function aliasBomb(): string {
    const lines = ['a: &a ["x","x","x","x","x","x","x","x","x","x"]'];
    for (let i = 1; i < 9; i++) lines.push(`${String.fromCharCode(97 + i)}: &${String.fromCharCode(97 + i)} [${Array(10).fill(`*${String.fromCharCode(96 + i)}`).join(",")}]`);
    lines.push("config:", "  ai-platform:bomb: *i");
    return `${lines.join("\n")}\n`;
}

const oneLineError = (r: CliResult, code: number, says: RegExp) => {
    assert.strictEqual(r.code, code, r.stderr);
    const lines = r.stderr.trim().split("\n").filter((l) => l !== "");
    assert.strictEqual(lines.length, 1, r.stderr);
    assert.match(lines[0], /^error: /);
    assert.match(lines[0], says);
    assert.ok(!/\n\s+at /.test(r.stderr), `no stack trace:\n${r.stderr}`);
};

describe("offline plan: hostile inputs fail fast with one line", function () {
    this.timeout(120_000);

    it("--config naming a directory: exit 2", () => {
        oneLineError(runPlanCli(["--stack", "dev", "--config", tmp, "--diagram", diagram], 60_000), 2, /is a directory, not a stack config file/);
    });

    it("--config with a YAML alias bomb (a billion laughs): exit 2, no expansion", () => {
        const file = path.join(tmp, "Pulumi.bomb.yaml");
        fs.writeFileSync(file, aliasBomb());
        oneLineError(runPlanCli(["--stack", "bomb", "--config", file, "--diagram", diagram], 60_000), 2, /alias/i);
    });

    it("--config of several megabytes: exit 2 before parsing", () => {
        const file = path.join(tmp, "Pulumi.huge.yaml");
        fs.writeFileSync(file, `config:\n  ai-platform:blob: "${"x".repeat(3 * 1024 * 1024)}"\n`);
        oneLineError(runPlanCli(["--stack", "huge", "--config", file, "--diagram", diagram], 60_000), 2, new RegExp(`at most ${MAX_STACK_FILE_BYTES} bytes`));
    });

    it("--diagram naming a directory: exit 64 before the program runs", () => {
        oneLineError(runPlanCli(["--stack", "dev", "--diagram", tmp], 60_000), 64, /--diagram .* is a directory/);
    });

    it("--diagram below a regular file: exit 64", () => {
        const file = path.join(tmp, "plain");
        fs.writeFileSync(file, "");
        oneLineError(runPlanCli(["--stack", "dev", "--diagram", path.join(file, "d.md")], 60_000), 64, /is not a directory/);
    });

    it("a plan that fails the policy pack (exit 3) leaves the diagram file untouched", () => {
        const file = path.join(tmp, "kept.md");
        fs.writeFileSync(file, "committed diagram\n");
        const r = runPlanCli(["--stack", "dev", "--program", path.join(REPO_ROOT, "tests/fixtures/public-unencrypted-rds.ts"), "--diagram", file]);
        assert.strictEqual(r.code, 3, r.stderr);
        assert.strictEqual(fs.readFileSync(file, "utf8"), "committed diagram\n");
    });

    it("warns about secure: values and ESC environments it cannot reproduce, and still plans", () => {
        const file = path.join(tmp, "Pulumi.secrets.yaml");
        fs.writeFileSync(file, "environment:\n  - ai-platform/dev\nconfig:\n  aws:region: eu-west-1\n  other:password:\n    secure: v1:abc\n");
        const r = runPlanCli(["--stack", "secrets", "--config", file, "--program", smallProgram, "--diagram", diagram], 60_000);
        assert.strictEqual(r.code, 0, r.stderr);
        assert.match(r.stderr, /warning: other:password is a secure: \(encrypted\) value; the offline plan cannot decrypt it/);
        assert.match(r.stderr, /warning: Pulumi\.secrets\.yaml imports Pulumi ESC environment\(s\) \["ai-platform\/dev"\]; the offline plan does not open them/);
    });
});

describe("readStackConfig (unit)", () => {
    it("finds secure: values at any depth", () => {
        const file = path.join(tmp, "Pulumi.nested.yaml");
        fs.writeFileSync(file, "config:\n  ai-platform:operations:\n    token:\n      secure: v1:x\n    list:\n      - secure: v1:y\n");
        const { warnings } = readStackConfig(file);
        assert.strictEqual(warnings.length, 2);
        assert.match(warnings[0], /^ai-platform:operations\.token is a secure:/);
        assert.match(warnings[1], /^ai-platform:operations\.list\[0\] is a secure:/);
    });

    it("refuses an alias bomb as ConfigError naming the file", () => {
        const file = path.join(tmp, "Pulumi.bomb2.yaml");
        fs.writeFileSync(file, aliasBomb());
        assert.throws(() => readStackConfig(file), (err: unknown) => err instanceof ConfigError && err.issues[0].key === "Pulumi.bomb2.yaml");
    });
});
