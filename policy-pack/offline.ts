import type {
    EnforcementLevel,
    Policies,
    PolicyProviderResource,
    PolicyResource,
    PolicyResourceOptions,
    ReportViolation,
    ResourceValidation,
    ResourceValidationArgs,
    ResourceValidationPolicy,
    StackValidationArgs,
    StackValidationPolicy,
} from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, POLICIES } from "./policies";
import { reconcilePolicyConfig, type PolicyConfigFile, type ResolvedPolicyConfig } from "./policyConfig";
import { settingsPerPolicy } from "./stackConfig";

export { PolicyConfigError, type PolicyConfigFile } from "./policyConfig";

/**
 * A resource as the offline plan records it (structurally the plan's PlannedResource; declared
 * here so the pack imports nothing from the program it judges).
 */
export interface PlannedResource {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    /** The inputs sent to the engine; secrets in Pulumi's wire wrapper. */
    readonly inputs: Readonly<Record<string, unknown>>;
    /** Inputs and outputs after an update (ids, ARNs); what a stack policy sees. Defaults to inputs. */
    readonly state?: Readonly<Record<string, unknown>>;
    readonly region: string;
    readonly custom: boolean;
    readonly parentUrn?: string;
    readonly provider?: { readonly type: string; readonly name: string; readonly urn: string; readonly inputs: Readonly<Record<string, unknown>> };
    readonly protect: boolean;
}

export interface PolicyViolation {
    readonly policy: string;
    readonly level: "advisory" | "mandatory";
    readonly resourceType: string;
    readonly resourceName: string;
    readonly message: string;
}

/** What a policy's remediateResource would change on one resource. */
export interface Remediation {
    readonly policy: string;
    readonly resourceType: string;
    readonly resourceName: string;
    /** Top-level inputs the remediation sets or changes. */
    readonly changes: readonly string[];
    /** Whether the policy's level is `remediate` (so `pulumi up` applies it) or it is only offered. */
    readonly applied: boolean;
}

/** Pulumi's wire wrapper for secrets (runtime/rpc specialSigKey / specialSecretSig). */
const SIG_KEY = "4dabf18193072939515e22adb298388d";
const SECRET_SIG = "1b47061264138c4ac30d75fd1eb44270";
const isRecordedSecret = (v: unknown): v is { value: unknown } => typeof v === "object" && v !== null && (v as Record<string, unknown>)[SIG_KEY] === SECRET_SIG;

/**
 * Runs the pack without the Pulumi CLI: every policy against resources recorded by the offline
 * plan, with the same arguments @pulumi/policy's analyzer server builds for `validateResource`
 * and `validateStack` (type, props, urn, name, opts, provider, stackTags, isType/asType, getConfig,
 * notApplicable), the same config resolution (schema defaults, then layers, validated), the same
 * enforcement-level precedence and the same handling of "not applicable". Differences, by need:
 * props are the recorded inputs (a stack policy sees inputs, not outputs, as no update ran), and a
 * resource without an explicit provider gets the engine's default provider, built from the stack's
 * `aws:*` config.
 */

/** Per-stack facts the plan knows from the stack's config; each becomes policy config. */
export interface StackSettings {
    /** Stack and project names, for the default provider's URN and stack-level violations. */
    readonly name?: string;
    readonly project?: string;
    /** Pulumi stack tags (args.stackTags). */
    readonly tags?: Readonly<Record<string, string>>;
    /** Whether the stack is production: sets `production` on every policy whose schema has it. */
    readonly production?: boolean;
    /** The zone each of the stack's regions serves (its region map): sets `regionZones`. */
    readonly regionZones?: Readonly<Record<string, string>>;
    /** Zone of resources nothing else places: sets `defaultZone`. */
    readonly defaultZone?: string;
    /**
     * The stack's `aws:*` config without the `aws:` prefix (region, defaultTags ...): the inputs
     * of the default AWS provider, as the engine builds it.
     */
    readonly awsConfig?: Readonly<Record<string, unknown>>;
}

export interface OfflineOptions {
    /** Policy config in the `pulumi preview --policy-config` file format; applied over the stack settings. */
    readonly config?: PolicyConfigFile;
    readonly stack?: StackSettings;
    /** The policies to run; the pack's by default (tests pass one). */
    readonly policies?: Policies;
    readonly packEnforcementLevel?: EnforcementLevel;
    /** Config the pack gave its own constructor (PolicyPack's initialConfig): applied before `config`. */
    readonly initialConfig?: PolicyConfigFile;
}

