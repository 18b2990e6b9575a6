import type * as pulumi from "@pulumi/pulumi";
import type { PlatformConfig } from "../../config";
import type { BedrockFailover } from "../bedrock/bedrockFailover";
import type { RegionalProviders } from "../providers";
import type { RegionalStack } from "../regional/regionalStack";
import { InClusterLayer } from "./inClusterLayer";

export { InClusterLayer, type InClusterLayerArgs } from "./inClusterLayer";

/** One in-cluster layer per region, wired to that region's stack and failover function. */
export function buildInClusterLayers(args: {
    readonly config: PlatformConfig;
    readonly providers: RegionalProviders;
    readonly regions: Readonly<Record<string, RegionalStack>>;
    readonly bedrock: Readonly<Record<string, BedrockFailover>>;
    /** CloudFront's origin-verify header value, when the global layer has one. */
    readonly originVerifySecret?: pulumi.Output<string>;
    readonly deploymentRoleArn?: pulumi.Output<string>;
}): Record<string, InClusterLayer> {
    const layers: Record<string, InClusterLayer> = {};
    for (const region of args.config.regions) {
        const r = args.regions[region.code];
        const b = args.bedrock[region.code];
        layers[region.code] = new InClusterLayer(`cluster-${region.code}`, {
            region,
            provider: args.providers.forRegion(region),
            clusterName: r.clusterName,
            clusterArn: r.clusterArn,
            kubeconfig: r.kubeconfig,
            vpcId: r.vpcId,
            ingressTargetGroupArn: r.ingressTargetGroupArn,
            failoverFunctionArn: b.failoverFunctionArn,
            failoverUrl: b.failoverUrl,
            databaseHost: r.databaseAddress,
            databasePort: r.databasePort,
            cacheHost: r.cacheEndpoint,
            originVerifySecret: args.originVerifySecret,
            deploymentRoleArn: args.deploymentRoleArn,
        });
    }
    return layers;
}
