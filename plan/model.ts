/**
 * The shapes the offline plan produces. The plan runs the real program under Pulumi's mock
 * runtime, records every resource registration, and hands these records to the summary, the
 * diagram and the policy evaluator. They carry exactly what would reach the Pulumi engine.
 */

/** The AWS region a resource is created in, or "global" for resources that have none. */
export type EffectiveRegion = string;

export interface PlannedResource {
    /** Pulumi type token, e.g. "aws:rds/instance:Instance". */
    readonly type: string;
    /** Logical name as given to the constructor. */
    readonly name: string;
    readonly urn: string;
    /**
     * The inputs sent to the engine, as plain data: unknowns absent, resource references as their
     * URN, assets and archives as RecordedAsset / RecordedArchive, secrets in Pulumi's secret
     * wrapper (`{ <sig key>: <secret sig>, value }`) so a test can see what is secret.
     */
    readonly inputs: Readonly<Record<string, unknown>>;
    /**
     * Inputs and outputs as the mocks answered them (ids, ARNs, names): what the engine holds after
     * an update and what a stack policy sees. Absent for records not made by the mock runtime.
     */
    readonly state?: Readonly<Record<string, unknown>>;
    /**
     * The id the mocks answered: what other resources' `.id` references resolve to; the policy
     * pack and the residency proof link ARNs and DNS names through it.
     */
    readonly id?: string;
    /**
     * Effective region: the resource's own `region` input (aws v7), else its provider's region,
     * else the region of the nearest ancestor that has one (components), else "global".
     */
    readonly region: EffectiveRegion;
    /** Whether the resource is managed by a provider (false for ComponentResources). */
    readonly custom: boolean;
    /** URN of the parent resource, if any. */
    readonly parentUrn?: string;
    /** The provider resource this resource is bound to, if any. */
    readonly provider?: PlannedProvider;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    /** URNs of the resources this one waits for (its explicit and input dependencies), sorted. */
    readonly dependsOn?: readonly string[];
    /**
     * What the engine would know after the create: the mocks' answer (inputs plus the outputs AWS
     * returns, e.g. ARNs, DNS names) and the id. The request-path check follows references by it.
     */
    readonly outputs?: Readonly<Record<string, unknown>>;
}

export interface PlannedProvider {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly inputs: Readonly<Record<string, unknown>>;
}

export type PolicyLevel = "advisory" | "mandatory" | "disabled";

export interface PolicyViolation {
    readonly policy: string;
    readonly level: Exclude<PolicyLevel, "disabled">;
    readonly resourceType: string;
    readonly resourceName: string;
    readonly message: string;
}

/**
 * An asset or archive input (a Lambda's `code`, an S3 object's `source`) as plain data, so the
 * plan can read the files it names. Pulumi's own Asset objects hold their path or text in a
 * promise, which neither JSON nor a synchronous size estimate can read.
 */
export type RecordedAsset =
    | { readonly __asset: "file"; readonly path: string }
    | { readonly __asset: "string"; readonly text: string }
    | { readonly __asset: "remote"; readonly uri: string };

export type RecordedArchive =
    | { readonly __archive: "assets"; readonly assets: Readonly<Record<string, RecordedAsset | RecordedArchive>> }
    | { readonly __archive: "file"; readonly path: string }
    | { readonly __archive: "remote"; readonly uri: string };

export function isRecordedAsset(v: unknown): v is RecordedAsset {
    return typeof v === "object" && v !== null && typeof (v as { __asset?: unknown }).__asset === "string";
}

export function isRecordedArchive(v: unknown): v is RecordedArchive {
    return typeof v === "object" && v !== null && typeof (v as { __archive?: unknown }).__archive === "string";
}

/**
 * A secret input as the plan records it: Pulumi's wire wrapper around its value (runtime/rpc
 * `specialSigKey` / `specialSecretSig`), kept so tests and the JSON can see what is secret.
 */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";

export interface RecordedSecret {
    readonly [SIG_KEY]: typeof SECRET_SIG;
    readonly value: unknown;
}

export function recordedSecret(value: unknown): RecordedSecret {
    return { [SIG_KEY]: SECRET_SIG, value };
}

export function isRecordedSecret(v: unknown): v is RecordedSecret {
    return typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;
}