/** Async evaluation: how each policy call is run (a foreign pack's calls run network-guarded). */
export interface AsyncOfflineOptions extends OfflineOptions {
    /**
     * Runs one policy call. Resolves "needs-cloud" when the call tried to reach a cloud API (the
     * plan has none), else the call's value; rejects with what the call threw.
     */
    readonly runCall?: (call: () => unknown) => Promise<{ readonly needsCloud: true; readonly reason: string } | { readonly needsCloud: false; readonly value: unknown }>;
}

export type PolicyStatus = "pass" | "fail" | "not-applicable" | "disabled" | "needs-cloud";

export interface PolicySummary {
    readonly policy: string;
    readonly description: string;
    readonly kind: "resource" | "stack";
    /** The level after config; `remediate` is reported as `mandatory`, as the engine does. */
    readonly level: EnforcementLevel;
    /** fail: at least one violation; not-applicable: no resource it applies to; needs-cloud: it calls a cloud API. */
    readonly status: PolicyStatus;
    /** Why it needs the cloud (needs-cloud only). */
    readonly note?: string;
    /** Resources (or 1 for a stack policy) it was applicable to. */
    readonly checked: number;
    readonly violations: number;
}

export interface OfflineEvaluation {
    readonly violations: readonly PolicyViolation[];
    /** What each policy's remediateResource would change (tags, TLS minimums, ...). */
    readonly remediations: readonly Remediation[];
    readonly policies: readonly PolicySummary[];
    /** Config that the CLI would accept silently but is probably a mistake. */
    readonly warnings: readonly string[];
    readonly mandatoryViolations: number;
}

/** A policy threw something other than "not applicable": the engine fails the preview with this. */
export class PolicyEvaluationError extends Error {
    constructor(message: string, readonly cause?: unknown) {
        super(message);
        this.name = "PolicyEvaluationError";
    }
}

class NotApplicableError extends Error {
    constructor(readonly reason?: string) {
        super(reason ?? "Policy does not apply");
    }
}

const throwNotApplicable = (reason?: string): never => {
    throw new NotApplicableError(reason);
};

/** @pulumi/policy attaches a type token to type-specific validations (`__pulumiType`) and classes. */
function pulumiTypeOf(value: unknown): string | undefined {
    if ((typeof value !== "function" && typeof value !== "object") || value === null) return undefined;
    const t: unknown = Reflect.get(value, "__pulumiType");
    return typeof t === "string" && t.length > 0 ? t : undefined;
}

/** server.js isTypeOf: the class's type token, else its isInstance on a fake object. */
function isTypeOf(type: string, resourceClass: unknown): boolean {
    const token = pulumiTypeOf(resourceClass);
    if (token !== undefined) return type === token;
    if (typeof resourceClass !== "function") return false;
    const isInstance: unknown = Reflect.get(resourceClass, "isInstance");
    return typeof isInstance === "function" && isInstance.call(resourceClass, { __pulumiType: type }) === true;
}

/**
 * The settings that become config, as a config layer under the user's: each setting goes to every
 * policy whose schema declares its key. Also what a stack's committed `--policy-config` file must
 * contain for the Pulumi CLI, which knows nothing of stack settings, to decide as the plan does.
 */
export function stackConfigLayer(policies: Policies, stack: StackSettings | undefined): PolicyConfigFile {
    if (!stack) return {};
    return settingsPerPolicy(policies, { production: stack.production, regionZones: stack.regionZones, defaultZone: stack.defaultZone });
}

function stackUrnPrefix(stack: StackSettings | undefined): string {
    return `urn:pulumi:${stack?.name ?? "stack"}::${stack?.project ?? "project"}`;
}

/**
 * The provider the engine would hand the policy: the recorded one, else (custom resources only)
 * the package's default provider, whose inputs for aws are the stack's `aws:*` config.
 */
