import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GLOBAL_SERVICES_REGION } from "../config/awsRegions";
import type { EnvironmentConfig, RegionConfig } from "../config";
import { PROJECT } from "../config";
import { baseTags, regionalTags } from "./tags";

/**
 * The stack's `aws:*` settings a regional provider inherits. An explicit provider does not read
 * stack config, so without this a `pulumi config set aws:profile` would silently stop applying.
 */
export interface AwsStackSettings {
    readonly profile?: string;
    readonly allowedAccountIds?: string[];
    readonly assumeRoles?: aws.types.input.ProviderAssumeRole[];
    readonly sharedCredentialsFiles?: string[];
}

export function awsStackSettingsFrom(all: Readonly<Record<string, string>>): AwsStackSettings {
    const decode = <T>(key: string): T | undefined => {
        const v = all[`aws:${key}`];
        if (v === undefined) return undefined;
        try {
            return JSON.parse(v) as T;
        } catch {
            return v as unknown as T;
        }
    };
    return {
        profile: decode<string>("profile"),
        allowedAccountIds: decode<string[]>("allowedAccountIds"),
        assumeRoles: decode<aws.types.input.ProviderAssumeRole[]>("assumeRoles"),
        sharedCredentialsFiles: decode<string[]>("sharedCredentialsFiles"),
    };
}

/**
 * Owns every aws.Provider of the stack: one per configured region, tagged with that region's
 * residency, plus one for the global services AWS pins to us-east-1 (CloudFront certificates,
 * CLOUDFRONT-scope WAF). The global one carries no residency tags: it must hold no personal data.
 * Components never create providers themselves; they ask here, so each region has exactly one.
 */
export class RegionalProviders {
    private readonly regional = new Map<string, aws.Provider>();
    private globalProvider?: aws.Provider;

    constructor(
        private readonly env: EnvironmentConfig,
        private readonly settings: AwsStackSettings = {},
    ) {}

    /** The provider for a configured region; resources bound to it are created in that region. */
    forRegion(region: RegionConfig): aws.Provider {
        let p = this.regional.get(region.code);
        if (!p) {
            p = new aws.Provider(`aws-${region.code}`, {
                ...this.settings,
                region: region.code,
                defaultTags: { tags: regionalTags(PROJECT, this.env, region) },
            });
            this.regional.set(region.code, p);
        }
        return p;
    }

    /** The provider for global services, always us-east-1, whatever regions the stack uses. */
    forGlobalServices(): aws.Provider {
        if (!this.globalProvider) {
            this.globalProvider = new aws.Provider("aws-global", {
                ...this.settings,
                region: GLOBAL_SERVICES_REGION,
                defaultTags: { tags: baseTags(PROJECT, this.env) },
            });
        }
        return this.globalProvider;
    }

    /** Options that put a resource in a region: the region's provider, plus any extra options. */
    optsFor(region: RegionConfig, opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { ...opts, provider: this.forRegion(region) };
    }
}
