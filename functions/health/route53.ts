/**
 * Planned drains: set the weights of the regions' weighted records through the Route 53 API.
 * This is the control plane (served from us-east-1), fine for a drain an operator plans, not for
 * emergencies: those go through the health metrics and Route 53 health checks (metrics.ts).
 *
 * An UPSERT replaces a whole record, so the records are read first and written back with only
 * the weight changed: alias target, TTL, values and health check ID stay as Pulumi created them.
 */
import {
    ChangeResourceRecordSetsCommand,
    ListResourceRecordSetsCommand,
    type Change,
    type ResourceRecordSet,
    type Route53Client,
} from "@aws-sdk/client-route-53";
import type { HealthCheckSettings, HealthTarget } from "../contract";

export type Route53Settings = NonNullable<HealthCheckSettings["route53"]>;

/** Writes `weights` to the weighted records; returns the set identifiers that changed. */
export async function applyRoute53Weights(client: Route53Client, zone: Route53Settings, targets: readonly HealthTarget[], weights: Readonly<Record<string, number>>, comment: string): Promise<string[]> {
    const records = await weightedRecords(client, zone);
    const missing = targets.filter((t) => !t.setIdentifier || !records.some((r) => r.SetIdentifier === t.setIdentifier));
    if (missing.length > 0) {
        // All or nothing: a half-applied drain is harder to reason about than none.
        throw new Error(`no weighted ${zone.recordType} record ${zone.recordName} in zone ${zone.hostedZoneId} for ${missing.map((t) => `${t.region} (set identifier ${t.setIdentifier ?? "not configured"})`).join(", ")}`);
    }
    const changes: Change[] = [];
    for (const target of targets) {
        const record = records.find((r) => r.SetIdentifier === target.setIdentifier) as ResourceRecordSet;
        const weight = weights[target.region];
        if (weight !== undefined && record.Weight !== weight) changes.push({ Action: "UPSERT", ResourceRecordSet: { ...record, Weight: weight } });
    }
    if (changes.length > 0) {
        await client.send(new ChangeResourceRecordSetsCommand({ HostedZoneId: zone.hostedZoneId, ChangeBatch: { Comment: comment, Changes: changes } }));
    }
    return changes.map((c) => c.ResourceRecordSet?.SetIdentifier ?? "");
}

/** The weighted records of the configured name and type (paginated; they sort together). */
export async function weightedRecords(client: Route53Client, zone: Route53Settings): Promise<ResourceRecordSet[]> {
    const wanted = normalizeName(zone.recordName);
    const found: ResourceRecordSet[] = [];
    let next: { name?: string; type?: string; identifier?: string } = { name: zone.recordName, type: zone.recordType };
    for (let page = 0; page < 20; page++) {
        const out = await client.send(
            new ListResourceRecordSetsCommand({
                HostedZoneId: zone.hostedZoneId,
                StartRecordName: next.name,
                StartRecordType: next.type as ResourceRecordSet["Type"],
                StartRecordIdentifier: next.identifier,
            }),
        );
        const sets = out.ResourceRecordSets ?? [];
        for (const r of sets) {
            if (normalizeName(r.Name ?? "") === wanted && r.Type === zone.recordType && r.SetIdentifier !== undefined && r.Weight !== undefined) found.push(r);
        }
        const last = sets[sets.length - 1];
        const pastOurRecords = last !== undefined && (normalizeName(last.Name ?? "") !== wanted || last.Type !== zone.recordType);
        if (!out.IsTruncated || pastOurRecords) break;
        next = { name: out.NextRecordName, type: out.NextRecordType, identifier: out.NextRecordIdentifier };
    }
    return found;
}

/** Route 53 returns lower-case names with a trailing dot. */
function normalizeName(name: string): string {
    const lower = name.toLowerCase();
    return lower.endsWith(".") ? lower : `${lower}.`;
}