export function providerFor(r: PlannedResource, stack: StackSettings | undefined): PolicyProviderResource | undefined {
    if (r.provider) return { type: r.provider.type, name: r.provider.name, urn: r.provider.urn, props: propsOf(r.provider.inputs) };
    const pkg = r.type.split(":")[0];
    if (!r.custom || pkg === "pulumi" || pkg === "") return undefined;
    const type = `pulumi:providers:${pkg}`;
    const props: Record<string, unknown> = pkg === "aws" ? { ...(stack?.awsConfig ?? {}) } : {};
    if (pkg === "aws" && props.region === undefined && r.region !== "global") props.region = r.region;
    return { type, name: "default", urn: `${stackUrnPrefix(stack)}::${type}::default`, props };
}

function optionsOf(r: PlannedResource): PolicyResourceOptions {
    return {
        protect: r.protect,
        ignoreChanges: [],
        aliases: [],
        customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
        additionalSecretOutputs: [],
        ...(r.parentUrn ? { parent: r.parentUrn } : {}),
    };
}

/**
 * Props as @pulumi/policy's server hands them over: secrets unwrapped to their values (the plan
 * records them wrapped, so that what is secret stays visible to tests and the JSON).
 */
export function unwrapSecrets(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(unwrapSecrets);
    if (value === null || typeof value !== "object") return value;
    const o = value as Record<string, unknown>;
    if (isRecordedSecret(o)) return unwrapSecrets(o.value);
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, unwrapSecrets(v)]));
}

const propsOf = (inputs: Readonly<Record<string, unknown>>): Record<string, unknown> => unwrapSecrets(inputs) as Record<string, unknown>;

const getConfigFor = (resolved: ResolvedPolicyConfig | undefined) => <T extends object>(): T => structuredClone(resolved?.properties ?? {}) as T;

/** The argument object @pulumi/policy builds for `validateResource` (server.js makeAnalyzeRpcFun). */
export function resourceValidationArgs(r: PlannedResource, config: ResolvedPolicyConfig | undefined, stack?: StackSettings): ResourceValidationArgs {
    const props = propsOf(r.inputs);
    const provider = providerFor(r, stack);
    return {
        type: r.type,
        props,
        urn: r.urn,
        name: r.name,
        opts: optionsOf(r),
        stackTags: new Map(Object.entries(stack?.tags ?? {})),
        isType: (resourceClass: unknown) => isTypeOf(r.type, resourceClass),
        asType: ((resourceClass: unknown) => (isTypeOf(r.type, resourceClass) ? props : undefined)) as ResourceValidationArgs["asType"],
        getConfig: getConfigFor(config),
        notApplicable: throwNotApplicable,
        ...(provider ? { provider } : {}),
    };
}

/** The resources a stack policy sees (server.js makeAnalyzeStackRpcFun), parents linked. */
export function stackResources(resources: readonly PlannedResource[], stack?: StackSettings): PolicyResource[] {
    const byUrn = new Map<string, PolicyResource>();
    const out = resources.map((r) => {
        // The engine hands stack policies each resource's state: after an update, outputs too.
        const props = propsOf(r.state ?? r.inputs);
        const provider = providerFor(r, stack);
        const resource: PolicyResource = {
            type: r.type,
            props,
            urn: r.urn,
            name: r.name,
            opts: optionsOf(r),
            dependencies: [],
            propertyDependencies: {},
            isType: (resourceClass: unknown) => isTypeOf(r.type, resourceClass),
            asType: ((resourceClass: unknown) => (isTypeOf(r.type, resourceClass) ? props : undefined)) as PolicyResource["asType"],
            ...(provider ? { provider } : {}),
        };
        byUrn.set(r.urn, resource);
        return resource;
    });
    resources.forEach((r, i) => {
        const parent = r.parentUrn ? byUrn.get(r.parentUrn) : undefined;
        if (parent) out[i].parent = parent;
    });
    return out;
}

const isResourcePolicy = (p: Policies[number]): p is ResourceValidationPolicy =>
    typeof (p as ResourceValidationPolicy).validateResource === "function" || Array.isArray((p as ResourceValidationPolicy).validateResource);
const isStackPolicy = (p: Policies[number]): p is StackValidationPolicy => typeof (p as StackValidationPolicy).validateStack === "function";

const isPromise = (v: unknown): v is PromiseLike<unknown> => v !== null && typeof v === "object" && typeof Reflect.get(v, "then") === "function";

