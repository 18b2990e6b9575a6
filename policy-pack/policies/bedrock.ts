import { parseArn } from "./lib/arn";
import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy, type Report } from "./lib/define";
import { decodeJson, isRecord, list, record, str, strings } from "./lib/props";
import type { ResourceView } from "./lib/resource";
import {
    allowedRegions,
    regionNotAllowed,
    RESIDENCY_CONFIG_PROPERTIES,
    zoneOf,
    type ResidencyConfig,
} from "./lib/zones";

/**
 * Bedrock calls process prompts (personal data) where the model runs. A regional model ID runs in
 * the region called; a cross-region inference profile (`eu.`, `us.`, `apac.` ...) routes inside its
 * geography; a `global.` profile may route to any commercial region. The failover Lambda gets its
 * chain of (region, model) through an environment variable (functions/contract.ts), so that JSON
 * is checked here, before anything is deployed, as well as the IAM grants on bedrock ARNs.
 */

export interface BedrockConfig extends ResidencyConfig {
    /** Inference-profile prefix -> the zone whose data may use it. Prefixes not listed (e.g. global) fit no zone. */
    readonly profilePrefixZones: Readonly<Record<string, string>>;
    /** Lambda environment variables that hold failover settings JSON ({ residency, allowedRegions, chain }). */
    readonly settingsEnvironmentVariables: readonly string[];
}

export const DEFAULT_PROFILE_PREFIX_ZONES: Readonly<Record<string, string>> = {
    eu: "eu", us: "us", "us-gov": "us", apac: "apac", jp: "apac", au: "apac", ca: "ca",
};

/** Geographic prefixes a model ID can start with; anything else (anthropic., amazon.) is a vendor. */
function geoPrefix(modelId: string, cfg: BedrockConfig): string | undefined {
    const first = modelId.split(".")[0];
    return first === "global" || first in cfg.profilePrefixZones ? first : undefined;
}

/**
 * Why a model ID (or a bedrock ARN of a model or profile) may process `zone` data outside it, or
 * undefined. A plain regional ID runs in the region it is called in, which the caller checks.
 */
export function modelIdIssue(modelId: string, zone: string, cfg: BedrockConfig): string | undefined {
    const arn = parseArn(modelId);
    if (arn) {
        if (arn.region === "" || arn.region.includes("*")) return `${modelId} names no single region`;
        const regionIssue = regionNotAllowed(cfg, zone, arn.region);
        if (regionIssue) return regionIssue;
        const id = arn.resource.slice(arn.resource.indexOf("/") + 1);
        return arn.resource.startsWith("inference-profile/") ? modelIdIssue(id, zone, cfg) : undefined;
    }
    const prefix = geoPrefix(modelId, cfg);
    if (prefix === undefined) return undefined;
    if (prefix === "global") return `"${modelId}" is a global inference profile, which may route to any commercial region; expected a "${zone}." profile or a regional model ID`;
    const profileZone = cfg.profilePrefixZones[prefix];
    if (profileZone.toLowerCase() !== zone) return `"${modelId}" routes inference within the "${prefix}" geography (zone "${profileZone}"), outside zone "${zone}"`;
    return undefined;
}

function checkFailoverSettings(r: ResourceView, cfg: BedrockConfig, variable: string, raw: string, report: Report): void {
    const where = `${r.label}: environment variable ${variable}`;
    const settings = decodeJson(raw);
    if (!isRecord(settings)) {
        report(`${where} is not a JSON object; expected failover settings { residency, allowedRegions, chain }`);
        return;
    }
    const zone = str(settings.residency)?.trim().toLowerCase();
    if (zone === undefined) {
        report(`${where} has no residency; expected the zone of the data it serves, e.g. "eu"`);
        return;
    }
    const allowed = allowedRegions(cfg, zone);
    if (allowed === undefined) {
        report(`${where}: residency "${zone}" has no allowed regions in the policy config (zones: ${Object.keys(cfg.zones).join(", ")})`);
        return;
    }
    const own = zoneOf(r, cfg, r.region().region);
    if (own.kind === "zone" && own.zone !== zone) {
        report(`${where} serves zone "${zone}" but the function itself is in zone "${own.zone}" (${own.source}); expected the same zone`);
    }
    const guard = strings(settings.allowedRegions);
    for (const region of guard.filter((g) => !allowed.includes(g))) {
        report(`${where}: allowedRegions includes ${region}, so the runtime residency guard would let zone "${zone}" data go there; allowed: ${allowed.join(", ")}`);
    }
    list(settings.chain).forEach((step, i) => {
        const s = record(step);
        const region = str(s?.region);
        const modelId = str(s?.modelId);
        const at = `${where}: chain[${i}]`;
        if (region === undefined || modelId === undefined) {
            report(`${at} lacks region or modelId; expected both, so residency can be checked`);
            return;
        }
        const regionIssue = regionNotAllowed(cfg, zone, region);
        if (regionIssue) report(`${at} calls Bedrock in ${region}: ${regionIssue}`);
        else if (!guard.includes(region)) report(`${at} calls ${region}, which allowedRegions (${guard.join(", ")}) does not include, so the runtime guard would refuse it; expected it listed`);
        const modelIssue = modelIdIssue(modelId, zone, cfg);
        if (modelIssue) report(`${at} model ${modelId}: ${modelIssue}`);
    });
}

export const bedrockInZone = resourcePolicy<BedrockConfig>({
    name: "residency-bedrock-in-zone",
    description: "Bedrock inference for a zone's data stays in the zone: failover chains (Lambda settings JSON) call only allowed regions with regional model IDs or same-geography profiles (eu. for EU; never global.). IAM grants on models are checked by residency-identity-grants, in the zone of the compute that assumes the role.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            ...RESIDENCY_CONFIG_PROPERTIES,
            profilePrefixZones: prop.stringMap("Cross-region inference-profile prefix -> the zone whose data may use it; unlisted prefixes such as global fit no zone.", DEFAULT_PROFILE_PREFIX_ZONES),
            settingsEnvironmentVariables: prop.strings("Lambda environment variables holding failover settings JSON ({ residency, allowedRegions, chain: [{ region, modelId }] }).", ["BEDROCK_FAILOVER_SETTINGS"]),
        },
    },
    remediationSteps: "Use eu.* inference profiles or regional model IDs in EU regions for EU data; list only the zone's regions in allowedRegions and IAM resources.",
    types: [T.lambdaFunction],
    check: (r, cfg, report, notApplicable) => {
        const variables = record(record(r.props.environment)?.variables) ?? {};
        const present = cfg.settingsEnvironmentVariables.filter((v) => variables[v] !== undefined);
        if (present.length === 0) return notApplicable("no Bedrock failover settings in its environment");
        for (const v of present) {
            const raw = variables[v];
            checkFailoverSettings(r, cfg, v, typeof raw === "string" ? raw : JSON.stringify(raw), report);
        }
    },
});
