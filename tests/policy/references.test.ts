import * as assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import { evaluatePolicyPack } from "../../policy-pack/offline";
import { encryptionAtRest } from "../../policy-pack/policies/encryption";
import { linkedReplicasInZone } from "../../policy-pack/policies/linkedReplicas";
import type { PlannedResource } from "../../plan/model";
import { mockRuntime, resourcesUnder } from "../support/pulumi";

/**
 * Replication written with outputs, not literals, as a real program writes it: the secondary of
 * an ElastiCache global datastore names the datastore by `global.globalReplicationGroupId`, an S3
 * replication rule names its destination by `bucket.arn`. Run under the plan's mock runtime, the
 * mocks answer realistic identifiers, and the policies resolve each reference to the resource it
 * names and so its region.
 */

const TAGS = { Environment: "prod", Project: "ai-platform", ManagedBy: "pulumi", DataClassification: "personal" };

class Scenario extends pulumi.ComponentResource {
    constructor(name: string, build: (parent: pulumi.Resource, provider: (region: string, zone: string) => aws.Provider, n: (s: string) => string) => void) {
        super("test:policy:Scenario", name, {}, {});
        const providers = new Map<string, aws.Provider>();
        const provider = (region: string, zone: string) => {
            const key = `${region}-${zone}`;
            if (!providers.has(key)) {
                providers.set(key, new aws.Provider(`${name}-${key}`, { region: region as aws.Region, defaultTags: { tags: { ...TAGS, DataResidency: zone } } }, { parent: this }));
            }
            return providers.get(key)!;
        };
        // Children carry the scenario name: URNs (type and name) must be unique in a stack.
        build(this, provider, (s) => `${name}-${s}`);
        this.registerOutputs({});
    }
}

async function planOf(name: string, build: ConstructorParameters<typeof Scenario>[1]): Promise<PlannedResource[]> {
    mockRuntime();
    const scenario = new Scenario(name, build);
    return resourcesUnder(scenario.urn);
}

function cacheDatastore(secondaryRegion: string, secondaryZone: string) {
    return (parent: pulumi.Resource, provider: (region: string, zone: string) => aws.Provider, n: (s: string) => string) => {
        const primary = new aws.elasticache.ReplicationGroup(n("primary"), {
            description: "eu primary", nodeType: "cache.r6g.large", engine: "redis", numCacheClusters: 2,
            atRestEncryptionEnabled: true, transitEncryptionEnabled: true, automaticFailoverEnabled: true, multiAzEnabled: true,
        }, { parent, provider: provider("eu-central-1", "eu") });
        const global = new aws.elasticache.GlobalReplicationGroup(n("sessions"), {
            globalReplicationGroupIdSuffix: n("sessions"),
            primaryReplicationGroupId: primary.id,
        }, { parent, provider: provider("eu-central-1", "eu") });
        new aws.elasticache.ReplicationGroup(n("secondary"), {
            description: "secondary", globalReplicationGroupId: global.globalReplicationGroupId, numCacheClusters: 2,
            automaticFailoverEnabled: true, multiAzEnabled: true,
        }, { parent, provider: provider(secondaryRegion, secondaryZone) });
    };
}

function bucketReplication(destinationRegion: string, destinationZone: string) {
    return (parent: pulumi.Resource, provider: (region: string, zone: string) => aws.Provider, n: (s: string) => string) => {
        const source = new aws.s3.Bucket(n("source"), {}, { parent, provider: provider("eu-central-1", "eu") });
        const destination = new aws.s3.Bucket(n("destination"), {}, { parent, provider: provider(destinationRegion, destinationZone) });
        new aws.s3.BucketReplicationConfig(n("replication"), {
            bucket: source.id,
            role: "arn:aws:iam::123456789012:role/replication",
            rules: [{ id: "all", status: "Enabled", destination: { bucket: destination.arn } }],
        }, { parent, provider: provider("eu-central-1", "eu") });
    };
}

const messages = (resources: readonly PlannedResource[], policy: typeof linkedReplicasInZone | typeof encryptionAtRest) =>
    evaluatePolicyPack(resources, { policies: [policy] }).violations.map((v) => v.message);

describe("references through outputs: mocks answer real identifiers, policies resolve them", function () {
    this.timeout(60_000);

    it("an EU global datastore with a us-east-1 secondary linked by output is a residency violation naming us-east-1", async () => {
        const resources = await planOf("cache-eu-us", cacheDatastore("us-east-1", "us"));
        const secondary = resources.find((r) => r.name.endsWith("-secondary"))!;
        assert.match(String(secondary.inputs.globalReplicationGroupId), /^[a-z]{5}-cache-eu-us-sessions$/, "the secondary's link reaches its inputs");
        const found = messages(resources, linkedReplicasInZone);
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /replicates zone "eu" data .* to cache-eu-us-secondary .* in us-east-1: us-east-1 is not allowed for zone "eu"/);
    });

    it("an EU global datastore with an eu-west-1 secondary passes", async () => {
        const resources = await planOf("cache-eu-eu", cacheDatastore("eu-west-1", "eu"));
        assert.deepEqual(messages(resources, linkedReplicasInZone), []);
    });

    it("a secondary that inherits the primary's encryption is not an encryption-at-rest finding", async () => {
        const resources = await planOf("cache-enc", cacheDatastore("eu-west-1", "eu"));
        assert.deepEqual(messages(resources, encryptionAtRest), []);
    });

    it("a secondary whose datastore is not in the plan stays a violation that says it cannot be resolved", () => {
        const secondary: PlannedResource = {
            type: "aws:elasticache/replicationGroup:ReplicationGroup", name: "orphan", urn: "urn:pulumi:t::p::aws:elasticache/replicationGroup:ReplicationGroup::orphan",
            inputs: { globalReplicationGroupId: "abcde-elsewhere", tags: { DataResidency: "eu" } }, region: "eu-west-1", custom: true, protect: false, retainOnDelete: false,
            provider: { type: "pulumi:providers:aws", name: "eu", urn: "urn:pulumi:t::p::pulumi:providers:aws::eu", inputs: { region: "eu-west-1" } },
        };
        const found = messages([secondary], linkedReplicasInZone);
        assert.equal(found.length, 1);
        assert.match(found[0], /no GlobalReplicationGroup in this plan has that id, so the region its data comes from cannot be determined/);
    });

    it("S3 replication to an in-program us-east-1 bucket (destination by output) names us-east-1", async () => {
        const resources = await planOf("s3-eu-us", bucketReplication("us-east-1", "us"));
        const found = messages(resources, linkedReplicasInZone);
        assert.equal(found.length, 1, found.join("\n"));
        assert.match(found[0], /replicates zone "eu" data .* to arn:aws:s3:::s3-eu-us-destination-[0-9a-f]{7}, s3-eu-us-destination \(aws:s3\/bucket:Bucket\) in us-east-1, .*us-east-1 is not allowed for zone "eu"/);
        assert.doesNotMatch(found[0], /cannot determine/);
    });

    it("S3 replication EU to EU written the same way passes", async () => {
        const resources = await planOf("s3-eu-eu", bucketReplication("eu-west-1", "eu"));
        assert.deepEqual(messages(resources, linkedReplicasInZone), []);
    });
});
