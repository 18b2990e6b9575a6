/**
 * Planned drains through the Route 53 API (mocked with aws-sdk-client-mock): read the weighted
 * records, write back only the weights, never all regions to zero.
 */
import { ChangeResourceRecordSetsCommand, ListResourceRecordSetsCommand, Route53Client, type ResourceRecordSet } from "@aws-sdk/client-route-53";
import { mockClient, type AwsClientStub } from "aws-sdk-client-mock";
import * as assert from "node:assert/strict";
import { HEALTH_SETTINGS_ENV, type HealthCheckSettings } from "../../functions/contract";
import { handleHealthInvocation, type DrainResult, type WarmHealthState } from "../../functions/health/handler";

const ZONE = { hostedZoneId: "Z0123456789ABC", recordName: "api.example.com", recordType: "A" as const };
const WEIGHTS: Record<string, number> = { "eu-central-1": 70, "eu-west-1": 20, "eu-west-3": 10 };

const settings: HealthCheckSettings = {
    targets: Object.entries(WEIGHTS).map(([region, weight]) => ({
        region,
        endpointUrl: `https://${region}.api.example.com/healthz`,
        probeModelId: "eu.anthropic.claude-3-haiku-20240307-v1:0",
        probeTimeoutMs: 2000,
        baselineLatencyMs: 300,
        weight,
        setIdentifier: `api-${region}`,
    })),
    failureThreshold: 3,
    recoveryThreshold: 2,
    metricNamespace: "AiPlatform/Health",
    probeIntervalMs: 10_000,
    runForMs: 55_000,
    route53: ZONE,
};

function weightedRecord(region: string, weight: number): ResourceRecordSet {
    return {
        Name: "api.example.com.",
        Type: "A",
        SetIdentifier: `api-${region}`,
        Weight: weight,
        AliasTarget: { HostedZoneId: "Z2FDTNDATAQYW2", DNSName: `${region}.accelerator.example.`, EvaluateTargetHealth: true },
        HealthCheckId: `hc-${region}`,
    };
}

