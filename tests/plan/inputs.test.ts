import * as assert from "assert";
import { decodeInputs } from "../../plan/inputs";
import { PlatformMocks } from "../../plan/mocks";

/* eslint-disable @typescript-eslint/no-require-imports */
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");
const rpc = require("@pulumi/pulumi/runtime/rpc");
/* eslint-enable @typescript-eslint/no-require-imports */

/** What the plan records from a registration's wire inputs, and the mocks' answers. */

const SIG: string = rpc.specialSigKey;
const struct = (o: Record<string, unknown>) => Struct.fromJavaScript(o);

describe("recorded inputs", () => {
    it("resource references become their URN, not a live Resource object", () => {
        const urn = "urn:pulumi:dev::ai-platform::eks:index:Cluster::eu-west-1-eks";
        const inputs = decodeInputs(struct({ cluster: { [SIG]: rpc.specialResourceSig, urn, id: "eu-west-1-eks-000001", packageVersion: "4.3.0" }, nodeGroupName: "general" }));
        assert.deepStrictEqual(inputs, { cluster: urn, nodeGroupName: "general" });
    });

    it("assets and archives keep their paths and text as plain data", () => {
        const inputs = decodeInputs(struct({
            code: {
                [SIG]: rpc.specialArchiveSig,
                assets: {
                    "__index.js": { [SIG]: rpc.specialAssetSig, text: "exports.handler = 1;" },
                    "node_modules/cockatiel": { [SIG]: rpc.specialArchiveSig, path: "node_modules/cockatiel" },
                    "extra.txt": { [SIG]: rpc.specialAssetSig, path: "extra.txt" },
                },
            },
        }));
        assert.deepStrictEqual(inputs.code, {
            __archive: "assets",
            assets: {
                "__index.js": { __asset: "string", text: "exports.handler = 1;" },
                "node_modules/cockatiel": { __archive: "file", path: "node_modules/cockatiel" },
                "extra.txt": { __asset: "file", path: "extra.txt" },
            },
        });
    });

    it("secrets stay wrapped (so what is secret is visible); unknowns are absent; output values become their value", () => {
        const inputs = decodeInputs(struct({
            authToken: { [SIG]: rpc.specialSecretSig, value: "s3cr3t" },
            pending: rpc.unknownValue,
            nested: { known: 1, pending: rpc.unknownValue },
            fromOutput: { [SIG]: rpc.specialOutputValueSig, value: "v", dependencies: ["urn:x"] },
            secretOutput: { [SIG]: rpc.specialOutputValueSig, value: "hidden", secret: true },
            unknownOutput: { [SIG]: rpc.specialOutputValueSig },
        }));
        assert.deepStrictEqual(inputs, {
            authToken: { [SIG]: rpc.specialSecretSig, value: "s3cr3t" },
            nested: { known: 1 },
            fromOutput: "v",
            secretOutput: { [SIG]: rpc.specialSecretSig, value: "hidden" },
        });
    });
});

describe("plan mocks", () => {
    it("a resource with no explicit provider (\"\") takes the region of the aws entry in its providers map", () => {
        const mocks = new PlatformMocks("eu-west-1");
        const provider = mocks.newResource({ type: "pulumi:providers:aws", name: "aws-eu-north-1", inputs: { region: "eu-north-1" }, custom: true });
        mocks.currentProvidersMapAws = `urn:pulumi:dev::ai-platform::pulumi:providers:aws::aws-eu-north-1::${provider.id}`;
        const group = mocks.newResource({ type: "aws:lb/targetGroup:TargetGroup", name: "tg", inputs: {}, provider: "", custom: true });
        assert.match(String(group.state.arn), /^arn:aws:elasticloadbalancing:eu-north-1:/);
    });

    it("the EKS cluster component answers with the cluster name it was given", () => {
        const mocks = new PlatformMocks("eu-west-1");
        const named = mocks.newResource({ type: "eks:index:Cluster", name: "eu-west-1-eks", inputs: { name: "ai-platform-dev-eu-west-1" }, custom: false });
        assert.strictEqual((named.state.eksCluster as { name: string }).name, "ai-platform-dev-eu-west-1");
        const unnamed = mocks.newResource({ type: "eks:index:Cluster", name: "c", inputs: {}, custom: false });
        assert.strictEqual((unnamed.state.eksCluster as { name: string }).name, "c-eks");
    });
});
