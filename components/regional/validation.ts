import type { ConfigIssue, RegionConfig } from "../../config";
import { nodeGroupIssues } from "./cluster";
import { databaseIssues } from "./database";
import { subnetLayout, plannedSubnets } from "./network";

/**
 * What a RegionalStack would reject in a region's config, found without declaring anything.
 * The constructor runs this too, but a program should call it for every region first, so a bad
 * region stops the run before any other region's resources are registered.
 */
export function regionalStackIssues(region: RegionConfig): ConfigIssue[] {
    const issues: ConfigIssue[] = [...nodeGroupIssues(region), ...databaseIssues(region)];
    try {
        plannedSubnets(subnetLayout(region.vpcCidr));
    } catch (err) {
        issues.push({ key: `regions.${region.code}.vpcCidr`, message: (err as Error).message });
    }
    return issues;
}
