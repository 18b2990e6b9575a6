import * as assert from "assert";
import type { PlannedResource } from "../../plan/model";
import { evaluatePolicyPack } from "../../policy-pack/offline";
import { trafficInZone } from "../../policy-pack/policies/traffic";

/** residency-traffic-in-zone on hand-made registrations: each construct that fails open or over stays in one zone. */

let n = 0;
function res(type: string, inputs: Record<string, unknown>): PlannedResource {
    const name = `r${++n}`;
    return { type, name, urn: `urn:pulumi:s::p::${type}::${name}`, inputs, region: "us-east-1", custom: true, protect: false, retainOnDelete: false };
}
const nlb = (region: string) => `n-${region}.elb.${region}.amazonaws.com`;
const group = (listener: string, region: string) => res("aws:globalaccelerator/endpointGroup:EndpointGroup", { listenerArn: listener, endpointGroupRegion: region });
const weighted = (name: string, region: string) => res("aws:route53/record:Record", { zoneId: "Z1", name, type: "A", setIdentifier: region, weightedRoutingPolicies: [{ weight: 10 }], aliases: [{ name: nlb(region), zoneId: "Z2", evaluateTargetHealth: true }] });

function violations(resources: PlannedResource[]): string[] {
    const e = evaluatePolicyPack(resources, { policies: [trafficInZone], stack: { name: "s", project: "p", production: true, regionZones: {} } });
    return e.violations.map((v) => v.message);
}

describe("policy residency-traffic-in-zone", () => {
    const cases: Array<{ name: string; resources: () => PlannedResource[]; expect: RegExp[] }> = [
        { name: "an accelerator per zone passes", resources: () => [group("l-eu", "eu-central-1"), group("l-eu", "eu-west-1"), group("l-us", "us-east-1")], expect: [] },
        { name: "one accelerator over both zones fails", resources: () => [group("l", "eu-central-1"), group("l", "us-east-1")], expect: [/accelerator listener l spans residency zones: eu-central-1 \(eu\), us-east-1 \(us\)/] },
        { name: "a weighted set per zone passes", resources: () => [weighted("eu.x", "eu-central-1"), weighted("eu.x", "eu-west-1"), weighted("us.x", "us-west-2")], expect: [] },
        { name: "one weighted set over both zones fails", resources: () => [weighted("all.x", "eu-central-1"), weighted("all.x", "us-west-2")], expect: [/weighted record set Z1\/all\.x\/A spans residency zones/] },
        {
            name: "an origin group whose secondary resolves to another zone fails",
            resources: () => [
                weighted("eu.x", "eu-central-1"), weighted("us.x", "us-east-1"),
                res("aws:cloudfront/distribution:Distribution", {
                    origins: [{ originId: "a", domainName: "eu.x" }, { originId: "b", domainName: "us.x" }],
                    originGroups: [{ originId: "g", members: [{ originId: "a" }, { originId: "b" }] }],
                }),
            ],
            expect: [/origin group g spans residency zones: eu-central-1 \(eu\), us-east-1 \(us\)/],
        },
    ];
    for (const c of cases) {
        it(c.name, () => {
            const got = violations(c.resources());
            assert.strictEqual(got.length, c.expect.length, JSON.stringify(got));
            c.expect.forEach((re, i) => assert.match(got[i], re));
        });
    }
});
