import type { Policies, ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { PlannedProvider, PlannedResource } from "../../plan/model";
import { evaluatePolicyPack, type OfflineEvaluation, type OfflineOptions } from "../../policy-pack/offline";
import type { PolicyConfigFile } from "../../policy-pack/policyConfig";

/**
 * Fake resources for policy tests, in the shape the offline plan records, and a runner that
 * evaluates one policy on them through the offline evaluator (which builds the same arguments
 * @pulumi/policy's server does), collecting what it reports.
 */

const STACK = "urn:pulumi:test::ai-platform";

export const BASE_TAGS = { Environment: "prod", Project: "ai-platform", ManagedBy: "pulumi" } as const;

/** An explicit aws.Provider as the engine sees it: defaultTags arrive JSON-encoded. */
export function awsProvider(name: string, region: string | undefined, tags: Readonly<Record<string, string>> = {}): PlannedProvider {
    const inputs: Record<string, unknown> = {};
    if (region !== undefined) inputs.region = region;
    if (Object.keys(tags).length > 0) inputs.defaultTags = JSON.stringify({ tags });
    return { type: "pulumi:providers:aws", name, urn: `${STACK}::pulumi:providers:aws::${name}`, inputs };
}

/** Providers as components/providers.ts makes them: regional ones tagged with their zone, a global one without. */
export const PROVIDERS = {
    euCentral: awsProvider("aws-eu-central-1", "eu-central-1", { ...BASE_TAGS, DataResidency: "eu", DataClassification: "personal" }),
    euWest: awsProvider("aws-eu-west-1", "eu-west-1", { ...BASE_TAGS, DataResidency: "eu", DataClassification: "personal" }),
    usEast: awsProvider("aws-us-east-1", "us-east-1", { ...BASE_TAGS, DataResidency: "us", DataClassification: "personal" }),
    usWest: awsProvider("aws-us-west-2", "us-west-2", { ...BASE_TAGS, DataResidency: "us", DataClassification: "personal" }),
    london: awsProvider("aws-eu-west-2", "eu-west-2", { ...BASE_TAGS, DataResidency: "eu", DataClassification: "personal" }),
    global: awsProvider("aws-global", "us-east-1", { ...BASE_TAGS }),
    untaggedEu: awsProvider("aws-plain-eu", "eu-central-1"),
    noRegion: awsProvider("aws-no-region", undefined, { ...BASE_TAGS, DataResidency: "eu", DataClassification: "personal" }),
    devEu: awsProvider("aws-dev-eu", "eu-west-1", { ...BASE_TAGS, Environment: "dev", DataResidency: "eu", DataClassification: "personal" }),
} as const;

export interface FakeOptions {
    readonly name?: string;
    /** The recorded provider; `null` for none (the default provider is then synthesized). */
    readonly provider?: PlannedProvider | null;
    readonly region?: string;
    readonly protect?: boolean;
    readonly custom?: boolean;
}

let counter = 0;

export function res(type: string, inputs: Readonly<Record<string, unknown>>, options: FakeOptions = {}): PlannedResource {
    const name = options.name ?? `${type.split(":")[2]?.toLowerCase() ?? "res"}-${++counter}`;
    const provider = options.provider === null ? undefined : options.provider ?? PROVIDERS.euCentral;
    const region = typeof inputs.region === "string" ? inputs.region : options.region ?? (typeof provider?.inputs.region === "string" ? provider.inputs.region : "global");
    return {
        type,
        name,
        urn: `${STACK}::${type}::${name}`,
        inputs,
        region,
        custom: options.custom ?? true,
        provider,
        protect: options.protect ?? false,
        retainOnDelete: false,
    };
}

export interface PolicyRun {
    readonly messages: string[];
    readonly evaluation: OfflineEvaluation;
}

/** Runs one policy (at its own level) on the resources. */
export function runPolicy(
    policy: ResourceValidationPolicy | StackValidationPolicy,
    resources: PlannedResource | readonly PlannedResource[],
    config?: Readonly<Record<string, unknown>>,
    options: Omit<OfflineOptions, "policies" | "config"> = {},
): PolicyRun {
    const list = Array.isArray(resources) ? resources : [resources as PlannedResource];
    const file: PolicyConfigFile | undefined = config ? { [policy.name]: config } : undefined;
    const evaluation = evaluatePolicyPack(list, { ...options, policies: [policy] as Policies, config: file });
    return { messages: evaluation.violations.map((v) => v.message), evaluation };
}

/** A table case: resources, optional config, and the message fragments expected (none = passes). */
export interface Case {
    readonly name: string;
    readonly resources: PlannedResource | readonly PlannedResource[];
    readonly config?: Readonly<Record<string, unknown>>;
    /** Fragments each expected violation contains, one per violation, in order; [] = no violation. */
    readonly expect: readonly string[];
    readonly stack?: OfflineOptions["stack"];
}
