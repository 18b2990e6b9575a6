import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { GLOBAL_SERVICES_REGION } from "../config/awsRegions";
import type { EnvironmentConfig, RegionConfig } from "../config";
import { PROJECT } from "../config";
import { baseTags, regionalTags, TAG } from "./tags";
import { ConfigError } from "../config/errors";
import { tagCountIssues } from "../config/tags";
import { awsStackSettingsFrom as parseAwsStackSettings, type AwsStackSettings } from "../config/awsProvider";

export { type AwsStackSettings } from "../config/awsProvider";

/**
 * The stack's `aws:*` settings every explicit provider inherits. An explicit provider does not
 * read stack config, so without this a `pulumi config set aws:<key>` would silently stop applying.
 * Every key of the provider's schema is carried over (config/awsProvider.ts validates them);
 * `aws:region` is replaced per provider, and `aws:defaultTags` is merged with the program's tags.
 */
export function awsStackSettingsFrom(all: Readonly<Record<string, string>>): AwsStackSettings {
    return parseAwsStackSettings(all, Object.values(TAG));
}

/**
 * One provider's arguments: every stack `aws:*` setting, this provider's region, and the user's
 * default tags under the program's (the policy pack and the deployment role's conditions read the
 * program's, so the program's win; a clash is already a config error).
 */
export function providerArgsFor(settings: AwsStackSettings, region: string, programTags: Readonly<Record<string, string>>): aws.ProviderArgs {
    return { ...settings.providerArgs, region, defaultTags: { tags: { ...settings.defaultTags, ...programTags } } };
}

/** Both tag sources land on every resource: together they must leave room for the program's tags. */
function checkTagRoom(env: EnvironmentConfig, settings: AwsStackSettings): void {
    const issues = tagCountIssues([{ where: "environment.tags", tags: env.tags }, { where: "aws:defaultTags.tags", tags: settings.defaultTags }]);
    if (issues.length > 0) throw new ConfigError(issues);
}

/** Validates the stack's `aws:*` keys against the environment (the offline plan runs this before the program). */
export function validatedAwsStackSettings(env: EnvironmentConfig, all: Readonly<Record<string, string>>): AwsStackSettings {
    const settings = awsStackSettingsFrom(all);
    checkTagRoom(env, settings);
    return settings;
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
