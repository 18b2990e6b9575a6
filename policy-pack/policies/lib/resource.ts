import type { PolicyProviderResource, PolicyResourceOptions } from "@pulumi/policy";
import { decodeJson, isRecord, str, stringMap, type Props } from "./props";

/**
 * What a check sees of one resource: the same whether it comes from `validateResource` args or
 * from a stack policy's resource list. Tags and region are computed on first use, so a policy
 * that never reads them is not stopped by an unknown tag value during preview.
 */
export interface ResourceView {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Props;
    readonly protect: boolean;
    readonly stackTags: ReadonlyMap<string, string>;
    /** `name (type)`, how messages name the resource. */
    readonly label: string;
    /** The resource's own `tags` input. */
    ownTags(): Readonly<Record<string, string>>;
    /** Its provider's `defaultTags.tags` (AWS applies them to every taggable resource it creates). */
    providerDefaultTags(): Readonly<Record<string, string>>;
    /** Default tags overlaid by the resource's own, as AWS merges them. */
    tags(): Readonly<Record<string, string>>;
    /** The region the resource is created in: its own `region` input (aws v7), else its provider's. */
    region(): EffectiveRegion;
}

export interface EffectiveRegion {
    readonly region?: string;
    readonly source: "resource" | "provider" | "none";
}

/** The fields `ResourceValidationArgs` and a stack policy's `PolicyResource` have in common. */
export interface ResourceLike {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly props: Record<string, unknown>;
    readonly opts: PolicyResourceOptions;
    readonly provider?: PolicyProviderResource;
}

export function viewOf(resource: ResourceLike, stackTags: ReadonlyMap<string, string> = new Map()): ResourceView {
    let ownTags: Record<string, string> | undefined;
    let defaultTags: Record<string, string> | undefined;
    let region: EffectiveRegion | undefined;
    const view: ResourceView = {
        type: resource.type,
        name: resource.name,
        urn: resource.urn,
        props: resource.props,
        protect: resource.opts.protect === true,
        stackTags,
        label: `${resource.name} (${resource.type})`,
        ownTags: () => (ownTags ??= stringMap(resource.props.tags)),
        providerDefaultTags: () => (defaultTags ??= providerDefaultTags(resource.provider)),
        tags: () => ({ ...view.providerDefaultTags(), ...view.ownTags() }),
        region: () => (region ??= effectiveRegion(resource.props, resource.provider)),
    };
    return view;
}

/**
 * aws v7 lets each resource name its region; otherwise the provider's `region` applies (for the
 * default provider, the stack's `aws:region`). Only an AWS provider's region counts.
 */
export function effectiveRegion(props: Props, provider: PolicyProviderResource | undefined): EffectiveRegion {
    const own = str(props.region);
    if (own) return { region: own, source: "resource" };
    if (provider && provider.type === "pulumi:providers:aws") {
        const fromProvider = str(provider.props.region);
        if (fromProvider) return { region: fromProvider, source: "provider" };
    }
    return { source: "none" };
}

/** Provider inputs reach the engine JSON-encoded (`defaultTags: '{"tags":{...}}'`); accept both forms. */
export function providerDefaultTags(provider: PolicyProviderResource | undefined): Record<string, string> {
    if (!provider || provider.type !== "pulumi:providers:aws") return {};
    const decoded = decodeJson(provider.props.defaultTags);
    return isRecord(decoded) ? stringMap(decoded.tags) : {};
}
