import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, RegionConfig } from "../../config";
import type { RegionalProviders } from "../providers";
import { alertKeyPolicy, alertTopicPolicy } from "./alertPolicies";
import { regionPrefix } from "./names";

export interface AlertTopicsArgs {
    readonly environment: EnvironmentConfig;
    readonly regions: readonly RegionConfig[];
    readonly providers: RegionalProviders;
}

/** Where a region's alarms go: what Observability and BedrockFailover need from AlertTopics. */
export interface AlertRouting {
    topicArnFor(regionCode: string): pulumi.Output<string>;
}

interface RegionTopic {
    readonly topicArn: pulumi.Output<string>;
    readonly keyArn: pulumi.Output<string>;
}

/**
 * One alert topic per region, KMS-encrypted with its own key, with the environment's alarm email
 * subscribed when one is set. Every alarm of the platform publishes to the topic of the region it
 * watches (Observability's, BedrockFailover's), so an on-call subscribes once per region.
 * A region's alarms stay in that region: an outage of one region cannot silence another's pages.
 */
export class AlertTopics extends pulumi.ComponentResource implements AlertRouting {
    private readonly byRegion = new Map<string, RegionTopic>();
    /** Topic ARN per region code (for stack outputs). */
    readonly topicArns: Readonly<Record<string, pulumi.Output<string>>>;

    constructor(name: string, args: AlertTopicsArgs, opts: pulumi.ComponentResourceOptions = {}) {
        super("ai-platform:operations:AlertTopics", name, {}, opts);
        const arns: Record<string, pulumi.Output<string>> = {};
        for (const region of args.regions) {
            const topic = this.regionTopic(name, region, args);
            this.byRegion.set(region.code, topic);
            arns[region.code] = topic.topicArn;
        }
        this.topicArns = arns;
        this.registerOutputs({ topicArns: this.topicArns });
    }

    /** The alert topic of a region; throws for a region the stack does not have (a wiring bug). */
    topicArnFor(regionCode: string): pulumi.Output<string> {
        return this.topicOf(regionCode).topicArn;
    }

    /** The topic's key: a publisher that is not an AWS service needs kms:GenerateDataKey* and kms:Decrypt on it. */
    keyArnFor(regionCode: string): pulumi.Output<string> {
        return this.topicOf(regionCode).keyArn;
    }

    private topicOf(regionCode: string): RegionTopic {
        const t = this.byRegion.get(regionCode);
        if (!t) throw new Error(`AlertTopics: no alert topic for region "${regionCode}" (have ${[...this.byRegion.keys()].join(", ")})`);
        return t;
    }

    private regionTopic(name: string, region: RegionConfig, args: AlertTopicsArgs): RegionTopic {
        const opts = { parent: this, provider: args.providers.forRegion(region) };
        const prefix = regionPrefix(args.environment, region.code);
        const identity = aws.getCallerIdentityOutput({}, opts);
        const partition = aws.getPartitionOutput({}, opts).partition;
        const key = new aws.kms.Key(`${name}-${region.code}-key`, {
            description: `Encrypts the ${prefix} alert topic; usable by CloudWatch alarms and AWS Budgets`,
            enableKeyRotation: true,
            deletionWindowInDays: 30,
            policy: pulumi.all([identity.accountId, partition]).apply(([accountId, p]) => JSON.stringify(alertKeyPolicy(accountId, p))),
        }, opts);
        new aws.kms.Alias(`${name}-${region.code}-key-alias`, { name: `alias/${prefix}-alerts`, targetKeyId: key.keyId }, opts);
        const topic = new aws.sns.Topic(`${name}-${region.code}`, {
            name: `${prefix}-alerts`,
            displayName: `${prefix} alerts`,
            kmsMasterKeyId: key.arn,
        }, opts);
        new aws.sns.TopicPolicy(`${name}-${region.code}-policy`, {
            arn: topic.arn,
            policy: pulumi.all([topic.arn, identity.accountId, partition]).apply(([arn, accountId, p]) => JSON.stringify(alertTopicPolicy(arn, accountId, p))),
        }, opts);
        if (args.environment.alarmEmail) {
            // Email subscriptions stay "pending" until the recipient clicks the link AWS sends.
            new aws.sns.TopicSubscription(`${name}-${region.code}-email`, {
                topic: topic.arn,
                protocol: "email",
                endpoint: args.environment.alarmEmail,
            }, opts);
        }
        return { topicArn: topic.arn, keyArn: key.arn };
    }
}
