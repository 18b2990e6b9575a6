import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy, stackPolicy } from "./lib/define";
import { ENVIRONMENT_CONFIG_PROPERTIES, environmentOf, type EnvironmentConfig } from "./lib/environment";
import { list, num, record, shown, str, strings } from "./lib/props";
import { ReferenceIndex, regionOfResource } from "./lib/references";
import type { ResourceView } from "./lib/resource";

/**
 * The AWS security baseline AWSGuard (pulumi-policy-aws) checks, written for the aws v7 type
 * tokens this program creates (AWSGuard still looks for v4 and pre-v4 types), and a little
 * beyond where AWSGuard misses a resource style (S3 logging through aws.s3.BucketLogging). The
 * mapping of every AWSGuard rule is in policy-pack/README.md.
 */

const BUCKETS: readonly string[] = [T.s3Bucket, T.s3BucketV2];
const BUCKET_LOGGING = ["aws:s3/bucketLogging:BucketLogging", "aws:s3/bucketLoggingV2:BucketLoggingV2"];
const LOAD_BALANCERS: readonly string[] = [T.lbLoadBalancer, T.albLoadBalancer];

interface KeyRotationConfig {
    readonly maximumRotationPeriodDays: number;
}

/** Key specs KMS can rotate automatically: symmetric encryption keys with KMS-generated material. */
const rotatable = (r: ResourceView) => {
    const spec = str(r.props.customerMasterKeySpec) ?? str(r.props.keySpec) ?? "SYMMETRIC_DEFAULT";
    return spec === "SYMMETRIC_DEFAULT" && str(r.props.keyUsage) !== "GENERATE_VERIFY_MAC";
};

export const kmsKeyRotation = resourcePolicy<KeyRotationConfig>({
    name: "kms-key-rotation",
    description: "Customer-managed symmetric KMS keys rotate their key material automatically (enableKeyRotation), at most every maximumRotationPeriodDays (AWSGuard cmk-backing-key-rotation-enabled). Asymmetric and HMAC keys cannot rotate and are not applicable.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: {
        properties: {
            // KMS: rotationPeriodInDays 90..2560, default 365 (KMS developer guide, "Rotating AWS KMS keys").
            maximumRotationPeriodDays: prop.integer("Longest rotation period accepted, days (KMS allows 90 to 2560; default 365).", 365, 90),
        },
    },
    remediationSteps: "Set enableKeyRotation: true on the key.",
    types: [T.kmsKey],
    check: (r, cfg, report, notApplicable) => {
        if (!rotatable(r)) return notApplicable("asymmetric and HMAC keys cannot rotate automatically");
        if (r.props.enableKeyRotation !== true) {
            report(`${r.label}: enableKeyRotation is ${shown(r.props.enableKeyRotation)}; expected true (KMS rotates the key material yearly by default)`);
            return;
        }
        const period = num(r.props.rotationPeriodInDays);
        if (period !== undefined && period > cfg.maximumRotationPeriodDays) {
            report(`${r.label}: rotationPeriodInDays is ${period}; expected at most ${cfg.maximumRotationPeriodDays}`);
        }
    },
    remediate: (r) => (rotatable(r) && r.props.enableKeyRotation !== true ? { enableKeyRotation: true } : undefined),
});

/** Buckets that receive logs of other services: logging them into themselves would loop. */
function logTargets(index: ReferenceIndex): Set<ResourceView> {
    const targets = new Set<ResourceView>();
    const mark = (ref: string | undefined) => {
        if (ref === undefined) return;
        // CloudFront names its log bucket by domain: `<bucket>.s3.amazonaws.com`.
        const name = ref.replace(/\.s3(\.[a-z0-9-]+)?\.amazonaws\.com$/, "");
        const found = index.find(ref, BUCKETS) ?? index.find(name, BUCKETS);
        if (found) targets.add(found);
    };
    for (const r of index.resources) {
        if (BUCKET_LOGGING.includes(r.type)) mark(str(r.props.targetBucket));
        if (BUCKETS.includes(r.type)) mark(str(record(r.props.logging)?.targetBucket));
        if (r.type === T.cloudfrontDistribution) mark(str(record(r.props.loggingConfig)?.bucket));
        if (LOAD_BALANCERS.includes(r.type)) mark(str(record(r.props.accessLogs)?.bucket));
        if (r.type === T.ec2FlowLog) mark(str(r.props.logDestination));
        if (r.type === T.wafLogging) strings(r.props.logDestinationConfigs).forEach(mark);
    }
    return targets;
}

