import { z } from "zod";
import type { ConfigIssue } from "./errors";
import { positiveInt } from "./primitives";
import type { RegionMapInput } from "./regions";

/**
 * Settings for operations: Pulumi Deployments access (OIDC), DR drills, alert thresholds and
 * budgets. Every switch that creates something an outsider could use or that injects faults
 * defaults to off; dashboards and alarms need no settings and are always on.
 */

/** Upper bound of one fault injection: long enough to see failover and recovery, short enough to be safe. */
export const MAX_DRILL_MINUTES = 30;

/** Pulumi organization names: letters, digits, `-`, `_`, `.`; never a wildcard (it ends up in an IAM trust policy). */
const PULUMI_ORG = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$/;

/** A Pulumi Cloud OIDC identity provider already registered in this AWS account. */
const PULUMI_OIDC_PROVIDER_ARN = /^arn:aws[a-z-]*:iam::\d{12}:oidc-provider\/api\.pulumi\.com\/oidc$/;

const deploymentsSchema = z.strictObject({
    /** Create the IAM OIDC provider and the role Pulumi Deployments assumes for this stack. */
    enabled: z.boolean({ error: "expected true or false" }).default(false),
    /**
     * IAM allows one OIDC provider per URL and account. When another stack in the same account
     * already created it, name it here and this stack only adds its own role.
     */
    oidcProviderArn: z.string().regex(PULUMI_OIDC_PROVIDER_ARN, { error: "expected the ARN of an IAM OIDC provider for api.pulumi.com/oidc, like arn:aws:iam::123456789012:oidc-provider/api.pulumi.com/oidc" }).optional(),
    /** Credential lifetime of one deployment; a first deploy of EKS in every region takes longer than the 1 h default. */
    sessionHours: z.number({ error: "expected an integer from 1 to 12 (hours)" }).int({ error: "expected an integer from 1 to 12 (hours)" }).min(1, { error: "expected an integer from 1 to 12 (hours)" }).max(12, { error: "expected an integer from 1 to 12 (hours; IAM's maximum session)" }).default(2),
});

const drillsSchema = z.strictObject({
    /** Create the FIS experiment templates (they do nothing until someone starts an experiment). */
    enabled: z.boolean({ error: "expected true or false" }).default(false),
    /** How long each fault lasts. */
    durationMinutes: z
        .number({ error: `expected an integer from 1 to ${MAX_DRILL_MINUTES} (minutes)` })
        .int({ error: `expected an integer from 1 to ${MAX_DRILL_MINUTES} (minutes)` })
        .min(1, { error: `expected an integer from 1 to ${MAX_DRILL_MINUTES} (minutes)` })
        .max(MAX_DRILL_MINUTES, { error: `expected at most ${MAX_DRILL_MINUTES} minutes: a drill is bounded so a forgotten one cannot become an outage` })
        .default(10),
});

const alertsSchema = z.strictObject({
    /** Bedrock 5xx per minute, summed over a region's models, that pages (critical). */
    bedrockServerErrorsPerMinute: positiveInt("a positive integer (errors per minute)").default(5),
    /** Bedrock throttles per 15 minutes, summed over a region's models, that warn. */
    bedrockThrottlesPer15Minutes: positiveInt("a positive integer (throttles per 15 minutes)").default(50),
    /** DynamoDB replication lag that warns (seed: "Replication Lag: > 5 minutes"). */
    replicationLagWarningMs: positiveInt("a positive integer (milliseconds)").default(300_000),
    /** Lag treated as a replication failure (critical); must exceed the warning level. */
    replicationLagCriticalMs: positiveInt("a positive integer (milliseconds)").default(900_000),
});

export const operationsSchema = z
    .strictObject({
        /** Pulumi Cloud organization: the OIDC audience and the `org:` part of the trusted subject. */
        pulumiOrg: z.string({ error: "expected a Pulumi organization name" }).regex(PULUMI_ORG, { error: "expected a Pulumi organization name (letters, digits, '-', '_', '.'; no wildcards)" }).optional(),
        deployments: deploymentsSchema.prefault({}),
        drills: drillsSchema.prefault({}),
        alerts: alertsSchema.prefault({}),
        /** Monthly AWS Budget per region, in USD. Regions left out get no budget. */
        budgets: z
            .record(
                z.string(),
                z.number({ error: "expected a positive amount in USD" }).positive({ error: "expected a positive amount in USD" }).max(10_000_000, { error: "expected at most 10000000 USD" }),
            )
            .default({}),
    })
    .prefault({});

export type OperationsConfig = z.infer<typeof operationsSchema>;

export function operationsIssues(ops: OperationsConfig, regions: RegionMapInput): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    const codes = Object.keys(regions);
    for (const code of Object.keys(ops.budgets)) {
        if (regions[code] === undefined) {
            issues.push({ key: `operations.budgets.${code}`, message: `"${code}" is not a region in this stack (expected one of ${codes.join(", ")})` });
        }
    }
    if (ops.deployments.enabled && ops.pulumiOrg === undefined) {
        issues.push({ key: "operations.pulumiOrg", message: "missing; deployments.enabled needs the Pulumi organization, which the OIDC trust is scoped to" });
    }
    if (ops.alerts.replicationLagCriticalMs <= ops.alerts.replicationLagWarningMs) {
        issues.push({
            key: "operations.alerts.replicationLagCriticalMs",
            message: `expected more than replicationLagWarningMs (${ops.alerts.replicationLagWarningMs}), got ${ops.alerts.replicationLagCriticalMs}`,
        });
    }
    return issues;
}
