import { AlertTopics } from "../../../components/operations/alertTopics";
import { DeploymentAccess } from "../../../components/operations/deploymentAccess";
import { DrDrills } from "../../../components/operations/drDrills";
import type { ReplicatedTable } from "../../../components/operations/metrics";
import { Observability } from "../../../components/operations/observability";
import { RegionalProviders } from "../../../components/providers";
import { parsePlatformConfig, type PlatformConfig } from "../../../config";
import type { PlannedResource } from "../../../plan/model";
import { rawProjectConfig } from "../../support/configs";
import { mockRuntime, oncePerName, ofType, resourcesUnder } from "../../support/pulumi";

export type Stack = "dev" | "prod";
type Raw = Record<string, any>; // raw stack config, mutated freely; the parser checks it

export interface BuiltOperations {
    readonly config: PlatformConfig;
    readonly alertTopics: AlertTopics;
    readonly observability: Observability;
    readonly deploymentAccess: DeploymentAccess;
    readonly drills: DrDrills;
    /** Resources below each component. */
    readonly under: {
        readonly alertTopics: PlannedResource[];
        readonly observability: PlannedResource[];
        readonly deploymentAccess: PlannedResource[];
        readonly drills: PlannedResource[];
    };
}

/** Fake private subnets RegionalStack would hand over: three per region. */
export const fakePrivateSubnets = (code: string) => ["a", "b", "c"].map((az) => `subnet-private-${code}${az}`);

/** Replicated tables like GlobalLayer's plan for the committed configs: one per residency zone. */
export function fakeTables(config: PlatformConfig): ReplicatedTable[] {
    const zones = [...new Set(config.regions.map((r) => r.residency))];
    return zones
        .map((zone) => ({ label: `conversations-${zone}`, name: `${config.environment.name}-conversations-${zone}`, regions: config.regions.filter((r) => r.residency === zone).map((r) => r.code) }))
        .filter((t) => t.regions.length > 1);
}

const once = oncePerName<BuiltOperations>();

/**
 * Builds all four operations components from a committed stack config (optionally changed) under
 * the shared mock runtime, once per `name` (names must be unique across the test process).
 */
export function buildOperations(name: string, stack: Stack, mutate?: (raw: Raw) => void): Promise<BuiltOperations> {
    return once(name, async () => {
        mockRuntime();
        const raw = structuredClone(rawProjectConfig(stack)) as Raw;
        mutate?.(raw);
        const config = parsePlatformConfig(raw);
        const { environment, regions, bedrock, operations } = config;
        const providers = new RegionalProviders(environment);
        const alertTopics = new AlertTopics(`${name}-alerts`, { environment, regions, providers });
        const observability = new Observability(`${name}-ops`, { environment, regions, bedrock, operations, providers, alertTopics, replicatedTables: fakeTables(config) });
        const deploymentAccess = new DeploymentAccess(`${name}-deployments`, { environment, regions, operations, providers, stack });
        const drills = new DrDrills(`${name}-drills`, {
            environment,
            regions,
            operations,
            providers,
            privateSubnetIds: Object.fromEntries(regions.map((r) => [r.code, fakePrivateSubnets(r.code)])),
        });
        const [a, o, d, r] = await Promise.all([alertTopics.urn, observability.urn, deploymentAccess.urn, drills.urn].map((urn) => resourcesUnder(urn)));
        return { config, alertTopics, observability, deploymentAccess, drills, under: { alertTopics: a, observability: o, deploymentAccess: d, drills: r } };
    });
}

export const T = {
    key: "aws:kms/key:Key",
    alias: "aws:kms/alias:Alias",
    topic: "aws:sns/topic:Topic",
    topicPolicy: "aws:sns/topicPolicy:TopicPolicy",
    subscription: "aws:sns/topicSubscription:TopicSubscription",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
    dashboard: "aws:cloudwatch/dashboard:Dashboard",
    budget: "aws:budgets/budget:Budget",
    oidcProvider: "aws:iam/openIdConnectProvider:OpenIdConnectProvider",
    role: "aws:iam/role:Role",
    policy: "aws:iam/policy:Policy",
    rolePolicy: "aws:iam/rolePolicy:RolePolicy",
    attachment: "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    template: "aws:fis/experimentTemplate:ExperimentTemplate",
    document: "aws:ssm/document:Document",
    parameter: "aws:ssm/parameter:Parameter",
} as const;

export { ofType };

/** Reads a nested input without `any` leaking into assertions. */
export function input<V = unknown>(r: PlannedResource, path: string): V {
    let v: unknown = r.inputs;
    for (const part of path.split(".")) {
        if (v === null || v === undefined) return undefined as V;
        v = (v as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
    }
    return v as V;
}

/** Parses a JSON-string input (policies, dashboard bodies). */
export function jsonInput<V = unknown>(r: PlannedResource, path: string): V {
    const text = input<string>(r, path);
    if (typeof text !== "string") throw new Error(`${r.name}.${path} is not a string: ${JSON.stringify(text)}`);
    return JSON.parse(text) as V;
}

/** Counts resources by type token, for the report and the per-stack expectations. */
export function countByType(resources: readonly PlannedResource[]): Record<string, number> {
    const counts: Record<string, number> = {};
    for (const r of resources) if (r.custom) counts[r.type] = (counts[r.type] ?? 0) + 1;
    return counts;
}
