/**
 * The stack's DNS names (contract "Names" in the cross-team notes). Pure: no Pulumi import.
 *
 * - `<entry>` (domain.recordName): users' entry, alias to CloudFront.
 * - `<zone>.<zoneName>` (zoneEntryName): the zone's own entry, alias to the zone's accelerator,
 *   which holds endpoint groups of that zone only. CloudFront's primary origin for the zone.
 * - `<zone>.<regionalRecordName>.<zoneName>` (zoneWeightedName): the zone's weighted, health-checked
 *   record set, one record per region of that zone only. CloudFront's secondary origin for the zone.
 * - `<region>.<zoneName>` (regionName): one region's NLB; the Route 53 health checks and the health
 *   Lambda probe it. Never an ELB or accelerator host name: no public certificate can name those.
 *
 * Every name a load balancer answers for is on that region's certificate (ingressCertificateNames).
 */

/** A domain: its hosted zone name, and the label of the weighted record sets. */
export interface DomainNameInput {
    readonly zoneName: string;
    readonly regionalRecordName?: string;
}

type Domain = string | DomainNameInput;

const zoneNameOf = (domain: Domain): string => (typeof domain === "string" ? domain : domain.zoneName);
const regionalLabelOf = (domain: Domain): string => (typeof domain === "string" ? "regional" : domain.regionalRecordName ?? "regional");

const LABEL = /^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/;

function label(value: string, what: string): string {
    if (!LABEL.test(value)) throw new Error(`${what} "${value}" is not a lowercase DNS label`);
    return value;
}

/** `<zone>.<zoneName>`, e.g. eu.ai-platform.example.com. */
export function zoneEntryName(domain: Domain, zone: string): string {
    return `${label(zone, "residency zone")}.${zoneNameOf(domain)}`;
}

/** `<zone>.<regionalRecordName>.<zoneName>`, e.g. eu.regional.ai-platform.example.com. */
export function zoneWeightedName(domain: Domain, zone: string): string {
    return `${label(zone, "residency zone")}.${label(regionalLabelOf(domain), "regional record name")}.${zoneNameOf(domain)}`;
}

/** `<region>.<zoneName>`, e.g. eu-central-1.ai-platform.example.com. */
export function regionName(domain: Domain, regionCode: string): string {
    return `${label(regionCode, "region code")}.${zoneNameOf(domain)}`;
}

/**
 * The names one region's load balancer answers for: its own name first (the certificate's
 * domainName), then its zone's entry and weighted set (CloudFront's origins reach it by those).
 */
export function ingressCertificateNames(domain: Domain, regionCode: string, zone: string): string[] {
    return [regionName(domain, regionCode), zoneEntryName(domain, zone), zoneWeightedName(domain, zone)];
}
