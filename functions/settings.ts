/**
 * Reads the Lambdas' settings from their environment (JSON per functions/contract.ts) and checks
 * them once per cold start, so a bad deployment fails with a message naming the field instead of
 * misrouting requests. Hand-written rather than zod: whatever the handlers import ships in the
 * Lambda zip, and zod alone is several hundred KB.
 */
import {
    FAILOVER_SETTINGS_ENV,
    HEALTH_SETTINGS_ENV,
    type ChainStep,
    type FailoverSettings,
    type HealthCheckSettings,
    type HealthTarget,
} from "./contract";
import { invokeFamily } from "./failover/invokeBodies";

export type Env = Readonly<Record<string, string | undefined>>;

export function readFailoverSettings(env: Env): FailoverSettings {
    return parseFailoverSettings(readJson(env, FAILOVER_SETTINGS_ENV));
}

export function readHealthSettings(env: Env): HealthCheckSettings {
    return parseHealthSettings(readJson(env, HEALTH_SETTINGS_ENV));
}

export function parseFailoverSettings(raw: unknown): FailoverSettings {
    const s = object(raw, FAILOVER_SETTINGS_ENV);
    const settings: FailoverSettings = {
        residency: text(s.residency, "residency"),
        allowedRegions: list(s.allowedRegions, "allowedRegions").map((r, i) => text(r, `allowedRegions[${i}]`)),
        chain: list(s.chain, "chain").map((step, i) => parseChainStep(step, `chain[${i}]`)),
        hedgeDelayMs: positive(s.hedgeDelayMs, "hedgeDelayMs"),
        overallDeadlineMs: positive(s.overallDeadlineMs, "overallDeadlineMs"),
        allowGlobalInferenceProfiles: optionalBoolean(s.allowGlobalInferenceProfiles, "allowGlobalInferenceProfiles"),
        firstTokenTimeoutMs: positive(s.firstTokenTimeoutMs, "firstTokenTimeoutMs"),
        firstTokenHedgeMs: positive(s.firstTokenHedgeMs, "firstTokenHedgeMs"),
        stallTimeoutMs: positive(s.stallTimeoutMs, "stallTimeoutMs"),
        msPerOutputToken: nonNegative(s.msPerOutputToken, "msPerOutputToken"),
        maxOutputTokens: positive(s.maxOutputTokens, "maxOutputTokens"),
        loopbackEndpointsForTests: optionalBoolean(s.loopbackEndpointsForTests, "loopbackEndpointsForTests"),
    };
    if (settings.chain.length === 0) throw new Error("chain: expected at least one step");
    if (settings.firstTokenHedgeMs > settings.firstTokenTimeoutMs) throw new Error(`firstTokenHedgeMs: expected at most firstTokenTimeoutMs (${settings.firstTokenTimeoutMs}), got ${settings.firstTokenHedgeMs}`);
    return settings;
}

function parseChainStep(raw: unknown, at: string): ChainStep {
    const s = object(raw, at);
    const api = s.api;
    if (api !== "converse" && api !== "invoke") throw new Error(`${at}.api: expected "converse" or "invoke", got ${JSON.stringify(api)}`);
    const modelId = text(s.modelId, `${at}.modelId`);
    if (api === "invoke" && !invokeFamily(modelId)) {
        throw new Error(`${at}.modelId: no InvokeModel body format for ${modelId} (supported: anthropic, amazon.titan-text, meta.llama); use api "converse"`);
    }
    return {
        region: text(s.region, `${at}.region`),
        modelId,
        api,
        timeoutMs: positive(s.timeoutMs, `${at}.timeoutMs`),
        breakerThreshold: positive(s.breakerThreshold, `${at}.breakerThreshold`),
        breakerCooldownMs: positive(s.breakerCooldownMs, `${at}.breakerCooldownMs`),
        endpointUrl: optionalUrl(s.endpointUrl, `${at}.endpointUrl`),
    };
}