export const s3AccessLogging = stackPolicy<Record<string, never>>({
    name: "s3-access-logging",
    description: "S3 buckets have server access logging, inline (`logging`) or through an aws.s3.BucketLogging resource (which AWSGuard's s3-bucket-logging-enabled misses); buckets that are themselves log destinations are exempt (logging a log bucket loops).",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: { properties: {} },
    remediationSteps: "Add an aws.s3.BucketLogging for the bucket, with a log bucket in the same region as targetBucket.",
    check: (resources, _cfg, report, notApplicable) => {
        const index = new ReferenceIndex(resources);
        const buckets = resources.filter((r) => BUCKETS.includes(r.type));
        if (buckets.length === 0) return notApplicable("no S3 buckets");
        const targets = logTargets(index);
        const logged = new Set(resources.filter((r) => BUCKET_LOGGING.includes(r.type)).map((l) => index.find(str(l.props.bucket), BUCKETS)));
        for (const b of buckets) {
            if (targets.has(b) || logged.has(b) || str(record(b.props.logging)?.targetBucket) !== undefined) continue;
            report(`${b.label}: no server access logging (no logging input and no aws.s3.BucketLogging names it); expected access logs to a log bucket in its region`, b.urn);
        }
    },
});

interface LbLogsConfig extends EnvironmentConfig {
    readonly requireOutsideProduction: boolean;
}

/**
 * Load balancer access logs where AWS produces them: every ALB; an NLB only with a TLS listener,
 * as "access logs are created only if the load balancer has a TLS listener" (ELB user guide for
 * Network Load Balancers, "Access logs"). The log bucket must be in the load balancer's region
 * (same guide, bucket requirements), which also keeps client IPs in the zone.
 */
export const lbAccessLogs = stackPolicy<LbLogsConfig>({
    name: "lb-access-logs",
    description: "Load balancers log access where AWS supports it (every ALB; an NLB that has a TLS listener) to a bucket in their own region (AWSGuard elb-logging-enabled, which checks none of the aws v7 types).",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: {
        properties: {
            ...ENVIRONMENT_CONFIG_PROPERTIES,
            requireOutsideProduction: prop.boolean("Also require access logs outside production.", false),
        },
    },
    remediationSteps: "Set accessLogs { enabled: true, bucket } with a bucket in the load balancer's region whose policy lets ELB log delivery write.",
    check: (resources, cfg, report, notApplicable) => {
        const index = new ReferenceIndex(resources);
        const lbs = resources.filter((r) => LOAD_BALANCERS.includes(r.type));
        if (lbs.length === 0) return notApplicable("no load balancers");
        const listeners = resources.filter((r) => r.type === T.lbListener || r.type === T.albListener);
        for (const lb of lbs) {
            if (!cfg.requireOutsideProduction && !environmentOf(lb, cfg).production) continue;
            const network = lb.props.loadBalancerType === "network";
            if (network) {
                const tls = listeners.some((l) => index.find(str(l.props.loadBalancerArn), LOAD_BALANCERS) === lb && str(l.props.protocol)?.toUpperCase() === "TLS");
                if (!tls) continue; // NLB access logs cover TLS listeners only
            }
            if (lb.props.loadBalancerType === "gateway") continue;
            const logs = record(lb.props.accessLogs);
            if (logs?.enabled !== true || str(logs.bucket) === undefined) {
                report(`${lb.label}: accessLogs is ${shown(lb.props.accessLogs)}; expected { enabled: true, bucket } (${network ? "an NLB with a TLS listener" : "an Application Load Balancer"})`, lb.urn);
                continue;
            }
            const bucket = index.resolve(str(logs.bucket), BUCKETS);
            const lbRegion = regionOfResource(lb);
            if (bucket.region !== undefined && lbRegion !== undefined && bucket.region !== lbRegion) {
                report(`${lb.label} in ${lbRegion}: its access-log bucket is ${bucket.how}; expected a bucket in ${lbRegion} (ELB writes only to a bucket in its region)`, lb.urn);
            }
        }
    },
});

/**
 * Exclusive and additive management of one thing fight: a role with inlinePolicies or
 * managedPolicyArns also given RolePolicy / RolePolicyAttachment, a security group with inline
 * ingress/egress also given rule resources (AWSGuard iam-role-no-policy-management-conflicts and
 * security-group-no-rule-management-conflicts; the aws provider documents both conflicts).
 */
