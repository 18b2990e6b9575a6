import { awsRegion } from "../../config/awsRegions";
import { routingTableOf, type EdgeRoutingTable } from "../../components/global/edgeFunction";
import type { PlannedResource } from "../model";
import { T } from "../resourceTypes";
import { dnsName, str } from "../values";

/**
 * The routing graph as the registered resources describe it (never the config): which regions
 * exist and in which zone, every accelerator's endpoint groups and dials, every Route 53 record by
 * name, every CloudFront distribution's origins, origin groups and residency function. Links go
 * through what the inputs carry: ARNs, DNS names and IDs (as the provider answered them).
 */

export type Target =
    | { readonly kind: "region"; readonly region: string }
    | { readonly kind: "accelerator"; readonly id: string }
    | { readonly kind: "name"; readonly name: string }
    | { readonly kind: "unknown"; readonly what: string };

export interface EndpointGroup {
    readonly region: string;
    readonly dial: number;
}

export interface Accelerator {
    readonly id: string;
    readonly name: string;
    readonly groups: readonly EndpointGroup[];
}

export interface DnsRecord {
    readonly name: string;
    readonly setIdentifier?: string;
    /** Weight of a weighted record; undefined for a simple record. */
    readonly weight?: number;
    /** Carries a health check, or evaluates its alias target's health. */
    readonly healthChecked: boolean;
    readonly target: Target;
}

export interface Distribution {
    readonly name: string;
    readonly origins: Readonly<Record<string, Target>>;
    /** Origin group ID -> [primary, secondary] origin IDs. */
    readonly groups: Readonly<Record<string, readonly [string, string]>>;
    readonly defaultTarget: string;
    /** The residency function's table, when a viewer-request function carries one. */
    readonly edgeTable?: EdgeRoutingTable;
}

export interface RoutingGraph {
    /** Region -> residency zone, for every region that holds a load balancer. */
    readonly regionZones: Readonly<Record<string, string>>;
    readonly accelerators: Readonly<Record<string, Accelerator>>;
    readonly records: Readonly<Record<string, readonly DnsRecord[]>>;
    readonly distributions: readonly Distribution[];
}


const arr = (v: unknown): Record<string, unknown>[] => (Array.isArray(v) ? v.filter((x): x is Record<string, unknown> => typeof x === "object" && x !== null) : []);

/** Region of an ELB DNS name (`...elb.<region>.amazonaws.com`) or an ARN (`arn:aws:<svc>:<region>:...`). */
export function regionOfEndpoint(value: string): string | undefined {
    const dns = /\.elb\.([a-z0-9-]+)\.amazonaws\.com$/.exec(value);
    if (dns) return dns[1];
    const arn = /^arn:aws[a-z-]*:elasticloadbalancing:([a-z0-9-]+):/.exec(value);
    return arn ? arn[1] : undefined;
}

/**
 * A provider's default tags: the engine receives a provider's nested inputs as JSON text, so the
 * recorded `defaultTags` is a string there and an object when a test builds the record by hand.
 */
function providerDefaultTags(r: PlannedResource): Record<string, unknown> {
    let raw = r.provider?.inputs.defaultTags;
    if (typeof raw === "string") {
        try {
            raw = JSON.parse(raw) as unknown;
        } catch {
            return {};
        }
    }
    return ((raw as { tags?: Record<string, unknown> } | undefined)?.tags) ?? {};
}

function zoneOf(r: PlannedResource): string | undefined {
    const tags = providerDefaultTags(r);
    return str((r.inputs.tags as Record<string, unknown> | undefined)?.DataResidency) ?? str(tags.DataResidency) ?? awsRegion(r.region)?.jurisdiction;
}

