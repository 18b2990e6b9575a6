import type { PlatformConfig, RegionConfig } from "../../../config";
import { RegionalProviders } from "../../../components/providers";
import { RegionalStack } from "../../../components/regional";
import type { PlannedResource } from "../../../plan/model";
import { platformConfig } from "../../support/configs";
import { mockRuntime, oncePerName, resourcesUnder } from "../../support/pulumi";

export interface BuiltRegion {
    readonly region: RegionConfig;
    readonly stack: RegionalStack;
    /** Everything registered below this RegionalStack. */
    readonly resources: PlannedResource[];
}

export interface BuiltStack {
    readonly config: PlatformConfig;
    readonly regions: BuiltRegion[];
}

const once = oncePerName<BuiltStack>();

/**
 * Builds one RegionalStack per region of a committed stack config, each on its own region's
 * provider, under the shared mock runtime. Built once per stack and shared by the test files.
 * Component names carry the stack (`prod-eu-west-1`) because the mock runtime is shared by the
 * whole test process, and prod and dev both have eu-west-1.
 */
export function buildStack(stack: "prod" | "dev"): Promise<BuiltStack> {
    return once(stack, async () => {
        mockRuntime();
        const config = platformConfig(stack);
        const providers = new RegionalProviders(config.environment);
        const stacks = config.regions.map(
            (region) => new RegionalStack(`${stack}-${region.code}`, { region, environment: config.environment, provider: providers.forRegion(region) }),
        );
        const regions: BuiltRegion[] = [];
        for (const [i, stack] of stacks.entries()) {
            regions.push({ region: config.regions[i], stack, resources: await resourcesUnder(stack.urn) });
        }
        return { config, regions };
    });
}

export function byName(resources: readonly PlannedResource[], suffix: string): PlannedResource {
    const found = resources.filter((r) => r.name.endsWith(`-${suffix}`));
    if (found.length !== 1) throw new Error(`expected one resource named *-${suffix}, found ${found.map((r) => r.name).join(", ") || "none"}`);
    return found[0];
}

export function awsCustomResources(resources: readonly PlannedResource[]): PlannedResource[] {
    return resources.filter((r) => r.custom && r.type.startsWith("aws:"));
}
