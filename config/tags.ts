import type { ConfigIssue } from "./errors";

/**
 * AWS tag limits (AWS General Reference, "Tag naming limits and requirements"): at most 50 tags
 * per resource, keys 1-128 and values 0-256 Unicode characters, and the `aws:` prefix reserved
 * for AWS. https://docs.aws.amazon.com/tag-editor/latest/userguide/tagging.html
 */
export const TAG_LIMITS = { maxTagsPerResource: 50, maxKeyLength: 128, maxValueLength: 256 } as const;

/**
 * Tags the program adds to every resource on top of user tags: the regional default tags
 * (Project, Environment, ManagedBy, Owner, DataResidency, DataClassification, PlatformRegion) plus
 * room for the per-resource ones (Name and a few component tags).
 */
export const PROGRAM_TAG_BUDGET = 10;

/** Issues of one user tag map, under `where` (e.g. `environment.tags`). */
export function tagIssues(tags: Readonly<Record<string, string>>, where: string): ConfigIssue[] {
    const issues: ConfigIssue[] = [];
    for (const [k, v] of Object.entries(tags)) {
        const key = `${where}.${k}`;
        // Lengths in Unicode code points, as AWS counts them.
        if ([...k].length === 0 || [...k].length > TAG_LIMITS.maxKeyLength) issues.push({ key, message: `tag keys are 1-${TAG_LIMITS.maxKeyLength} characters, got ${[...k].length}` });
        if (/^aws:/i.test(k)) issues.push({ key, message: "the aws: prefix is reserved for AWS; tags with it cannot be set" });
        if ([...v].length > TAG_LIMITS.maxValueLength) issues.push({ key, message: `tag values are at most ${TAG_LIMITS.maxValueLength} characters, got ${[...v].length}` });
    }
    return issues;
}

/** The 50-tag limit across every source of user tags on one resource. */
export function tagCountIssues(sources: ReadonlyArray<{ where: string; tags: Readonly<Record<string, string>> }>): ConfigIssue[] {
    const keys = new Set(sources.flatMap((s) => Object.keys(s.tags)));
    const room = TAG_LIMITS.maxTagsPerResource - PROGRAM_TAG_BUDGET;
    if (keys.size <= room) return [];
    return [{ key: sources.map((s) => s.where).join(" + "), message: `${keys.size} tags; AWS allows ${TAG_LIMITS.maxTagsPerResource} per resource and the program needs ${PROGRAM_TAG_BUDGET}, so at most ${room}` }];
}
