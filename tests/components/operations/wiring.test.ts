import * as assert from "assert";
import * as pulumi from "@pulumi/pulumi";
import { AlertTopics, buildOperations, operationsOutputs, replicatedTablesOf } from "../../../components/operations";
import { RegionalProviders } from "../../../components/providers";
import { parsePlatformConfig } from "../../../config";
import { rawProjectConfig } from "../../support/configs";
import { mockRuntime, promiseOf } from "../../support/pulumi";

describe("operations wiring (buildOperations)", () => {
    const build = (prefix: string, mutate: (raw: Record<string, any>) => void) => {
        mockRuntime();
        const raw = structuredClone(rawProjectConfig("dev")) as Record<string, any>;
        mutate(raw);
        const config = parsePlatformConfig(raw);
        const providers = new RegionalProviders(config.environment);
        const alertTopics = new AlertTopics(`${prefix}-alerts`, { environment: config.environment, regions: config.regions, providers });
        const privateSubnetIds = Object.fromEntries(config.regions.map((r) => [r.code, ["subnet-1"]]));
        return buildOperations({ name: prefix, config, providers, alertTopics, stack: "dev", privateSubnetIds });
    };

    it("with deployments and drills off, builds only observability (safe defaults)", async () => {
        const ops = build("wiring-off", (raw) => { delete raw.operations; });
        assert.strictEqual(ops.deploymentAccess, undefined);
        assert.strictEqual(ops.drills, undefined);
        const out = await promiseOf(operationsOutputs(ops));
        assert.match(out.dashboardUrl, /#dashboards:name=ai-platform-dev$/);
        assert.strictEqual(out.deploymentRoleArn, undefined);
        assert.strictEqual(out.drillTemplateIds, undefined);
        assert.deepStrictEqual(out.budgetNames, {});
    });

    it("with them on, exports the role, the drill templates and the fault parameter for the runbook", async () => {
        const ops = build("wiring-on", () => undefined);
        const out = await promiseOf(operationsOutputs(ops));
        assert.match(out.deploymentRoleArn ?? "", /^arn:aws:iam::123456789012:role\//);
        assert.deepStrictEqual(Object.keys(out.drillTemplateIds ?? {}), ["eu-west-1", "eu-north-1"]);
        assert.deepStrictEqual(Object.keys(out.drillTemplateIds?.["eu-west-1"] ?? {}).sort(), ["bedrock-outage", "region-isolation"]);
        assert.strictEqual(out.drillFaultParameter, "/ai-platform/dev/drills/bedrock-fault");
        assert.deepStrictEqual(Object.keys(out.budgetNames), ["eu-west-1", "eu-north-1"]);
    });
});

describe("replicatedTablesOf (GlobalLayer's table plan to Observability)", () => {
    it("keeps tables with replicas, home region first, and carries each table's physical name", async () => {
        const layer = {
            tablePlan: [
                { table: "conversations", homeRegion: "eu-central-1", replicaRegions: ["eu-west-1"] },
                { table: "single", homeRegion: "us-east-1", replicaRegions: [] },
            ],
            tables: { conversations: { name: pulumi.output("prod-conversations") }, single: { name: pulumi.output("prod-single") } },
        };
        const tables = replicatedTablesOf(layer);
        assert.deepStrictEqual(tables.map((t) => [t.label, t.regions]), [["conversations", ["eu-central-1", "eu-west-1"]]]);
        assert.strictEqual(await promiseOf(tables[0].name), "prod-conversations");
    });
});
