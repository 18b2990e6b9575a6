import * as assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import * as path from "node:path";
import type { PlannedResource } from "../../plan/model";
import { evaluatePolicyPack, providerFor } from "../../policy-pack/offline";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "../../policy-pack/policies";
import { T } from "../../policy-pack/policies/lib/awsTypes";
import { reconcilePolicyConfig } from "../../policy-pack/policyConfig";
import { PROVIDERS as P, res } from "./fixtures";

/* eslint-disable @typescript-eslint/no-require-imports */
// The engine's side of the analyzer protocol, from the same @pulumi/pulumi the pack's server uses.
const grpc: typeof import("@grpc/grpc-js") = require("@grpc/grpc-js");
const analyzerRpc = require("@pulumi/pulumi/proto/analyzer_grpc_pb.js");
const pb = require("@pulumi/pulumi/proto/analyzer_pb.js");
const { Struct } = require("google-protobuf/google/protobuf/struct_pb.js");
const { Empty } = require("google-protobuf/google/protobuf/empty_pb.js");
/* eslint-enable @typescript-eslint/no-require-imports */

/**
 * policy-pack/index.ts started exactly as `pulumi preview --policy-pack policy-pack` starts it (node
 * in the pack's directory; PolicyPack prints its gRPC port), then driven over gRPC the way the engine
 * does: GetAnalyzerInfo, Configure with the reconciled config, Analyze and AnalyzeStack. The offline
 * evaluator must report the same violations for the same resources.
 */

const PACK_DIR = path.resolve(__dirname, "../../policy-pack");
const LEVELS: Record<number, string> = { 0: "advisory", 1: "mandatory", 2: "disabled", 3: "remediate" };
const LEVEL_ENUM: Record<string, number> = { advisory: 0, mandatory: 1, disabled: 2, remediate: 3 };

interface Diagnostic {
    readonly policy: string;
    readonly level: string;
    readonly message: string;
    readonly urn: string;
}

type Unary = (request: unknown, callback: (err: Error | null, response: never) => void) => void;

function call<T>(client: Record<string, Unary>, method: string, request: unknown): Promise<T> {
    return new Promise((resolve, reject) => client[method].call(client, request, (err, response) => (err ? reject(err) : resolve(response as T))));
}

function analyzerResource(r: PlannedResource, kind: "request" | "resource") {
    const msg = kind === "request" ? new pb.AnalyzeRequest() : new pb.AnalyzerResource();
    msg.setType(r.type);
    msg.setName(r.name);
    msg.setUrn(r.urn);
    msg.setProperties(Struct.fromJavaScript(r.inputs));
    const opts = new pb.AnalyzerResourceOptions();
    opts.setProtect(r.protect);
    msg.setOptions(opts);
    const provider = providerFor(r, undefined);
    if (provider) {
        const p = new pb.AnalyzerProviderResource();
        p.setType(provider.type);
        p.setName(provider.name);
        p.setUrn(provider.urn);
        p.setProperties(Struct.fromJavaScript(provider.props));
        msg.setProvider(p);
    }
    return msg;
}

function diagnostics(response: { getDiagnosticsList(): Array<Record<string, () => unknown>> }): Diagnostic[] {
    return response.getDiagnosticsList().map((d) => ({
        policy: String(d.getPolicyname()),
        level: LEVELS[Number(d.getEnforcementlevel())],
        message: String(d.getMessage()),
        urn: String(d.getUrn()),
    }));
}

