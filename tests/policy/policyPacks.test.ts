import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { evaluatePolicyPacks, PolicyPackLoadError } from "../../plan/policyPacks";
import { loadPolicyPack } from "../../plan/policyPacks/load";
import { T } from "../../policy-pack/policies/lib/awsTypes";
import { AWSGUARD_VERSION, awsGuardPackDir } from "../support/awsguard";
import { REPO_ROOT } from "../support/configs";
import { sharedRun } from "../support/sharedPlans";
import { PROVIDERS as P, res } from "./fixtures";

/**
 * Third-party CrossGuard packs run offline beside the project's: a pack folder is loaded as
 * `pulumi preview --policy-pack DIR` loads it, its PolicyPack is recorded instead of served, and
 * its policies (sync, async, stack) run on the plan's resources; a policy that calls a cloud API
 * reports "needs cloud". Last, Pulumi's own AWSGuard from npm, on the prod stack.
 */

/** A pack folder in the temp dir whose node_modules holds this project's @pulumi/policy. */
function localPack(name: string, source: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pack-${name}-`));
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({ name, version: "1.2.3", main: "index.js" }));
    fs.mkdirSync(path.join(dir, "node_modules", "@pulumi"), { recursive: true });
    fs.symlinkSync(path.join(REPO_ROOT, "node_modules", "@pulumi", "policy"), path.join(dir, "node_modules", "@pulumi", "policy"), "dir");
    fs.writeFileSync(path.join(dir, "index.js"), source);
    return dir;
}

const PACK_SOURCE = `"use strict";
const { PolicyPack } = require("@pulumi/policy");
const https = require("https");
new PolicyPack("sample-pack", {
    enforcementLevel: "mandatory",
    policies: [
        {
            name: "async-no-public-db",
            description: "async resource policy",
            validateResource: async (args, report) => {
                await new Promise((resolve) => setImmediate(resolve));
                if (args.type === "${T.rdsInstance}" && args.props.publiclyAccessible === true) report("public database");
            },
        },
        {
            name: "stack-one-db",
            description: "stack policy",
            validateStack: async (args, report) => {
                const dbs = args.resources.filter((r) => r.type === "${T.rdsInstance}");
                if (dbs.length > 1) report("more than one database: " + dbs.map((d) => d.props.arn).join(", "));
            },
        },
        {
            name: "calls-aws",
            description: "looks a key up in KMS",
            validateResource: (args, report) => new Promise((resolve, reject) => {
                if (args.type !== "${T.kmsKey}") return resolve();
                const req = https.request({ hostname: "kms.eu-west-1.amazonaws.com", method: "POST" }, () => resolve());
                req.on("error", (e) => { report("lookup failed: " + e.message); reject(e); });
                req.end();
            }),
        },
        { name: "configured", description: "initial config", validateResource: (args, report) => { if (args.getConfig().flag !== true) report("flag not set"); }, configSchema: { properties: { flag: { type: "boolean" } } } },
    ],
}, { "configured": { enforcementLevel: "advisory", flag: true }, "stack-one-db": "advisory" });
`;

describe("--policy-pack DIR: third-party CrossGuard packs, offline", function () {
    this.timeout(120_000);

    it("loads a pack folder without starting a policy server: name, version, level, policies, initial config", () => {
        const pack = loadPolicyPack(localPack("sample", PACK_SOURCE));
        assert.equal(pack.name, "sample-pack");
        assert.equal(pack.version, "1.2.3");
        assert.equal(pack.enforcementLevel, "mandatory");
        assert.deepEqual(pack.policies.map((p) => p.name), ["async-no-public-db", "stack-one-db", "calls-aws", "configured"]);
        assert.deepEqual(pack.initialConfig, { configured: { enforcementLevel: "advisory", flag: true }, "stack-one-db": "advisory" });
    });

    it("runs async resource and stack policies, applies the pack's initial config, and reports a policy that calls AWS as needs-cloud", async () => {
        const dbs = [
            res(T.rdsInstance, { publiclyAccessible: true, arn: "arn:aws:rds:eu-west-1:123456789012:db:a" }, { name: "a", provider: P.euWest }),
            res(T.rdsInstance, { publiclyAccessible: false, arn: "arn:aws:rds:eu-west-1:123456789012:db:b" }, { name: "b", provider: P.euWest }),
            res(T.kmsKey, {}, { name: "key", provider: P.euWest }),
        ];
        const [result] = await evaluatePolicyPacks([localPack("sample", PACK_SOURCE)], dbs, { name: "prod", project: "ai-platform" });
        const status = Object.fromEntries(result.policies.map((p) => [p.policy, `${p.level}/${p.status}`]));
        assert.deepEqual(status, {
            "async-no-public-db": "mandatory/fail",
            "stack-one-db": "advisory/fail",
            "calls-aws": "mandatory/needs-cloud",
            configured: "advisory/pass",
        });
        assert.deepEqual(result.violations.map((v) => `${v.policy}: ${v.resourceName}: ${v.message}`), [
            "async-no-public-db: a: public database",
            "stack-one-db: ai-platform-prod: more than one database: arn:aws:rds:eu-west-1:123456789012:db:a, arn:aws:rds:eu-west-1:123456789012:db:b",
        ], "the needs-cloud policy's own 'lookup failed' report is dropped with it");
        assert.match(result.policies.find((p) => p.policy === "calls-aws")?.note ?? "", /kms\.eu-west-1\.amazonaws\.com/);
        assert.equal(result.mandatoryViolations, 1);
    });

    it("a folder that is not a pack is a clear error", () => {
        const empty = fs.mkdtempSync(path.join(os.tmpdir(), "not-a-pack-"));
        assert.throws(() => loadPolicyPack(empty), (e: unknown) => e instanceof PolicyPackLoadError && /no package\.json/.test(e.message));
        const noPack = localPack("nothing", "module.exports = {};\n");
        assert.throws(() => loadPolicyPack(noPack), /constructed no PolicyPack/);
    });

    it(`AWSGuard ${AWSGUARD_VERSION} from npm runs on the prod plan beside the project's pack (--json policyPacks)`, function () {
        // The shared prod run (tests/support/sharedPlans.ts) carries it; the first run installs it.
        this.timeout(900_000);
        const r = sharedRun("prod");
        assert.equal(r.code, 0, r.stderr.slice(-2000));
        assert.deepEqual(r.args.slice(r.args.indexOf("--policy-pack"), r.args.indexOf("--policy-pack") + 2), ["--policy-pack", awsGuardPackDir()]);
        const plan = JSON.parse(r.json) as { policy: { mandatoryViolations: number }; policyPacks: Array<{ name: string; policies: Array<{ policy: string; status: string }>; violations: Array<{ policy: string; resourceName: string }> }> };
        assert.equal(plan.policy.mandatoryViolations, 0, "the project's own pack still passes");
        assert.equal(plan.policyPacks.length, 1);
        const guard = plan.policyPacks[0];
        assert.equal(guard.name, "pulumi-awsguard");
        const status = Object.fromEntries(guard.policies.map((p) => [p.policy, p.status]));
        assert.equal(status["acm-certificate-expiration"], "needs-cloud", "it asks ACM for the expiry date");
        assert.equal(status["rds-storage-encrypted"], "pass");
        assert.equal(status["cmk-backing-key-rotation-enabled"], "pass", "the async KMS rotation policy runs");
        assert.equal(status["dynamodb-table-encryption-enabled"], "pass");
        assert.ok(guard.policies.length >= 20, `only ${guard.policies.length} policies`);
    });
});
