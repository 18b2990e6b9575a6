import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GLOBAL_SERVICES_REGION } from "../config/awsRegions";
import type { EnvironmentConfig, RegionConfig } from "../config";
import { PROJECT } from "../config";
import { baseTags, regionalTags } from "./tags";
import type { AwsStackSettings } from "../config/awsProvider";
import { checkTagRoom } from "./stackSettings";

export { type AwsStackSettings } from "../config/awsProvider";

/**
 * One provider's arguments: every stack `aws:*` setting, this provider's region, and the user's
 * default tags under the program's (the policy pack and the deployment role's conditions read the
 * program's, so the program's win; a clash is already a config error).
 */
export function providerArgsFor(settings: AwsStackSettings, region: string, programTags: Readonly<Record<string, string>>): aws.ProviderArgs {
    return { ...settings.providerArgs, region, defaultTags: { tags: { ...settings.defaultTags, ...programTags } } };
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
        private readonly settings: AwsStackSettings = { providerArgs: {}, defaultTags: {} },
    ) {
        checkTagRoom(env, settings);
    }

    private args(region: string, programTags: Record<string, string>): aws.ProviderArgs {
        return providerArgsFor(this.settings, region, programTags);
    }

    /** The provider for a configured region; resources bound to it are created in that region. */
    forRegion(region: RegionConfig): aws.Provider {
        let p = this.regional.get(region.code);
        if (!p) {
            p = new aws.Provider(`aws-${region.code}`, this.args(region.code, regionalTags(PROJECT, this.env, region)));
            this.regional.set(region.code, p);
        }
        return p;
    }

    /** The provider for global services, always us-east-1, whatever regions the stack uses. */
    forGlobalServices(): aws.Provider {
        if (!this.globalProvider) {
            this.globalProvider = new aws.Provider("aws-global", this.args(GLOBAL_SERVICES_REGION, baseTags(PROJECT, this.env)));
        }
        return this.globalProvider;
    }

    /** Options that put a resource in a region: the region's provider, plus any extra options. */
    optsFor(region: RegionConfig, opts: pulumi.CustomResourceOptions = {}): pulumi.CustomResourceOptions {
        return { ...opts, provider: this.forRegion(region) };
    }
}