export function routingGraph(resources: readonly PlannedResource[]): RoutingGraph {
    const byUrn = new Map(resources.map((r) => [r.urn, r]));
    const ofType = (t: string) => resources.filter((r) => r.type === t);

    const regionZones: Record<string, string> = {};
    for (const nlb of ofType(T.loadBalancer)) {
        const zone = zoneOf(nlb);
        if (zone && nlb.region !== "global") regionZones[nlb.region] = zone;
    }

    const accelerators: Record<string, Accelerator & { groups: EndpointGroup[] }> = {};
    const acceleratorKey = (r: PlannedResource) => r.id ?? r.urn;
    // What other resources hold of an accelerator (its ARN, its DNS name), as the mocks answered
    // them (the recorded state), to find it again from a listener or a CloudFront origin.
    const acceleratorByArn = new Map<string, string>();
    const acceleratorByDns = new Map<string, string>();
    for (const a of ofType(T.accelerator)) {
        const key = acceleratorKey(a);
        accelerators[key] = { id: key, name: str(a.inputs.name) ?? a.name, groups: [] };
        for (const arn of [str(a.state?.arn), a.id]) if (arn) acceleratorByArn.set(arn, key);
        const dns = str(a.state?.dnsName);
        if (dns) acceleratorByDns.set(dnsName(dns), key);
    }
    const listeners = ofType(T.gaListener);
    const acceleratorOfListener = (l: PlannedResource): string | undefined => {
        const arn = str(l.inputs.acceleratorArn);
        if (arn && acceleratorByArn.has(arn)) return acceleratorByArn.get(arn);
        const fromArn = arn ? /accelerator\/([^/]+)/.exec(arn)?.[1] : undefined;
        if (fromArn && accelerators[fromArn]) return fromArn;
        const parent = l.parentUrn ? byUrn.get(l.parentUrn) : undefined;
        return parent?.type === T.accelerator ? acceleratorKey(parent) : undefined;
    };
    for (const g of ofType(T.endpointGroup)) {
        const listenerArn = str(g.inputs.listenerArn) ?? "";
        const listenerId = listenerArn.split("/").pop();
        const listener =
            listeners.find((l) => l.id !== undefined && (l.id === listenerArn || l.id === listenerId || str(l.state?.arn) === listenerArn)) ??
            (g.parentUrn ? byUrn.get(g.parentUrn) : undefined);
        const acc = listener?.type === T.gaListener ? acceleratorOfListener(listener) : undefined;
        const endpoints = arr(g.inputs.endpointConfigurations).map((e) => str(e.endpointId)).filter((x): x is string => x !== undefined);
        const region = str(g.inputs.endpointGroupRegion) ?? endpoints.map(regionOfEndpoint).find((x) => x !== undefined);
        if (acc && region) accelerators[acc].groups.push({ region, dial: typeof g.inputs.trafficDialPercentage === "number" ? g.inputs.trafficDialPercentage : 100 });
    }

    const targetOf = (name: string): Target => {
        const n = dnsName(name);
        const ga = /^([^.]+)\.awsglobalaccelerator\.com$/.exec(n);
        if (ga) {
            const key = acceleratorByDns.get(n) ?? (accelerators[ga[1]] ? ga[1] : undefined);
            return key ? { kind: "accelerator", id: key } : { kind: "unknown", what: n };
        }
        const region = regionOfEndpoint(n);
        if (region) return { kind: "region", region };
        return { kind: "name", name: n };
    };

    const records: Record<string, DnsRecord[]> = {};
    for (const r of ofType(T.record)) {
        const name = str(r.inputs.name);
        const alias = arr(r.inputs.aliases)[0];
        const aliasName = alias ? str(alias.name) : undefined;
        const values = Array.isArray(r.inputs.records) ? r.inputs.records.filter((x): x is string => typeof x === "string") : [];
        const pointsTo = aliasName ?? values[0];
        if (!name || !pointsTo) continue;
        const weighted = arr(r.inputs.weightedRoutingPolicies)[0];
        (records[dnsName(name)] ??= []).push({
            name: dnsName(name),
            setIdentifier: str(r.inputs.setIdentifier),
            weight: weighted ? (typeof weighted.weight === "number" ? weighted.weight : 0) : undefined,
            healthChecked: str(r.inputs.healthCheckId) !== undefined || alias?.evaluateTargetHealth === true,
            target: targetOf(pointsTo),
        });
    }

    const functions = ofType(T.cloudfrontFunction);
    const distributions: Distribution[] = ofType(T.distribution).map((d) => {
        const origins: Record<string, Target> = {};
        for (const o of arr(d.inputs.origins)) {
            const id = str(o.originId);
            const domain = str(o.domainName);
            if (id && domain) origins[id] = targetOf(domain);
        }
        const groups: Record<string, readonly [string, string]> = {};
        for (const g of arr(d.inputs.originGroups)) {
            const members = arr(g.members).map((m) => str(m.originId)).filter((x): x is string => x !== undefined);
            const id = str(g.originId);
            if (id && members.length === 2) groups[id] = [members[0], members[1]];
        }
        const behavior = (d.inputs.defaultCacheBehavior ?? {}) as Record<string, unknown>;
        const fnArns = arr(behavior.functionAssociations).filter((f) => f.eventType === "viewer-request").map((f) => str(f.functionArn));
        const fn = functions.find((f) => fnArns.some((a) => a !== undefined && f.id !== undefined && a.endsWith(`/${f.id}`)));
        const code = fn ? str(fn.inputs.code) : undefined;
        return { name: d.name, origins, groups, defaultTarget: str(behavior.targetOriginId) ?? "", edgeTable: code ? routingTableOf(code) : undefined };
    });

    return { regionZones, accelerators, records, distributions };
}
