import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, RegionConfig } from "../../config";
import type { PhysicalNames } from "./names";
import type { AccountScope } from "./policies";
import type { Protections } from "./protection";

/**
 * What every part of a RegionalStack is built with: the region's config, its decisions, and the
 * options that put a child under the component (and so on the region's provider). Parts take a
 * scope instead of a dozen arguments, and cannot forget the parent or the provider.
 */
export class RegionalScope {
    /** Partition, account and region, for policies and ARNs. */
    readonly account: pulumi.Output<AccountScope>;

    constructor(
        /** The component's name (the region code in the program); children are `${name}-<part>`. */
        readonly name: string,
        readonly region: RegionConfig,
        readonly environment: EnvironmentConfig,
        readonly provider: aws.Provider,
        readonly parent: pulumi.ComponentResource,
        readonly protections: Protections,
        readonly names: PhysicalNames,
    ) {
        const invokeOpts = { parent, provider };
        const identity = aws.getCallerIdentityOutput({}, invokeOpts);
        const partition = aws.getPartitionOutput({}, invokeOpts);
        this.account = pulumi
            .all([partition.partition, identity.accountId])
            .apply(([p, accountId]) => ({ partition: p, accountId, region: region.code }));
    }

    child(part: string): string {
        return `${this.name}-${part}`;
    }

    /**
     * Per-resource tags. The provider's default tags already carry project, environment, owner,
     * residency and data classification; a Name makes the resource recognisable in the console.
     */
    tags(part: string, extra: Record<string, string> = {}): Record<string, string> {
        return { Name: `${this.names.prefix}-${part}`, ...extra };
    }

    /** Custom resources: under the component, so they inherit its region's provider. */
    options(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { ...extra, parent: this.parent };
    }

    /** Options for state that must survive a mistaken `pulumi destroy` in production. */
    statefulOptions(extra: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        const keep = this.protections.protectState;
        return { ...this.options(extra), protect: keep, retainOnDelete: keep };
    }

    /**
     * Remote components (awsx, eks) run in their own plugin; the provider is passed explicitly
     * so their children are created in this region whatever the plugin infers from the parent.
     */
    remoteOptions(extra: pulumi.ComponentResourceOptions = {}): pulumi.ComponentResourceOptions {
        return { ...extra, parent: this.parent, providers: { aws: this.provider } };
    }
}
