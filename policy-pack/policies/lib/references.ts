import { parseArn } from "./arn";
import { T } from "./awsTypes";
import { str } from "./props";
import type { ResourceView } from "./resource";

/**
 * Resolves a reference (URN, id, ARN, name) to the resource of the plan it names. A stack policy
 * sees every resource with its state (inputs and, after an update, outputs such as `arn`, `name`,
 * `bucket`, `globalReplicationGroupId`); a reference written with an output arrives as that
 * string, so matching it against each resource's identifying attributes finds what it points at,
 * and so the region it lives in, which an S3 ARN or a bare identifier does not say.
 */

/** Attributes that identify a resource, by how AWS and Pulumi name them. */
const IDENTIFYING_PROPS = [
    "arn", "id", "name", "bucket", "keyId", "replicationGroupId", "globalReplicationGroupId", "identifier",
    "clusterIdentifier", "globalClusterIdentifier", "functionName", "tableName", "url", "associationArn",
] as const;

export interface Resolution {
    /** The resource the reference names, when the plan holds it. */
    readonly resource?: ResourceView;
    /** Where it lives: the resource's region, else the region its ARN names. */
    readonly region?: string;
    /** How the region was found, for messages. */
    readonly how: string;
}

/** A bucket name from `arn:aws:s3:::name[/key]`, or undefined. */
export function s3BucketFromArn(value: string): string | undefined {
    const arn = parseArn(value);
    return arn && arn.service === "s3" && arn.region === "" ? arn.resource.split("/")[0] : undefined;
}

/** The region a resource's own state says it is in (S3 reports `region`), else its effective region. */
export function regionOfResource(r: ResourceView): string | undefined {
    return r.region().region ?? str(r.props.region);
}

export class ReferenceIndex {
    private readonly byKey = new Map<string, ResourceView[]>();

    constructor(readonly resources: readonly ResourceView[]) {
        for (const r of resources) {
            this.add(r.urn, r);
            for (const key of IDENTIFYING_PROPS) {
                const v = str(r.props[key]);
                if (v !== undefined) this.add(v, r);
            }
        }
    }

    private add(key: string, r: ResourceView): void {
        const list = this.byKey.get(key) ?? [];
        if (!list.includes(r)) list.push(r);
        this.byKey.set(key, list);
    }

    /**
     * The resource a reference names, optionally only among `types`. An ARN with a path (an S3
     * object ARN, a table's stream ARN) also matches its resource's ARN prefix; a name matches
     * only when exactly one candidate has it (names are unique per type, not across types).
     */
    find(ref: string | undefined, types?: readonly string[]): ResourceView | undefined {
        if (ref === undefined) return undefined;
        const ok = (r: ResourceView) => types === undefined || types.includes(r.type);
        const exact = (this.byKey.get(ref) ?? []).filter(ok);
        if (exact.length === 1) return exact[0];
        const bucket = s3BucketFromArn(ref);
        if (bucket !== undefined) {
            const buckets = (this.byKey.get(bucket) ?? []).filter((r) => (r.type === T.s3Bucket || r.type === T.s3BucketV2) && ok(r));
            if (buckets.length === 1) return buckets[0];
        }
        if (ref.startsWith("arn:")) {
            // `arn:...:table/name/stream/...`, `arn:...:key/id` inside a longer ARN.
            const prefixes = this.resources.filter((r) => ok(r) && str(r.props.arn) !== undefined && ref.startsWith(`${str(r.props.arn)}/`));
            if (prefixes.length === 1) return prefixes[0];
        }
        return undefined;
    }

    /** The region a reference lives in, and how that is known; region undefined when nothing says. */
    resolve(ref: string | undefined, types?: readonly string[]): Resolution {
        if (ref === undefined) return { how: "not set" };
        const resource = this.find(ref, types);
        if (resource) {
            const region = regionOfResource(resource);
            return { resource, region, how: region !== undefined ? `${resource.label} in ${region}` : `${resource.label}, whose region cannot be determined` };
        }
        const arn = parseArn(ref);
        if (arn && arn.region !== "" && !arn.region.includes("*")) return { region: arn.region, how: `its ARN names ${arn.region}` };
        return { how: arn ? "an ARN that names no region, of no resource in this plan" : "no resource in this plan has that identifier" };
    }
}
