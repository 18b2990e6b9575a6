/**
 * The registered resources as a graph the request-path check can walk: by type, by any string
 * value they expose (ARNs, ids, DNS names, names), and typed readers for the fields it needs.
 * Generic on purpose: nothing here knows this program's logical names, only AWS and Kubernetes
 * resource types and the fields their providers define.
 */
import type { PlannedResource } from "../model";
import { dnsName, str } from "../values";

export type Obj = Readonly<Record<string, unknown>>;

export function obj(v: unknown): Obj {
    return typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Obj) : {};
}

export function arr(v: unknown): readonly unknown[] {
    return Array.isArray(v) ? v : [];
}

export class ResourceGraph {
    readonly all: readonly PlannedResource[];
    private readonly byType = new Map<string, PlannedResource[]>();
    private readonly byValue = new Map<string, PlannedResource[]>();

    constructor(resources: readonly PlannedResource[]) {
        this.all = resources.filter((r) => r.custom);
        for (const r of this.all) {
            const list = this.byType.get(r.type) ?? [];
            list.push(r);
            this.byType.set(r.type, list);
            for (const v of Object.values(this.state(r))) {
                if (typeof v !== "string" || v === "") continue;
                // Keyed as DNS names compare (case, trailing dot); ARNs and ids are matched the same way.
                const key = dnsName(v);
                const hits = this.byValue.get(key) ?? [];
                if (!hits.includes(r)) hits.push(r);
                this.byValue.set(key, hits);
            }
        }
    }

    /** Inputs overlaid with the mocks' outputs: what a later reader of the resource would see. */
    state(r: PlannedResource): Obj {
        return { ...r.inputs, ...(r.outputs ?? {}) };
    }

    ofType(type: string): readonly PlannedResource[] {
        return this.byType.get(type) ?? [];
    }

    /** Resources of `type` that expose `value` in any top-level string field (ARN, id, DNS name). */
    withValue(type: string, value: string | undefined): PlannedResource[] {
        if (!value) return [];
        return (this.byValue.get(dnsName(value)) ?? []).filter((r) => r.type === type);
    }

    /** Resources of `type` whose input `field` equals `value` (a reference by ARN, name or id). */
    referencing(type: string, field: string, value: string | undefined): PlannedResource[] {
        if (!value) return [];
        return this.ofType(type).filter((r) => str(r.inputs[field]) === value);
    }
}
