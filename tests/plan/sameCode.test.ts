import * as assert from "assert";
import { spawnSync } from "child_process";
import * as path from "path";
import * as fs from "fs";
import { closureCacheDir } from "../../components/bedrock/closureCache";
import { REPO_ROOT } from "../support/configs";
import { planCommandArgs, planJsonFor } from "../support/planCli";

/**
 * What `pulumi up` runs is what the plan runs. Pulumi loads index.ts through ts-node; the plan
 * runs it with scripts/register-ts.js (package.json `scripts.plan`). The Lambda code is the part
 * where a different transpiler would show: Pulumi serializes each callback from the function's
 * JavaScript text. So the product's callbacks are serialized, the way CallbackFunction does it,
 * under both, and must be the same modules byte for byte with the same zip sizes; and the plan
 * must report those sizes for every Lambda it plans. The plan reuses serialized text from a
 * content-keyed cache (components/bedrock/closureCache.ts): both runners must compute the same
 * key, and what the plan stored under it must be ts-node's text.
 */

interface Serialized {
    readonly [callback: string]: { readonly text: string; readonly packageBytes: number; readonly cacheKey?: string };
}

const FIXTURE = path.join(REPO_ROOT, "tests", "fixtures", "serialize-callbacks.ts");

function serializeWith(nodeArgs: readonly string[]): Serialized {
    const r = spawnSync(process.execPath, [...nodeArgs, FIXTURE], { cwd: REPO_ROOT, encoding: "utf8", timeout: 120_000, maxBuffer: 64 * 1024 * 1024 });
    if (r.error) throw r.error;
    assert.strictEqual(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as Serialized;
}

describe("the plan runs the code pulumi up deploys", function () {
    this.timeout(180_000);
    let underTsNode: Serialized;
    let underPlanRunner: Serialized;
    before(() => {
        // As the Pulumi Node.js language host loads a TypeScript program (ts-node, tsconfig.json).
        underTsNode = serializeWith(["-r", require.resolve("ts-node/register/transpile-only")]);
        // As `npm run plan` runs (the node options of package.json scripts.plan, without its script).
        underPlanRunner = serializeWith(planCommandArgs().slice(0, -1));
    });

    it("the plan command is plain node with the caching TypeScript loader, not ts-node", () => {
        const args = planCommandArgs();
        assert.ok(args.includes("./scripts/register-ts.js"), args.join(" "));
        assert.ok(!args.some((a) => a.includes("ts-node")), args.join(" "));
        assert.strictEqual(args[args.length - 1], "scripts/plan.ts");
    });

    for (const callback of ["failover", "health"]) {
        it(`serializes the ${callback} callback to the same module text, byte for byte`, () => {
            assert.ok(underTsNode[callback].text.length > 1000, `${callback}: ${underTsNode[callback].text.length} characters`);
            assert.ok(underPlanRunner[callback].text === underTsNode[callback].text, `${callback}: the serialized modules differ`);
        });

        it(`gives the ${callback} Lambda the same zip size`, () => {
            assert.strictEqual(underPlanRunner[callback].packageBytes, underTsNode[callback].packageBytes);
        });

        it(`looks the ${callback} callback up under the same cache key, where a plan stores ts-node's text`, () => {
            const key = underTsNode[callback].cacheKey;
            assert.match(String(key), /^[0-9a-f]{64}$/);
            assert.strictEqual(underPlanRunner[callback].cacheKey, key);
            planJsonFor("dev"); // a plan has run, so its cache holds the entry
            const dir = closureCacheDir();
            assert.ok(dir, "the plan's cache is on");
            assert.ok(fs.readFileSync(path.join(dir, `${key}.js`), "utf8") === underTsNode[callback].text, `${callback}: the cached module differs from a fresh serialization`);
        });
    }

    it("the plan reports, for every Lambda, the zip size of the callback ts-node serializes", () => {
        const plan = planJsonFor("dev");
        assert.ok(plan.lambdas.length >= 4, JSON.stringify(plan.lambdas));
        for (const l of plan.lambdas) {
            const callback = /-failover$/.test(l.name) ? "failover" : /-health$/.test(l.name) ? "health" : undefined;
            assert.ok(callback, `unexpected Lambda ${l.name}`);
            assert.strictEqual(l.packageBytes, underTsNode[callback].packageBytes, `${l.name} in ${l.region}`);
        }
    });
});
