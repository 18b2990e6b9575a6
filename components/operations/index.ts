import * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../config";
import type { RegionalProviders } from "../providers";
import { AlertTopics } from "./alertTopics";
import { DeploymentAccess } from "./deploymentAccess";
import { DrDrills } from "./drDrills";
import type { ReplicatedTable } from "./metrics";
import { Observability } from "./observability";

export { AlertTopics, type AlertRouting, type AlertTopicsArgs } from "./alertTopics";
export { DeploymentAccess, type DeploymentAccessArgs } from "./deploymentAccess";
export { DrDrills, type DrDrillsArgs } from "./drDrills";
export { Observability, type ObservabilityArgs } from "./observability";
export { BEDROCK_FAULT_FLAG_ENV, bedrockFaultParameterName, isBedrockFaultActive, parseBedrockFaultFlag, type BedrockFaultFlag } from "../../functions/drills/faultFlag";
export { deploymentRoleArn, deploymentRoleName, deploymentSubject } from "./names";
export { METRICS, type ReplicatedTable } from "./metrics";

/** What the rest of the stack hands to operations, all from other components. */
export interface OperationsInputs {
    /** Prefix of the components' names (default `operations`): `<name>`, `<name>-deployments`, `<name>-drills`. */
    readonly name?: string;
    readonly config: PlatformConfig;
    readonly providers: RegionalProviders;
    /** Created first (`new AlertTopics(...)`), because BedrockFailover publishes its alarms there too. */
    readonly alertTopics: AlertTopics;
    /** `pulumi.getStack()`: the stack the deployment role trusts. */
    readonly stack: string;
    /** Private subnet IDs per region code (RegionalStack); needed when drills are enabled. */
    readonly privateSubnetIds: Readonly<Record<string, pulumi.Input<pulumi.Input<string>[]>>>;
    /** DynamoDB global tables to watch for replication lag, e.g. from GlobalLayer's tablePlan and tables. */
    readonly replicatedTables?: readonly ReplicatedTable<pulumi.Input<string>>[];
    /** Extra alarms per region that stop drills there (e.g. BedrockFailover's error alarm). */
    readonly extraStopAlarmArns?: Readonly<Record<string, readonly pulumi.Input<string>[]>>;
}

export interface Operations {
    readonly alertTopics: AlertTopics;
    readonly observability: Observability;
    /** Present when `operations.deployments.enabled`. */
    readonly deploymentAccess?: DeploymentAccess;
    /** Present when `operations.drills.enabled`. */
    readonly drills?: DrDrills;
}

/** Builds observability always, deployment access and drills when the config switches them on. */
export function buildOperations(inputs: OperationsInputs, opts: pulumi.ComponentResourceOptions = {}): Operations {
    const { config, providers, alertTopics } = inputs;
    const { environment, regions, bedrock, operations } = config;
    const name = inputs.name ?? "operations";
    const observability = new Observability(name, { environment, regions, bedrock, operations, providers, alertTopics, replicatedTables: inputs.replicatedTables }, opts);
    const deploymentAccess = operations.deployments.enabled
        ? new DeploymentAccess(`${name}-deployments`, { environment, regions, operations, providers, stack: inputs.stack }, opts)
        : undefined;
    const drills = operations.drills.enabled
        ? new DrDrills(`${name}-drills`, { environment, regions, operations, providers, privateSubnetIds: inputs.privateSubnetIds, extraStopAlarmArns: inputs.extraStopAlarmArns }, opts)
        : undefined;
    return { alertTopics, observability, deploymentAccess, drills };
}

/**
 * The `operations` stack output the runbook reads (`pulumi stack output operations --json`):
 * dashboard link, deployment role, drill template IDs per region and scenario, alert topics.
 */
export interface OperationsOutputs {
    readonly dashboardUrl: string;
    readonly alertTopicArns: Record<string, string>;
    readonly budgetNames: Record<string, string>;
    readonly deploymentRoleArn?: string;
    readonly drillTemplateIds?: Record<string, Record<string, string>>;
    readonly drillFaultParameter?: string;
}

export function operationsOutputs(ops: Operations): pulumi.Output<OperationsOutputs> {
    return pulumi.output({
        dashboardUrl: ops.observability.dashboardUrl,
        alertTopicArns: ops.alertTopics.topicArns,
        budgetNames: ops.observability.budgetNames,
        deploymentRoleArn: ops.deploymentAccess?.roleArn,
        drillTemplateIds: ops.drills?.templateIds,
        drillFaultParameter: ops.drills?.faultParameterName,
    });
}

/** The replicated tables of a GlobalLayer (anything with its tablePlan and tables), for Observability. */
export function replicatedTablesOf(layer: {
    readonly tablePlan: readonly { readonly table: string; readonly homeRegion: string; readonly replicaRegions: readonly string[] }[];
    readonly tables: Readonly<Record<string, { readonly name: pulumi.Output<string> }>>;
}): ReplicatedTable<pulumi.Output<string>>[] {
    return layer.tablePlan
        .filter((p) => p.replicaRegions.length > 0 && layer.tables[p.table] !== undefined)
        .map((p) => ({ label: p.table, name: layer.tables[p.table].name, regions: [p.homeRegion, ...p.replicaRegions] }));
}
