import * as assert from "assert";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { failoverCallbackFactory, healthCheckCallback } from "../../../components/bedrock/handlers";
import { CALLBACK_HANDLER, callbackArchive, lambdaExcludedPackages, projectDependencies, type CallbackSource } from "../../../components/bedrock/packaging";
import { isRecordedArchive, type PlannedResource } from "../../../plan/model";
import { mockRuntime, promiseOf } from "../../support/pulumi";

// The product packages its callbacks itself (once per process) instead of through
// aws.lambda.CallbackFunction (once per function). These tests hold the two equal: the same
// handler setting and the same archive, member for member and byte for byte.

const ROLE_ARN = "arn:aws:iam::123456789012:role/ai-platform/dev/packaging-test";
const excluded = lambdaExcludedPackages(projectDependencies());

const failover: CallbackSource = { make: failoverCallbackFactory, shape: "factory" };
const health: CallbackSource = { make: healthCheckCallback, shape: "handler" };

async function registered(fn: aws.lambda.Function): Promise<PlannedResource> {
    const runtime = mockRuntime();
    const urn = await promiseOf(fn.urn);
    await runtime.settle();
    const found = runtime.resources().find((r) => r.urn === urn);
    assert.ok(found, `resource ${urn} registered`);
    return found;
}

/** The archive's members as name -> text, and the handler setting. */
function codeOf(r: PlannedResource): { handler: unknown; members: Record<string, string> } {
    const code = r.inputs.code;
    assert.ok(isRecordedArchive(code) && code.__archive === "assets", `${r.name}: code is an asset archive`);
    const members: Record<string, string> = {};
    for (const [name, member] of Object.entries(code.assets)) {
        assert.ok("__asset" in member && member.__asset === "string", `${r.name}: ${name} is a string asset`);
        members[name] = member.text;
    }
    return { handler: r.inputs.handler, members };
}

describe("Lambda callback packaging (components/bedrock/packaging.ts)", () => {
    const cases: Array<[string, CallbackSource, aws.lambda.CallbackFunctionArgs<unknown, unknown>]> = [
        ["failover (a callbackFactory)", failover, { callbackFactory: failoverCallbackFactory() as unknown as aws.lambda.CallbackFactory<unknown, unknown> }],
        ["health (a callback)", health, { callback: healthCheckCallback() }],
    ];
    for (const [label, source, callbackArgs] of cases) {
        it(`builds what aws.lambda.CallbackFunction builds for the ${label}: handler and every zip member`, async () => {
            mockRuntime();
            const id = source.shape;
            const theirs = new aws.lambda.CallbackFunction(`pkg-cf-${id}`, {
                ...callbackArgs,
                role: ROLE_ARN,
                runtime: aws.lambda.Runtime.NodeJS24dX,
                codePathOptions: { extraExcludePackages: [...excluded] },
            });
            const ours = new aws.lambda.Function(`pkg-ours-${id}`, {
                code: callbackArchive(source, excluded),
                handler: CALLBACK_HANDLER,
                role: ROLE_ARN,
                runtime: aws.lambda.Runtime.NodeJS24dX,
            });
            const [a, b] = await Promise.all([registered(theirs), registered(ours)]);
            const expected = codeOf(a);
            const actual = codeOf(b);
            assert.strictEqual(actual.handler, "__index.handler");
            assert.strictEqual(actual.handler, expected.handler);
            assert.deepStrictEqual(Object.keys(actual.members), ["__index.js"], "every dependency is excluded: the zip is the serialized module alone");
            assert.deepStrictEqual(actual.members, expected.members);
            assert.ok(actual.members["__index.js"].length > 1000, "the module holds the handler's code");
        });
    }

    it("serializes each callback once per process: every region's archive reads the same assets", () => {
        const first = callbackArchive(failover, excluded);
        const second = callbackArchive(failover, [...excluded].reverse());
        assert.notStrictEqual(first, second, "each function gets an archive of its own");
        assert.strictEqual(first.assets, second.assets, "one serialization behind both");
        assert.notStrictEqual(callbackArchive(health, excluded).assets, first.assets, "another callback is serialized on its own");
        assert.notStrictEqual(callbackArchive(failover, excluded.slice(1)).assets, first.assets, "other exclusions make another package");
    });

    it("refuses a callback that captured a secret (settings belong in environment variables)", async () => {
        mockRuntime();
        const token = pulumi.secret("not-for-a-zip");
        const leaky = { make: () => async () => token, shape: "handler" } satisfies CallbackSource;
        await assert.rejects(callbackArchive(leaky, excluded).assets, /captured a secret value: pass it in an environment variable/);
    });
});
