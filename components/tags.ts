import type { EnvironmentConfig } from "../config";

/** Tag keys the policy pack reads; one place so program and policies agree. */
export const TAG = {
    project: "Project",
    environment: "Environment",
    managedBy: "ManagedBy",
    owner: "Owner",
    residency: "DataResidency",
    classification: "DataClassification",
    region: "PlatformRegion",
} as const;

export type DataClassification = "personal" | "internal" | "public";

/** Tags every resource of the stack carries, whatever its region. */
export function baseTags(project: string, env: EnvironmentConfig): Record<string, string> {
    return {
        ...env.tags,
        [TAG.project]: project,
        [TAG.environment]: env.name,
        [TAG.managedBy]: "pulumi",
        [TAG.owner]: env.owner,
    };
}

/** Tags of a region's resources: they say which residency zone's data they may hold. */
export function regionalTags(
    project: string,
    env: EnvironmentConfig,
    region: { readonly code: string; readonly residency: string; readonly personalData: boolean },
): Record<string, string> {
    return {
        ...baseTags(project, env),
        [TAG.residency]: region.residency,
        [TAG.classification]: region.personalData ? "personal" : "internal",
        [TAG.region]: region.code,
    };
}
