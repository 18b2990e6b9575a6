import * as assert from "node:assert/strict";
import { FAILOVER_SETTINGS_ENV, HEALTH_SETTINGS_ENV } from "../../functions/contract";
import { parseFailoverSettings, parseHealthSettings, readFailoverSettings, readHealthSettings } from "../../functions/settings";
import { failoverSettings, step } from "../support/bedrockFixtures";

const good = failoverSettings([step(undefined, { region: "eu-central-1" }), step(undefined, { region: "eu-west-1", api: "invoke", modelId: "eu.meta.llama3-2-3b-instruct-v1:0" })]);

function withChange(path: (s: Record<string, unknown>) => void): unknown {
    const copy = JSON.parse(JSON.stringify(good)) as Record<string, unknown>;
    path(copy);
    return copy;
}

describe("failover settings", () => {
    it("round-trips valid settings through the environment", () => {
        const read = readFailoverSettings({ [FAILOVER_SETTINGS_ENV]: JSON.stringify(good) });
        assert.deepEqual(JSON.parse(JSON.stringify(read)), JSON.parse(JSON.stringify(good)));
    });

    const bad: Array<[string, unknown, RegExp]> = [
        ["no chain", withChange((s) => (s.chain = [])), /chain: expected at least one step/],
        ["negative timeout", withChange((s) => ((s.chain as Array<Record<string, unknown>>)[0].timeoutMs = -1)), /chain\[0\]\.timeoutMs: expected a positive integer/],
        ["unknown api", withChange((s) => ((s.chain as Array<Record<string, unknown>>)[1].api = "stream")), /chain\[1\]\.api: expected "converse" or "invoke"/],
        ["invoke for a family without an adapter", withChange((s) => ((s.chain as Array<Record<string, unknown>>)[1].modelId = "amazon.nova-pro-v1:0")), /chain\[1\]\.modelId: no InvokeModel body format/],
        ["bad endpoint", withChange((s) => ((s.chain as Array<Record<string, unknown>>)[0].endpointUrl = "vpce-123")), /chain\[0\]\.endpointUrl: expected an http\(s\) URL/],
        ["missing residency", withChange((s) => delete s.residency), /residency: expected a non-empty string/],
        ["hedge not a number", withChange((s) => (s.hedgeDelayMs = "50")), /hedgeDelayMs: expected a positive integer/],
    ];
    for (const [description, raw, message] of bad) {
        it(`refuses ${description}`, () => assert.throws(() => parseFailoverSettings(raw), { message }));
    }

    it("names the variable when it is missing or not JSON", () => {
        assert.throws(() => readFailoverSettings({}), /BEDROCK_FAILOVER_SETTINGS is not set/);
        assert.throws(() => readFailoverSettings({ [FAILOVER_SETTINGS_ENV]: "{" }), /BEDROCK_FAILOVER_SETTINGS is not valid JSON/);
    });
});

describe("health settings", () => {
    const target = { region: "eu-central-1", endpointUrl: "https://eu.example.com/healthz", probeModelId: "m", probeTimeoutMs: 2000, baselineLatencyMs: 300, weight: 70 };
    const health = { targets: [target], failureThreshold: 3, recoveryThreshold: 2, metricNamespace: "AiPlatform/Health", probeIntervalMs: 10000, runForMs: 55000 };

    it("reads valid settings", () => {
        assert.equal(readHealthSettings({ [HEALTH_SETTINGS_ENV]: JSON.stringify(health) }).targets[0].weight, 70);
    });

    const bad: Array<[string, unknown, RegExp]> = [
        ["duplicate regions", { ...health, targets: [target, target] }, /region eu-central-1 appears twice/],
        ["negative weight", { ...health, targets: [{ ...target, weight: -1 }] }, /targets\[0\]\.weight: expected a non-negative integer/],
        ["no interval", { ...health, probeIntervalMs: undefined }, /probeIntervalMs: expected a positive integer/],
        ["bad record type", { ...health, route53: { hostedZoneId: "Z1", recordName: "api.example.com", recordType: "MX" } }, /route53\.recordType: expected A, AAAA or CNAME/],
    ];
    for (const [description, raw, message] of bad) {
        it(`refuses ${description}`, () => assert.throws(() => parseHealthSettings(raw), { message }));
    }
});