describe("planned drains through Route 53", () => {
    // Created in before(): a mockClient() in another file's describe body would replace it.
    let route53: AwsClientStub<Route53Client>;
    before(() => (route53 = mockClient(Route53Client)));
    const env = { [HEALTH_SETTINGS_ENV]: JSON.stringify(settings) };
    let current: Record<string, number>;

    beforeEach(() => {
        route53.reset();
        current = { ...WEIGHTS };
        route53.on(ListResourceRecordSetsCommand).callsFake(() => ({
            IsTruncated: false,
            MaxItems: 100,
            ResourceRecordSets: [
                ...Object.entries(current).map(([region, weight]) => weightedRecord(region, weight)),
                { Name: "api.example.com.", Type: "AAAA", SetIdentifier: "api-eu-central-1", Weight: 70, AliasTarget: { HostedZoneId: "Z", DNSName: "x.", EvaluateTargetHealth: true } },
                { Name: "www.example.com.", Type: "A", TTL: 60, ResourceRecords: [{ Value: "192.0.2.1" }] },
            ],
        }));
        route53.on(ChangeResourceRecordSetsCommand).resolves({ ChangeInfo: { Id: "C1", Status: "PENDING", SubmittedAt: new Date() } });
    });
    after(() => route53.restore());

    const invoke = (event: unknown): Promise<DrainResult> => handleHealthInvocation(event, undefined, env, {} as WarmHealthState) as Promise<DrainResult>;

    it("drains one region: only its weight changes, the rest of the record is kept", async () => {
        const result = await invoke({ action: "drain", regions: ["eu-central-1"] });
        assert.deepEqual(result.changed, ["api-eu-central-1"]);
        assert.deepEqual(result.weights, { "eu-central-1": 0, "eu-west-1": 20, "eu-west-3": 10 });
        assert.equal(result.failOpen, false);
        const [call] = route53.commandCalls(ChangeResourceRecordSetsCommand);
        const { HostedZoneId, ChangeBatch } = call.args[0].input;
        assert.equal(HostedZoneId, ZONE.hostedZoneId);
        assert.match(ChangeBatch?.Comment ?? "", /planned drain of eu-central-1/);
        assert.deepEqual(ChangeBatch?.Changes, [{ Action: "UPSERT", ResourceRecordSet: { ...weightedRecord("eu-central-1", 70), Weight: 0 } }]);
        const [list] = route53.commandCalls(ListResourceRecordSetsCommand);
        assert.deepEqual([list.args[0].input.StartRecordName, list.args[0].input.StartRecordType], ["api.example.com", "A"]);
    });

    it("refuses to drain every region: configured weights stay, and the result says it failed open", async () => {
        const result = await invoke({ action: "drain", regions: ["eu-central-1", "eu-west-1", "eu-west-3"] });
        assert.equal(result.failOpen, true);
        assert.match(result.note ?? "", /failing open/);
        assert.deepEqual(result.weights, WEIGHTS);
        assert.deepEqual(result.changed, []);
        assert.equal(route53.commandCalls(ChangeResourceRecordSetsCommand).length, 0, "nothing to change: every record already has its configured weight");
    });

    it("draining everything while one region is already drained restores it instead of zeroing all", async () => {
        current["eu-west-3"] = 0;
        const result = await invoke({ action: "drain", regions: ["eu-central-1", "eu-west-1", "eu-west-3"] });
        assert.equal(result.failOpen, true);
        assert.deepEqual(result.changed, ["api-eu-west-3"]);
        const changes = route53.commandCalls(ChangeResourceRecordSetsCommand)[0].args[0].input.ChangeBatch?.Changes ?? [];
        assert.ok(changes.every((c) => (c.ResourceRecordSet?.Weight ?? 0) > 0));
    });

    it("restore puts configured weights back", async () => {
        current["eu-central-1"] = 0;
        const result = await invoke({ action: "restore" });
        assert.deepEqual(result.changed, ["api-eu-central-1"]);
        assert.equal(route53.commandCalls(ChangeResourceRecordSetsCommand)[0].args[0].input.ChangeBatch?.Changes?.[0].ResourceRecordSet?.Weight, 70);
    });

    it("follows pagination until past the record's name and type", async () => {
        // Page 1 ends inside our records; page 2 starts at the identifier Route 53 handed back.
        route53.on(ListResourceRecordSetsCommand).callsFake((input: { StartRecordIdentifier?: string }) =>
            input.StartRecordIdentifier === undefined
                ? { IsTruncated: true, MaxItems: 1, ResourceRecordSets: [weightedRecord("eu-central-1", 70)], NextRecordName: "api.example.com.", NextRecordType: "A", NextRecordIdentifier: "api-eu-west-1" }
                : { IsTruncated: false, MaxItems: 100, ResourceRecordSets: [weightedRecord("eu-west-1", 20), weightedRecord("eu-west-3", 10)] },
        );
        const result = await invoke({ action: "drain", regions: ["eu-west-1"] });
        assert.deepEqual(result.changed, ["api-eu-west-1"]);
        const lists = route53.commandCalls(ListResourceRecordSetsCommand);
        assert.equal(lists.length, 2);
        assert.equal(lists[1].args[0].input.StartRecordIdentifier, "api-eu-west-1");
    });

    it("changes nothing when a region's record is missing", async () => {
        delete current["eu-west-3"];
        await assert.rejects(invoke({ action: "drain", regions: ["eu-central-1"] }), /no weighted A record api\.example\.com .* for eu-west-3 \(set identifier api-eu-west-3\)/);
        assert.equal(route53.commandCalls(ChangeResourceRecordSetsCommand).length, 0);
    });

    it("refuses unknown regions, malformed commands, and drains without a hosted zone", async () => {
        await assert.rejects(invoke({ action: "drain", regions: ["us-east-1"] }), /drain: us-east-1 is not one of eu-central-1, eu-west-1, eu-west-3/);
        await assert.rejects(invoke({ action: "drain" }), /expected \{ "action": "drain", "regions"/);
        const noZone = { [HEALTH_SETTINGS_ENV]: JSON.stringify({ ...settings, route53: undefined }) };
        await assert.rejects(handleHealthInvocation({ action: "restore" }, undefined, noZone, {}), /no Route 53 hosted zone is configured/);
        assert.equal(route53.commandCalls(ChangeResourceRecordSetsCommand).length, 0);
    });
});