export const noManagementConflicts = stackPolicy<Record<string, never>>({
    name: "no-management-conflicts",
    description: "No IAM role is managed both inline (inlinePolicies / managedPolicyArns) and by RolePolicy / RolePolicyAttachment resources, and no security group both inline (ingress / egress) and by rule resources: the provider would keep undoing one with the other.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: { properties: {} },
    remediationSteps: "Manage a role's policies and a security group's rules in one style only (separate resources).",
    check: (resources, _cfg, report) => {
        const index = new ReferenceIndex(resources);
        const roleRefs = new Map<ResourceView, string[]>();
        const sgRefs = new Map<ResourceView, string[]>();
        const note = (map: Map<ResourceView, string[]>, target: ResourceView | undefined, by: ResourceView) => {
            if (target) map.set(target, [...(map.get(target) ?? []), by.label]);
        };
        for (const r of resources) {
            if (r.type === T.iamRolePolicy || r.type === T.iamRolePolicyAttachment) note(roleRefs, index.find(str(r.props.role), [T.iamRole]), r);
            if (r.type === T.iamPolicyAttachment) strings(r.props.roles).forEach((role) => note(roleRefs, index.find(role, [T.iamRole]), r));
            if (["aws:ec2/securityGroupRule:SecurityGroupRule", "aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "aws:vpc/securityGroupEgressRule:SecurityGroupEgressRule"].includes(r.type)) {
                note(sgRefs, index.find(str(r.props.securityGroupId), ["aws:ec2/securityGroup:SecurityGroup"]), r);
            }
        }
        for (const [role, by] of roleRefs) {
            const inline = [list(role.props.inlinePolicies).length > 0 ? "inlinePolicies" : undefined, strings(role.props.managedPolicyArns).length > 0 ? "managedPolicyArns" : undefined].filter((s) => s !== undefined);
            if (inline.length > 0) report(`${role.label} sets ${inline.join(" and ")} and is also given policies by ${by.join(", ")}; expected one style`, role.urn);
        }
        for (const [sg, by] of sgRefs) {
            const inline = ["ingress", "egress"].filter((k) => list(sg.props[k]).length > 0);
            if (inline.length > 0) report(`${sg.label} has inline ${inline.join(" and ")} rules and is also given rules by ${by.join(", ")}; expected one style`, sg.urn);
        }
    },
});

export const ec2NoPublicIp = resourcePolicy<Record<string, never>>({
    name: "ec2-no-public-ip",
    description: "EC2 instances and launch templates (EKS node groups use them) associate no public IPv4 address (AWSGuard ec2-instance-no-public-ip).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: { properties: {} },
    remediationSteps: "Set associatePublicIpAddress: false; place instances in private subnets behind NAT.",
    types: [T.ec2Instance, "aws:ec2/launchTemplate:LaunchTemplate"],
    check: (r, _cfg, report) => {
        if (r.type === T.ec2Instance) {
            if (r.props.associatePublicIpAddress === true) report(`${r.label}: associatePublicIpAddress is true; expected false`);
            return;
        }
        list(r.props.networkInterfaces).forEach((ni, i) => {
            const v = record(ni)?.associatePublicIpAddress;
            if (v === true || v === "true") report(`${r.label}: networkInterfaces[${i}].associatePublicIpAddress is ${shown(v)}; expected false`);
        });
    },
});

export const acmDnsValidation = resourcePolicy<Record<string, never>>({
    name: "acm-dns-validation",
    description: "ACM certificates are Amazon-issued and DNS-validated, so ACM renews them without anyone acting (AWSGuard acm-certificate-expiration needs the ACM API; imported certificates do not renew).",
    enforcementLevel: "advisory",
    severity: "low",
    configSchema: { properties: {} },
    remediationSteps: "Request the certificate with validationMethod DNS and create its validation records.",
    types: [T.acmCertificate],
    check: (r, _cfg, report) => {
        if (str(r.props.privateKey) !== undefined || str(r.props.certificateBody) !== undefined) {
            report(`${r.label}: an imported certificate (privateKey / certificateBody); ACM does not renew imported certificates; expected an ACM-issued certificate with validationMethod DNS`);
        } else if (str(r.props.validationMethod) !== "DNS") {
            report(`${r.label}: validationMethod is ${shown(r.props.validationMethod)}; expected "DNS" (ACM renews DNS-validated certificates automatically)`);
        }
    },
});