function messageOf(message: unknown, description: string): string {
    if (typeof message === "string") return message;
    if (message !== null && typeof message === "object") {
        const m: unknown = Reflect.get(message, "message") ?? Reflect.get(message, "description");
        if (typeof m === "string") return m;
    }
    return description;
}

/**
 * One policy call the evaluation core asks its driver to make. The driver answers with the
 * call's value (or "not-applicable" / "needs-cloud"); the sync driver refuses promises, the async
 * one awaits them, so both run the same core and cannot drift apart.
 */
interface Step {
    readonly call: () => unknown;
    readonly what: string;
}
type StepOutcome = { readonly kind: "value"; readonly value: unknown } | { readonly kind: "not-applicable" } | { readonly kind: "needs-cloud"; readonly reason: string };

/** Top-level keys whose value a remediation changed. */
function changedKeys(before: Readonly<Record<string, unknown>>, after: Readonly<Record<string, unknown>>): string[] {
    const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
    return [...keys].filter((k) => JSON.stringify(before[k]) !== JSON.stringify(after[k])).sort();
}

function* evaluationCore(resources: readonly PlannedResource[], options: OfflineOptions): Generator<Step, OfflineEvaluation, StepOutcome> {
    const policies = options.policies ?? POLICIES;
    const packLevel = options.packEnforcementLevel ?? PACK_ENFORCEMENT_LEVEL;
    const layers = [stackConfigLayer(policies, options.stack), ...(options.initialConfig ? [options.initialConfig] : []), ...(options.config ? [options.config] : [])];
    const { byPolicy, warnings } = reconcilePolicyConfig(policies, packLevel, layers);
    const violations: PolicyViolation[] = [];
    const remediations: Remediation[] = [];
    const summaries: PolicySummary[] = [];
    const byUrn = new Map(resources.map((r) => [r.urn, r]));

    for (const policy of policies) {
        const resolved = byPolicy.get(policy.name);
        const configured = resolved?.enforcementLevel ?? policy.enforcementLevel ?? packLevel;
        const kind = isStackPolicy(policy) ? "stack" : "resource";
        if (configured === "disabled" || (!isResourcePolicy(policy) && !isStackPolicy(policy))) {
            summaries.push({ policy: policy.name, description: policy.description, kind, level: configured, status: "disabled", checked: 0, violations: 0 });
            continue;
        }
        const level = configured === "remediate" ? "mandatory" : configured;
        const before = violations.length;
        let checked = 0;
        let needsCloud: string | undefined;

        if (isResourcePolicy(policy) && policy.validateResource) {
            const validations: ResourceValidation[] = Array.isArray(policy.validateResource) ? policy.validateResource : [policy.validateResource];
            const fastType = validations.length === 1 ? pulumiTypeOf(validations[0]) : undefined;
            const remediate = policy.remediateResource;
            for (const r of resources) {
                let args = resourceValidationArgs(r, resolved, options.stack);
                if (remediate && (pulumiTypeOf(remediate) === undefined || pulumiTypeOf(remediate) === r.type)) {
                    const outcome = yield { call: () => remediate(args), what: `remediation '${policy.name}' on ${r.urn}` };
                    if (outcome.kind === "value" && outcome.value !== null && typeof outcome.value === "object") {
                        const fixed = outcome.value as Record<string, unknown>;
                        const changes = changedKeys(args.props, fixed);
                        if (changes.length > 0) {
                            remediations.push({ policy: policy.name, resourceType: r.type, resourceName: r.name, changes, applied: configured === "remediate" });
                            // At level remediate the engine validates the remediated inputs.
                            if (configured === "remediate") args = { ...args, props: fixed };
                        }
                    }
                }
                if (fastType !== undefined && r.type !== fastType) continue;
                // Violations of a call that turns out to need the cloud are dropped with it.
                let buffer: PolicyViolation[] = [];
                const report: ReportViolation = (message) => {
                    buffer.push({ policy: policy.name, level, resourceType: r.type, resourceName: r.name, message: messageOf(message, policy.description) });
                };
                let applicable = false;
                for (const validation of validations) {
                    const callArgs = args;
                    buffer = [];
                    const outcome = yield { call: () => validation(callArgs, report), what: `policy '${policy.name}' on ${r.urn}` };
                    if (outcome.kind === "needs-cloud") needsCloud ??= outcome.reason;
                    else violations.push(...buffer);
                    applicable ||= outcome.kind === "value";
                }
                if (applicable) checked++;
            }
        } else if (isStackPolicy(policy)) {
            const fastType = pulumiTypeOf(policy.validateStack);
            if (fastType === undefined || resources.some((r) => r.type === fastType)) {
                const args: StackValidationArgs = {
                    resources: stackResources(resources, options.stack),
                    getConfig: getConfigFor(resolved),
                    stackTags: new Map(Object.entries(options.stack?.tags ?? {})),
                    notApplicable: throwNotApplicable,
                };
                const buffer: PolicyViolation[] = [];
                const report: ReportViolation = (message, urn) => {
                    const target = urn ? byUrn.get(urn) : undefined;
                    buffer.push({
                        policy: policy.name,
                        level,
                        resourceType: target?.type ?? "pulumi:pulumi:Stack",
                        resourceName: target?.name ?? `${options.stack?.project ?? "project"}-${options.stack?.name ?? "stack"}`,
                        message: messageOf(message, policy.description),
                    });
                };
                const outcome = yield { call: () => policy.validateStack(args, report), what: `policy '${policy.name}'` };
                if (outcome.kind === "needs-cloud") needsCloud = outcome.reason;
                else violations.push(...buffer);
                if (outcome.kind === "value") checked = 1;
            }
        }
        const found = violations.length - before;
        summaries.push({
            policy: policy.name,
            description: policy.description,
            kind,
            level,
            status: found > 0 ? "fail" : needsCloud !== undefined ? "needs-cloud" : checked > 0 ? "pass" : "not-applicable",
            ...(needsCloud !== undefined ? { note: needsCloud } : {}),
            checked,
            violations: found,
        });
    }
    return { violations, remediations, policies: summaries, warnings, mandatoryViolations: violations.filter((v) => v.level === "mandatory").length };
}

