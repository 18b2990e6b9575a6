import { parseArn } from "./lib/arn";
import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy, type Report } from "./lib/define";
import { identityPolicyDocuments, IDENTITY_POLICY_TYPES, policyStatements, statementLabel } from "./lib/iamDocument";
import { decodeJson, isRecord, list, record, str, strings } from "./lib/props";
import type { ResourceView } from "./lib/resource";
import {
    allowedRegions,
    holdsPersonalData,
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
    readonly checkIamPolicies: boolean;
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

const BEDROCK_ACTION = /^(\*|bedrock:\*|bedrock:(Invoke|Converse)[A-Za-z*]*)$/i;

function checkIamBedrockResources(r: ResourceView, cfg: BedrockConfig, report: Report): void {
    if (!holdsPersonalData(r, cfg)) return;
    const zone = zoneOf(r, cfg, r.region().region);
    if (zone.kind !== "zone") return; // IAM is global; only grants made for a zone are checked
    for (const { via, document } of identityPolicyDocuments(r)) {
        (policyStatements(document) ?? []).forEach((s, i) => {
            if (s.effect !== "Allow" || !s.actions.some((a) => BEDROCK_ACTION.test(a))) return;
            const invokes = s.actions.filter((a) => BEDROCK_ACTION.test(a)).join(", ");
            for (const resource of s.resources) {
                const arn = parseArn(resource);
                if (resource === "*") {
                    if (s.actions.some((a) => a !== "*")) {
                        report(`${r.label}: ${via} ${statementLabel(s, i)} allows ${invokes} on "*", i.e. models in every region, for zone "${zone.zone}" (${zone.source}); expected model and inference-profile ARNs in the zone's regions`);
                    }
                    continue;
                }
                if (!arn || arn.service !== "bedrock") continue;
                const issue = modelIdIssue(resource, zone.zone, cfg);
                if (issue) report(`${r.label}: ${via} ${statementLabel(s, i)} allows ${invokes} on ${resource} for zone "${zone.zone}" (${zone.source}): ${issue}`);
            }
        });
    }
}

export const bedrockInZone = resourcePolicy<BedrockConfig>({
    name: "residency-bedrock-in-zone",
    description: "Bedrock inference for a zone's data stays in the zone: failover chains (Lambda settings JSON) call only allowed regions with regional model IDs or same-geography profiles (eu. for EU; never global.), and IAM grants on bedrock ARNs name only the zone's regions.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            ...RESIDENCY_CONFIG_PROPERTIES,
            profilePrefixZones: prop.stringMap("Cross-region inference-profile prefix -> the zone whose data may use it; unlisted prefixes such as global fit no zone.", DEFAULT_PROFILE_PREFIX_ZONES),
            settingsEnvironmentVariables: prop.strings("Lambda environment variables holding failover settings JSON ({ residency, allowedRegions, chain: [{ region, modelId }] }).", ["BEDROCK_FAILOVER_SETTINGS"]),
            checkIamPolicies: prop.boolean("Also check IAM policies' bedrock resource ARNs against the policy's zone.", true),
        },
    },
    remediationSteps: "Use eu.* inference profiles or regional model IDs in EU regions for EU data; list only the zone's regions in allowedRegions and IAM resources.",
    types: [T.lambdaFunction, ...IDENTITY_POLICY_TYPES],
    check: (r, cfg, report, notApplicable) => {
        if (r.type === T.lambdaFunction) {
            const variables = record(record(r.props.environment)?.variables) ?? {};
            const present = cfg.settingsEnvironmentVariables.filter((v) => variables[v] !== undefined);
            if (present.length === 0) return notApplicable("no Bedrock failover settings in its environment");
            for (const v of present) {
                const raw = variables[v];
                checkFailoverSettings(r, cfg, v, typeof raw === "string" ? raw : JSON.stringify(raw), report);
            }
            return;
        }
        if (!cfg.checkIamPolicies) return notApplicable("checkIamPolicies is off");
        checkIamBedrockResources(r, cfg, report);
    },
});
