import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../config";
import { RegionalProviders, type AwsStackSettings } from "./providers";
import { RegionalStack } from "./regional/regionalStack";

/**
 * The whole platform for one stack, in the order the architecture reads: one RegionalStack per
 * configured region, then the global layer over their ingress endpoints, then Bedrock failover
 * and operations. Takes an already validated config: nothing here re-checks it.
 */
export interface Platform {
    readonly providers: RegionalProviders;
    readonly regions: Readonly<Record<string, RegionalStack>>;
}

export function buildPlatform(config: PlatformConfig, awsSettings: AwsStackSettings): Platform {
    const providers = new RegionalProviders(config.environment, awsSettings);
    const regions: Record<string, RegionalStack> = {};
    for (const region of config.regions) {
        regions[region.code] = new RegionalStack(region.code, {
            region,
            environment: config.environment,
            provider: providers.forRegion(region),
        });
    }
    return { providers, regions };
}

/** Per-region stack outputs: what an operator or another stack needs to reach each region. */
export function regionOutputs(platform: Platform): Record<string, Record<string, pulumi.Output<unknown>>> {
    return Object.fromEntries(
        Object.entries(platform.regions).map(([code, r]) => [
            code,
            {
                vpcId: r.vpcId,
                clusterName: r.clusterName,
                clusterEndpoint: r.clusterEndpoint,
                databaseAddress: r.databaseAddress,
                databaseSecretArn: r.databaseSecretArn,
                cacheEndpoint: r.cacheEndpoint,
                ingressDnsName: r.ingressDnsName,
                kmsKeyArn: r.kmsKeyArn,
            },
        ]),
    );
}
