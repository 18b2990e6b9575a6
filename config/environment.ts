import { z } from "zod";
import { isCidr, parseCidr } from "./cidr";
import { nonEmptyString, positiveInt, tagMap } from "./primitives";

/**
 * Who can reach each cluster's Kubernetes API. Private access is always on (nodes, and anything
 * in the VPC). `publicAccessCidrs` adds the public endpoint for exactly those CIDRs: the egress
 * address of whatever applies the in-cluster layer (a customer-managed Pulumi deployment agent
 * behind a NAT gateway's Elastic IP, or an operator's VPN). Empty: private only, so the program
 * must run from inside each region's VPC (README "Reaching the clusters").
 */
const clusterApiSchema = z.strictObject({
    publicAccessCidrs: z
        .array(z.string().superRefine((c, ctx) => {
            const parsed = parseCidr(c);
            if (!isCidr(parsed)) ctx.addIssue({ code: "custom", message: parsed.error });
            else if (parsed.prefixLength === 0) ctx.addIssue({ code: "custom", message: "expected a specific CIDR, not 0.0.0.0/0 (the whole internet)" });
        }))
        .default([]),
});

/** Kubernetes versions EKS supports (standard or extended support) that this product is tested with. */
export const SUPPORTED_KUBERNETES_VERSIONS = ["1.31", "1.32", "1.33", "1.34"] as const;

/** CloudWatch Logs accepts only these retention periods (days). */
export const LOG_RETENTION_DAYS = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653] as const;

/**
 * Environment-wide settings. `production` is the one switch for every prod-only protection
 * (Multi-AZ, NAT per AZ, 35-day backups, deletion protection, protect/retainOnDelete), so that a
 * stack's safety never depends on what the stack happens to be called.
 */
export const environmentSchema = z.strictObject({
    /** Short lowercase name used in resource names and the Environment tag. */
    name: z.string().regex(/^[a-z][a-z0-9-]{1,15}$/, { error: "expected a lowercase name of 2-16 letters, digits or dashes, starting with a letter" }),
    production: z.boolean({ error: "expected true or false" }),
    kubernetesVersion: z.enum(SUPPORTED_KUBERNETES_VERSIONS, {
        error: `expected a supported EKS Kubernetes version: ${SUPPORTED_KUBERNETES_VERSIONS.join(", ")} (as a quoted string)`,
    }),
    logRetentionDays: z
        .number()
        .refine((d) => (LOG_RETENTION_DAYS as readonly number[]).includes(d), {
            error: `expected a CloudWatch Logs retention period: ${LOG_RETENTION_DAYS.join(", ")}`,
        })
        .default(365),
    /** Who to tell when alarms fire. */
    alarmEmail: z.email({ error: "expected an email address" }).optional(),
    /** Extra tags on every resource, on top of the ones the program sets. */
    tags: tagMap.default({}),
    /** Owner team, set as the Owner tag. */
    owner: nonEmptyString().default("platform-engineering"),
    /** How long (days) RDS keeps automated backups when `production` is false; prod is always 35. */
    nonProductionBackupDays: positiveInt().max(35, { error: "expected at most 35 days" }).default(7),
    clusterApi: clusterApiSchema.default({ publicAccessCidrs: [] }),
});

export type EnvironmentConfig = z.infer<typeof environmentSchema>;