function failure(e: unknown, what: string): PolicyEvaluationError {
    return new PolicyEvaluationError(`Error validating with ${what}: ${e instanceof Error ? e.message : String(e)}`, e);
}

/** What a policy call that threw means: not applicable to this resource, or a crash of the policy. */
function thrownOutcome(e: unknown, what: string): StepOutcome {
    if (e instanceof NotApplicableError) return { kind: "not-applicable" };
    throw failure(e, what);
}

/**
 * Evaluates every policy of the pack on the recorded resources, synchronously (this pack's
 * policies are). Throws PolicyConfigError for a config the CLI would reject, PolicyEvaluationError
 * when a policy crashes or returns a promise (use evaluatePolicyPackAsync for those).
 */
export function evaluatePolicyPack(resources: readonly PlannedResource[], options: OfflineOptions = {}): OfflineEvaluation {
    const core = evaluationCore(resources, options);
    let next = core.next();
    while (!next.done) {
        const { call, what } = next.value;
        let outcome: StepOutcome;
        try {
            outcome = { kind: "value", value: call() };
        } catch (e) {
            outcome = thrownOutcome(e, what);
        }
        if (outcome.kind === "value" && isPromise(outcome.value)) throw new PolicyEvaluationError(`${what} returned a promise; use evaluatePolicyPackAsync for asynchronous policies`);
        next = core.next(outcome);
    }
    return next.value;
}

/**
 * The same evaluation, awaiting policies that return promises (as @pulumi/policy's server does),
 * one call at a time so a call's network attempts are its own.
 */
export async function evaluatePolicyPackAsync(resources: readonly PlannedResource[], options: AsyncOfflineOptions = {}): Promise<OfflineEvaluation> {
    const run = options.runCall ?? (async (call: () => unknown) => ({ needsCloud: false as const, value: await call() }));
    const core = evaluationCore(resources, options);
    let next = core.next();
    while (!next.done) {
        const { call, what } = next.value;
        let outcome: StepOutcome;
        try {
            const result = await run(call);
            outcome = result.needsCloud ? { kind: "needs-cloud", reason: result.reason } : { kind: "value", value: result.value };
        } catch (e) {
            outcome = thrownOutcome(e, what);
        }
        next = core.next(outcome);
    }
    return next.value;
}

/** The violations only, for callers that need nothing else. */
export function evaluatePolicies(resources: readonly PlannedResource[], options: OfflineOptions = {}): PolicyViolation[] {
    return [...evaluatePolicyPack(resources, options).violations];
}
