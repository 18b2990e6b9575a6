import type {
    EnforcementLevel,
    PolicyConfigSchema,
    ResourceRemediation,
    ResourceValidation,
    ResourceValidationPolicy,
    Severity,
    StackValidation,
    StackValidationPolicy,
} from "@pulumi/policy";
import { withDefaults } from "./config";
import { viewOf, type ResourceView } from "./resource";

/** Reports one violation; the message names the resource, the property and what is expected. */
export type Report = (message: string) => void;
/** Reports one violation of a stack policy, against a resource when `urn` is given. */
export type StackReport = (message: string, urn?: string) => void;
/** Marks the policy not applicable to this resource (or stack); it throws, as @pulumi/policy's does. */
export type NotApplicable = (reason?: string) => never;

interface PolicyMetadata {
    readonly name: string;
    readonly description: string;
    /** Default level; the pack's config (or `--policy-config`) can change it. */
    readonly enforcementLevel: EnforcementLevel;
    readonly severity: Severity;
    readonly configSchema: PolicyConfigSchema;
    readonly remediationSteps?: string;
}

export interface ResourcePolicyDefinition<C extends object> extends PolicyMetadata {
    /** The type tokens the policy checks; any other type is "not applicable". */
    readonly types: readonly string[] | "any";
    readonly check: (resource: ResourceView, config: C, report: Report, notApplicable: NotApplicable) => void;
    /**
     * The unambiguous fix, as the inputs to set (merged over the resource's props), or undefined
     * when there is nothing to fix or no single right value. Becomes `remediateResource`, which
     * `pulumi up` applies when the policy's level is `remediate`.
     */
    readonly remediate?: (resource: ResourceView, config: C) => Readonly<Record<string, unknown>> | undefined;
}

export interface StackPolicyDefinition<C extends object> extends PolicyMetadata {
    readonly check: (resources: readonly ResourceView[], config: C, report: StackReport, notApplicable: NotApplicable) => void;
}

function metadata(def: PolicyMetadata) {
    return {
        name: def.name,
        description: def.description,
        enforcementLevel: def.enforcementLevel,
        severity: def.severity,
        configSchema: def.configSchema,
        ...(def.remediationSteps ? { remediationSteps: def.remediationSteps } : {}),
    };
}

/**
 * A CrossGuard resource policy from a typed check. Config arrives with the schema defaults merged
 * in. A policy for one type carries `__pulumiType`, which @pulumi/policy's server uses to skip other
 * types without calling it (the offline evaluator does the same).
 */
export function resourcePolicy<C extends object>(def: ResourcePolicyDefinition<C>): ResourceValidationPolicy {
    const validate: ResourceValidation = (args, reportViolation) => {
        if (def.types !== "any" && !def.types.includes(args.type)) {
            args.notApplicable(`Policy only applies to ${def.types.join(", ")}`);
        }
        const config = withDefaults<C>(def.configSchema, args.getConfig<object>());
        def.check(viewOf(args, args.stackTags), config, (message) => reportViolation(message), args.notApplicable);
    };
    if (def.types !== "any" && def.types.length === 1) Object.assign(validate, { __pulumiType: def.types[0] });
    const fix = def.remediate;
    if (!fix) return { ...metadata(def), validateResource: validate };
    const remediateResource: ResourceRemediation = (args) => {
        if (def.types !== "any" && !def.types.includes(args.type)) return undefined;
        const config = withDefaults<C>(def.configSchema, args.getConfig<object>());
        const changes = fix(viewOf(args, args.stackTags), config);
        return changes === undefined ? undefined : { ...args.props, ...changes };
    };
    if (def.types !== "any" && def.types.length === 1) Object.assign(remediateResource, { __pulumiType: def.types[0] });
    return { ...metadata(def), validateResource: validate, remediateResource };
}

/** A CrossGuard stack policy: sees every resource at once, for rules that link resources by identifier. */
export function stackPolicy<C extends object>(def: StackPolicyDefinition<C>): StackValidationPolicy {
    const validate: StackValidation = (args, reportViolation) => {
        const config = withDefaults<C>(def.configSchema, args.getConfig<object>());
        const views = args.resources.map((r) => viewOf(r, args.stackTags));
        def.check(views, config, (message, urn) => reportViolation(message, urn), args.notApplicable);
    };
    return { ...metadata(def), validateStack: validate };
}
