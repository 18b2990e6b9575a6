import { trafficInZone } from "../../../policy-pack/policies/traffic";
import { PROVIDERS as P, res } from "../fixtures";
import type { PolicyCases } from "./types";

const nlb = (region: string) => `ingress-${region}.elb.${region}.amazonaws.com`;
const group = (listener: string, region: string) => res("aws:globalaccelerator/endpointGroup:EndpointGroup", { listenerArn: listener, endpointGroupRegion: region }, { provider: P.global });
const weighted = (name: string, region: string) => res("aws:route53/record:Record", {
    zoneId: "Z1", name, type: "A", setIdentifier: region, weightedRoutingPolicies: [{ weight: 10 }], aliases: [{ name: nlb(region), zoneId: "Z2", evaluateTargetHealth: true }],
}, { provider: P.global });
const distribution = (origins: Record<string, string>) => res("aws:cloudfront/distribution:Distribution", {
    origins: Object.entries(origins).map(([originId, domainName]) => ({ originId, domainName })),
    originGroups: [{ originId: "g", members: Object.keys(origins).map((originId) => ({ originId })) }],
}, { provider: P.global });

export const TRAFFIC: PolicyCases = {
    policy: trafficInZone,
    cases: [
        { name: "an accelerator per zone", resources: [group("l-eu", "eu-central-1"), group("l-eu", "eu-west-1"), group("l-us", "us-east-1")], expect: [] },
        { name: "one accelerator over the EU and the US (today's design)", resources: [group("l", "eu-central-1"), group("l", "us-east-1")], expect: ["accelerator listener l spans residency zones: eu-central-1 (eu), us-east-1 (us)"] },
        { name: "an accelerator over EU and London (not an EU member state)", resources: [group("l", "eu-west-1"), group("l", "eu-west-2")], expect: ["spans residency zones: eu-west-1 (eu), eu-west-2 (uk)"] },
        { name: "a weighted set per zone", resources: [weighted("eu.x", "eu-central-1"), weighted("eu.x", "eu-west-1"), weighted("us.x", "us-west-2")], expect: [] },
        { name: "one weighted set over both zones", resources: [weighted("regional.x", "eu-central-1"), weighted("regional.x", "us-west-2")], expect: ["weighted record set Z1/regional.x/A spans residency zones"] },
        { name: "an origin group within the EU", resources: [weighted("eu.x", "eu-central-1"), distribution({ a: "eu.x", b: nlb("eu-west-1") })], expect: [] },
        { name: "an origin group failing over to the US", resources: [weighted("eu.x", "eu-central-1"), weighted("us.x", "us-east-1"), distribution({ a: "eu.x", b: "us.x" })], expect: ["origin group g spans residency zones: eu-central-1 (eu), us-east-1 (us)"] },
    ],
};
