import { awsRegion, MULTI_COUNTRY_REGIMES } from "./awsRegions";
import type { ConfigIssue } from "./errors";

/** The slice of a region's config these rules read (kept structural to avoid an import cycle). */
interface ZonedRegion {
    readonly residency: string;
}

/**
 * A residency zone must be one legal regime. The EU is one (GDPR); every other zone that covers
 * several countries (`apac`: Hong Kong, Taiwan, India, Japan, Korea, Singapore, Australia,
 * Indonesia, Malaysia, Thailand; `me`: Bahrain, UAE) would let failover and replication carry
 * personal data across borders without anyone having decided so. Such a zone may hold regions of
 * one country only; to use several countries, give each its own zone by country code
 * (`residency: jp`, `residency: sg`).
 */
export function zoneCountryIssues(map: Readonly<Record<string, ZonedRegion>>): ConfigIssue[] {
    const countriesOf = new Map<string, Map<string, string[]>>();
    for (const [code, r] of Object.entries(map)) {
        const info = awsRegion(code);
        if (!info || MULTI_COUNTRY_REGIMES.includes(r.residency)) continue;
        const byCountry = countriesOf.get(r.residency) ?? new Map<string, string[]>();
        byCountry.set(info.country, [...(byCountry.get(info.country) ?? []), code]);
        countriesOf.set(r.residency, byCountry);
    }
    const issues: ConfigIssue[] = [];
    for (const [zone, byCountry] of countriesOf) {
        if (byCountry.size < 2) continue;
        const parts = [...byCountry].map(([country, codes]) => `${country} (${codes.join(", ")})`).join(", ");
        for (const codes of byCountry.values()) {
            for (const code of codes) {
                issues.push({
                    key: `regions.${code}.residency`,
                    message: `zone "${zone}" spans ${byCountry.size} countries: ${parts}; a zone other than eu must be one country: use a country zone such as "${[...byCountry.keys()][0].toLowerCase()}"`,
                });
            }
        }
    }
    return issues;
}
