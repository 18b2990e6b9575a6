import { isGlobalServiceType, isAwsType, T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy } from "./lib/define";
import { num, shown } from "./lib/props";
import { CLASSIFICATION_TAG_KEY, ZONE_TAG_KEY } from "./lib/zones";

/** Tags are how the residency policies, cost reports and on-call find out what a resource is. */

/**
 * Taggable types this product creates (each has a `tags` input; the tests check). Any other AWS
 * resource that is given a `tags` input is checked too.
 */
export const TAGGABLE_TYPES: readonly string[] = [
    T.rdsInstance, T.rdsCluster, T.rdsClusterInstance, T.rdsGlobalCluster,
    "aws:rds/subnetGroup:SubnetGroup", "aws:rds/parameterGroup:ParameterGroup",
    T.cacheReplicationGroup, "aws:elasticache/subnetGroup:SubnetGroup",
    T.dynamoTable, T.dynamoTableReplica,
    T.s3Bucket, T.s3BucketV2,
    T.ebsVolume, T.eksCluster, T.eksNodeGroup,
    T.snsTopic, T.sqsQueue, T.logGroup, "aws:cloudwatch/metricAlarm:MetricAlarm", "aws:cloudwatch/eventRule:EventRule",
    T.cloudfrontDistribution, T.lbLoadBalancer, T.albLoadBalancer, T.lbListener, "aws:lb/targetGroup:TargetGroup",
    T.iamRole, T.iamPolicy, T.lambdaFunction, T.wafWebAcl, T.kmsKey, T.kmsReplicaKey, T.secret, T.acmCertificate,
    "aws:ec2/vpc:Vpc", "aws:ec2/subnet:Subnet", "aws:ec2/securityGroup:SecurityGroup", "aws:ec2/natGateway:NatGateway",
    "aws:ec2/eip:Eip", "aws:ec2/internetGateway:InternetGateway", "aws:ec2/routeTable:RouteTable", T.ec2FlowLog,
    "aws:ec2/launchTemplate:LaunchTemplate",
    "aws:globalaccelerator/accelerator:Accelerator", "aws:route53/zone:Zone", "aws:route53/healthCheck:HealthCheck",
];

interface RequiredTagsConfig {
    readonly requiredTags: readonly string[];
    readonly requiredRegionalTags: readonly string[];
    readonly allowedTagValues: Readonly<Record<string, readonly string[]>>;
}

export const requiredTags = resourcePolicy<RequiredTagsConfig>({
    name: "required-tags",
    description: "Taggable AWS resources carry the required tags (own or provider default tags), regional ones also the residency tags, with values from allowedTagValues where listed.",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: {
        properties: {
            requiredTags: prop.strings("Tags every taggable AWS resource carries.", ["Environment", "Project", "ManagedBy"]),
            requiredRegionalTags: prop.strings("Tags every taggable regional resource also carries (global ones hold no zone's data).", [ZONE_TAG_KEY, CLASSIFICATION_TAG_KEY]),
            allowedTagValues: prop.stringListMap("Tag -> the values it may take.", { [CLASSIFICATION_TAG_KEY]: ["personal", "internal", "public"] }),
        },
    },
    remediationSteps: "Set the tags on the provider's defaultTags (one place per region) or on the resource.",
    types: "any",
    // The one unambiguous source of a missing tag's value is the stack's own tag of that name.
    remediate: (r, cfg) => {
        if (!isAwsType(r.type) || (!TAGGABLE_TYPES.includes(r.type) && !("tags" in r.props))) return undefined;
        const tags = r.tags();
        const fill = cfg.requiredTags.filter((k) => (tags[k] ?? "").trim() === "" && (r.stackTags.get(k) ?? "") !== "");
        return fill.length > 0 ? { tags: { ...r.ownTags(), ...Object.fromEntries(fill.map((k) => [k, r.stackTags.get(k) as string])) } } : undefined;
    },
    check: (r, cfg, report, notApplicable) => {
        if (!isAwsType(r.type)) return notApplicable("not an AWS resource");
        if (!TAGGABLE_TYPES.includes(r.type) && !("tags" in r.props)) return notApplicable("not a taggable type this pack knows");
        const tags = r.tags();
        const required = isGlobalServiceType(r.type) ? cfg.requiredTags : [...cfg.requiredTags, ...cfg.requiredRegionalTags];
        const missing = required.filter((k) => (tags[k] ?? "").trim() === "");
        if (missing.length > 0) report(`${r.label}: missing tags ${missing.join(", ")}; expected them on the resource or its provider's defaultTags`);
        for (const [key, values] of Object.entries(cfg.allowedTagValues)) {
            const value = tags[key];
            if (value !== undefined && !values.includes(value)) report(`${r.label}: tag ${key}="${value}"; expected one of ${values.join(", ")}`);
        }
    },
});

interface RetentionConfig {
    readonly minimumDays: number;
    readonly maximumDays: number;
}

export const logRetention = resourcePolicy<RetentionConfig>({
    name: "log-retention",
    description: "CloudWatch log groups expire: retentionInDays is set (never-expire keeps personal data forever, against GDPR storage limitation) and lies between minimumDays and maximumDays.",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: {
        properties: {
            minimumDays: prop.integer("Shortest retention accepted, days.", 30, 1),
            maximumDays: prop.integer("Longest retention accepted, days.", 3653, 1),
        },
    },
    remediationSteps: "Set retentionInDays from the environment's logRetentionDays.",
    types: [T.logGroup],
    check: (r, cfg, report) => {
        const days = num(r.props.retentionInDays);
        if (days === undefined || days === 0) {
            report(`${r.label}: retentionInDays is ${shown(r.props.retentionInDays)} (never expire); expected ${cfg.minimumDays} to ${cfg.maximumDays} days`);
        } else if (days < cfg.minimumDays || days > cfg.maximumDays) {
            report(`${r.label}: retentionInDays is ${days}; expected ${cfg.minimumDays} to ${cfg.maximumDays} days`);
        }
    },
});