describe("policy-pack/index.ts served as the Pulumi CLI runs it", function () {
    this.timeout(60_000);
    let child: ChildProcess | undefined;
    let client: Record<string, Unary>;

    before(async () => {
        child = spawn(process.execPath, ["-r", require.resolve("ts-node/register/transpile-only"), "index.ts"], { cwd: PACK_DIR, stdio: ["ignore", "pipe", "pipe"] });
        let stderr = "";
        child.stderr?.on("data", (d) => (stderr += String(d)));
        const port = await new Promise<number>((resolve, reject) => {
            const timer = setTimeout(() => reject(new Error(`no port within 45 s; stderr: ${stderr}`)), 45_000);
            child?.stdout?.on("data", (d) => {
                const m = /^(\d+)\s*$/m.exec(String(d));
                if (m) {
                    clearTimeout(timer);
                    resolve(Number(m[1]));
                }
            });
            child?.on("exit", (code) => reject(new Error(`policy pack exited with ${code}: ${stderr}`)));
        });
        client = new analyzerRpc.AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
        // Configure as the CLI does: every policy's level and defaults, reconciled.
        const { byPolicy } = reconcilePolicyConfig(POLICIES, PACK_ENFORCEMENT_LEVEL, []);
        const request = new pb.ConfigureAnalyzerRequest();
        const map = request.getPolicyconfigMap();
        for (const [name, c] of byPolicy) {
            const pc = new pb.PolicyConfig();
            pc.setEnforcementlevel(LEVEL_ENUM[c.enforcementLevel]);
            pc.setProperties(Struct.fromJavaScript(c.properties));
            map.set(name, pc);
        }
        await call(client, "configure", request);
    });

    after(() => {
        (client as unknown as { close?: () => void } | undefined)?.close?.();
        if (child && child.exitCode === null) child.kill();
    });

    it("announces the pack with every policy, its level and its config schema", async () => {
        const info = await call<Record<string, () => unknown> & { getPoliciesList(): Array<Record<string, () => unknown>> }>(client, "getAnalyzerInfo", new Empty());
        assert.equal(info.getName(), PACK_NAME);
        assert.equal(info.getVersion(), "0.1.0");
        const served = info.getPoliciesList().map((p) => ({
            name: p.getName(),
            level: LEVELS[Number(p.getEnforcementlevel())],
            schema: (p.getConfigschema() as { getProperties(): { toJavaScript(): unknown } } | undefined)?.getProperties().toJavaScript(),
        }));
        assert.deepEqual(served, POLICIES.map((p) => ({ name: p.name, level: p.enforcementLevel ?? PACK_ENFORCEMENT_LEVEL, schema: p.configSchema?.properties })));
    });

    const CASES: ReadonlyArray<readonly [string, PlannedResource]> = [
        ["an unencrypted public EU database in us-east-1", res(T.rdsInstance, { instanceClass: "db.t4g.medium", publiclyAccessible: true, tags: { DataResidency: "eu" } }, { provider: P.usEast })],
        ["an EU table replicated to us-east-1", res(T.dynamoTable, { replicas: [{ regionName: "us-east-1" }] })],
        ["a Lambda on nodejs18.x with a US model for EU data", res(T.lambdaFunction, { runtime: "nodejs18.x", role: "r", environment: { variables: { BEDROCK_FAILOVER_SETTINGS: JSON.stringify({ residency: "eu", allowedRegions: ["eu-central-1"], chain: [{ region: "eu-central-1", modelId: "us.anthropic.claude" }] }) } } })],
        ["a resource on the default provider with no region", res(T.snsTopic, {}, { provider: null, region: "global" })],
        ["a compliant CloudFront distribution on the global provider", res(T.cloudfrontDistribution, { webAclId: "arn", defaultCacheBehavior: { viewerProtocolPolicy: "https-only" }, viewerCertificate: { acmCertificateArn: "arn", minimumProtocolVersion: "TLSv1.2_2021" } }, { provider: P.global })],
    ];
    for (const [name, resource] of CASES) {
        it(`Analyze reports what the offline evaluator reports: ${name}`, async () => {
            const served = diagnostics(await call(client, "analyze", analyzerResource(resource, "request")));
            const offline = evaluatePolicyPack([resource]).violations;
            const description = (policy: string) => POLICIES.find((p) => p.name === policy)?.description ?? "";
            // The server prefixes each message with the policy's description, as `pulumi preview` shows it.
            assert.deepEqual(served.map((d) => ({ policy: d.policy, level: d.level, message: d.message })),
                offline.map((v) => ({ policy: v.policy, level: v.level, message: `${description(v.policy)}\n${v.message}` })));
        });
    }

    it("AnalyzeStack reports what the offline evaluator reports (Aurora global database leaving the EU)", async () => {
        const resources = [
            res(T.rdsGlobalCluster, { globalClusterIdentifier: "g" }),
            res(T.rdsCluster, { globalClusterIdentifier: "g" }, { provider: P.usEast }),
        ];
        const request = new pb.AnalyzeStackRequest();
        request.setResourcesList(resources.map((r) => analyzerResource(r, "resource")));
        const served = diagnostics(await call(client, "analyzeStack", request));
        const offline = evaluatePolicyPack(resources).violations.filter((v) => v.policy === "residency-linked-replicas-in-zone");
        assert.equal(offline.length, 1);
        assert.deepEqual(served.map((d) => [d.policy, d.urn]), [["residency-linked-replicas-in-zone", resources[1].urn]]);
        assert.ok(served[0].message.endsWith(offline[0].message));
    });
});
