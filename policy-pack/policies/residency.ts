import { awsModuleOf, DATA_HOLDING_TYPES, globalServiceReason, isAwsType } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy } from "./lib/define";
import type { EffectiveRegion, ResourceView } from "./lib/resource";
import {
    holdsPersonalData,
    regionNotAllowed,
    RESIDENCY_CONFIG_PROPERTIES,
    taggedZone,
    zoneOf,
    type ResidencyConfig,
} from "./lib/zones";

/**
 * GDPR data residency, resource by resource: where a resource is created must be a region its
 * zone allows. Replicas and copies are in replicas.ts and linkedReplicas.ts, Bedrock in bedrock.ts.
 */

export function describeRegion(r: EffectiveRegion): string {
    return r.source === "resource" ? `${r.region} (its region input)` : `${r.region} (its provider's region)`;
}

export const regionAllowed = resourcePolicy<ResidencyConfig>({
    name: "residency-region-allowed",
    description: "Every regional AWS resource is created in a region its residency zone allows (EU personal data: EU member-state regions only).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: { properties: RESIDENCY_CONFIG_PROPERTIES },
    remediationSteps: "Create the resource with the provider of a region in its zone, or correct its DataResidency tag.",
    types: "any",
    check: (r, cfg, report, notApplicable) => {
        if (!isAwsType(r.type)) return notApplicable("not an AWS resource (components are checked through their children)");
        const where = r.region();
        const exempt = globalServiceReason(r.type, r.props, where.region);
        if (exempt) return notApplicable(`exempt: ${exempt}`);
        if (where.region === undefined) {
            report(`${r.label}: cannot determine its region (no region input, and its provider sets none); `
                + "expected an explicit region on the resource or its provider (or aws:region for the default provider), so residency can be checked");
            return;
        }
        checkZoneRegion(r, cfg, { region: where.region, source: where.source }, report);
    },
});

function checkZoneRegion(r: ResourceView, cfg: ResidencyConfig, where: EffectiveRegion & { region: string }, report: (m: string) => void): void {
    const zone = zoneOf(r, cfg, where.region);
    if (zone.kind === "undetermined") {
        if (DATA_HOLDING_TYPES.includes(r.type)) {
            report(`${r.label} holds data in ${where.region} but belongs to no residency zone; expected a ${cfg.zoneTagKey} tag `
                + `(on it or its provider's defaultTags) or regionZones["${where.region}"] / defaultZone in the policy config`);
        }
        return;
    }
    if (zone.kind === "no-zone") {
        if (DATA_HOLDING_TYPES.includes(r.type) && holdsPersonalData(r, cfg)) {
            report(`${r.label} holds personal data in ${where.region} but ${zone.source}="${zone.value}" binds it to no zone; `
                + `expected the zone whose data it holds, or ${cfg.classificationTagKey}=internal/public`);
        }
        return;
    }
    if (!holdsPersonalData(r, cfg)) return; // only personal data is bound to its zone
    const why = regionNotAllowed(cfg, zone.zone, where.region);
    if (why) report(`${r.label} holds zone "${zone.zone}" personal data (${zone.source}) in ${describeRegion(where)}: ${why}`);
}

interface GlobalServicesConfig extends ResidencyConfig {
    readonly ignoreProviderDefaultTagsFor: readonly string[];
}

export const globalServicesHoldNoPersonalData = resourcePolicy<GlobalServicesConfig>({
    name: "residency-global-services-no-personal-data",
    description: "Global services AWS runs outside any one region (CloudFront, its us-east-1 ACM certificate, CLOUDFRONT-scope WAF, Route 53, Global Accelerator, IAM) are exempt from the region rule, so they must not be tagged as holding a zone's personal data.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            ...RESIDENCY_CONFIG_PROPERTIES,
            ignoreProviderDefaultTagsFor: prop.strings(
                "AWS modules whose resources hold no data, so only their own tags count, not default tags inherited from a regional provider.",
                ["iam"],
            ),
        },
    },
    remediationSteps: "Create global resources with the global-services provider (no residency tags), or tag them DataClassification=internal/public or DataResidency=global.",
    types: "any",
    check: (r, cfg, report, notApplicable) => {
        if (!isAwsType(r.type)) return notApplicable("not an AWS resource");
        const reason = globalServiceReason(r.type, r.props, r.region().region);
        if (!reason) return notApplicable("a regional resource (see residency-region-allowed)");
        const onlyOwnTags = cfg.ignoreProviderDefaultTagsFor.includes(awsModuleOf(r.type) ?? "");
        const view: ResourceView = onlyOwnTags ? { ...r, providerDefaultTags: () => ({}), tags: () => r.ownTags() } : r;
        const zone = taggedZone(view, cfg);
        const classification = view.tags()[cfg.classificationTagKey];
        const personal = classification !== undefined
            ? cfg.personalClassifications.map((c) => c.toLowerCase()).includes(classification.trim().toLowerCase())
            : zone.kind === "zone" && cfg.unclassifiedIsPersonal;
        if (!personal) return;
        const said = [
            zone.kind === "zone" ? `${zone.source}="${zone.zone}"` : undefined,
            classification !== undefined ? `${cfg.classificationTagKey}="${classification}"` : `no ${cfg.classificationTagKey} tag (unclassified counts as personal)`,
        ].filter((s) => s !== undefined).join(", ");
        report(`${r.label} is exempt from residency as ${reason}, yet its tags say it holds personal data (${said}); `
            + `expected no personal data on global resources: ${cfg.classificationTagKey}=internal or public, or ${cfg.zoneTagKey}=global`);
    },
});