export function parseHealthSettings(raw: unknown): HealthCheckSettings {
    const s = object(raw, HEALTH_SETTINGS_ENV);
    const route53 = s.route53 === undefined ? undefined : object(s.route53, "route53");
    const recordType = route53?.recordType;
    if (route53 && recordType !== "A" && recordType !== "AAAA" && recordType !== "CNAME") {
        throw new Error(`route53.recordType: expected A, AAAA or CNAME, got ${JSON.stringify(recordType)}`);
    }
    const settings: HealthCheckSettings = {
        targets: list(s.targets, "targets").map((t, i) => parseTarget(t, `targets[${i}]`)),
        failureThreshold: positive(s.failureThreshold, "failureThreshold"),
        recoveryThreshold: positive(s.recoveryThreshold, "recoveryThreshold"),
        metricNamespace: text(s.metricNamespace, "metricNamespace"),
        probeIntervalMs: positive(s.probeIntervalMs, "probeIntervalMs"),
        runForMs: positive(s.runForMs, "runForMs"),
        route53:
            route53 && (recordType === "A" || recordType === "AAAA" || recordType === "CNAME")
                ? { hostedZoneId: text(route53.hostedZoneId, "route53.hostedZoneId"), recordName: text(route53.recordName, "route53.recordName"), recordType }
                : undefined,
    };
    if (settings.targets.length === 0) throw new Error("targets: expected at least one region");
    const regions = settings.targets.map((t) => t.region);
    const duplicate = regions.find((r, i) => regions.indexOf(r) !== i);
    if (duplicate) throw new Error(`targets: region ${duplicate} appears twice`);
    return settings;
}

function parseTarget(raw: unknown, at: string): HealthTarget {
    const s = object(raw, at);
    const weight = s.weight;
    if (typeof weight !== "number" || !Number.isInteger(weight) || weight < 0) throw new Error(`${at}.weight: expected a non-negative integer, got ${JSON.stringify(weight)}`);
    return {
        region: text(s.region, `${at}.region`),
        endpointUrl: url(s.endpointUrl, `${at}.endpointUrl`),
        probeModelId: text(s.probeModelId, `${at}.probeModelId`),
        probeTimeoutMs: positive(s.probeTimeoutMs, `${at}.probeTimeoutMs`),
        baselineLatencyMs: positive(s.baselineLatencyMs, `${at}.baselineLatencyMs`),
        weight,
        setIdentifier: s.setIdentifier === undefined ? undefined : text(s.setIdentifier, `${at}.setIdentifier`),
        failureThreshold: s.failureThreshold === undefined ? undefined : positive(s.failureThreshold, `${at}.failureThreshold`),
        recoveryThreshold: s.recoveryThreshold === undefined ? undefined : positive(s.recoveryThreshold, `${at}.recoveryThreshold`),
        bedrockEndpointUrl: optionalUrl(s.bedrockEndpointUrl, `${at}.bedrockEndpointUrl`),
    };
}

function readJson(env: Env, name: string): unknown {
    const value = env[name];
    if (value === undefined || value === "") throw new Error(`environment variable ${name} is not set`);
    try {
        return JSON.parse(value);
    } catch (err) {
        throw new Error(`environment variable ${name} is not valid JSON: ${err instanceof Error ? err.message : String(err)}`);
    }
}

function object(v: unknown, at: string): Record<string, unknown> {
    if (typeof v !== "object" || v === null || Array.isArray(v)) throw new Error(`${at}: expected an object`);
    return v as Record<string, unknown>;
}

function list(v: unknown, at: string): unknown[] {
    if (!Array.isArray(v)) throw new Error(`${at}: expected an array`);
    return v;
}

function text(v: unknown, at: string): string {
    if (typeof v !== "string" || v.length === 0) throw new Error(`${at}: expected a non-empty string, got ${JSON.stringify(v)}`);
    return v;
}

function positive(v: unknown, at: string): number {
    if (typeof v !== "number" || !Number.isInteger(v) || v <= 0) throw new Error(`${at}: expected a positive integer, got ${JSON.stringify(v)}`);
    return v;
}

function nonNegative(v: unknown, at: string): number {
    if (typeof v !== "number" || !Number.isInteger(v) || v < 0) throw new Error(`${at}: expected a non-negative integer, got ${JSON.stringify(v)}`);
    return v;
}

function optionalBoolean(v: unknown, at: string): boolean | undefined {
    if (v !== undefined && typeof v !== "boolean") throw new Error(`${at}: expected true or false, got ${JSON.stringify(v)}`);
    return v;
}

function url(v: unknown, at: string): string {
    const s = text(v, at);
    if (!/^https?:\/\/[^\s/]+/.test(s)) throw new Error(`${at}: expected an http(s) URL, got ${JSON.stringify(s)}`);
    return s;
}

function optionalUrl(v: unknown, at: string): string | undefined {
    return v === undefined ? undefined : url(v, at);
}
