import { acmDnsValidation, ec2NoPublicIp, kmsKeyRotation, lbAccessLogs, noManagementConflicts, s3AccessLogging } from "../../../policy-pack/policies/baseline";
import { encryptionAtRest } from "../../../policy-pack/policies/encryption";
import { T } from "../../../policy-pack/policies/lib/awsTypes";
import { prodDeletionProtection } from "../../../policy-pack/policies/production";
import { PROVIDERS as P, res } from "../fixtures";
import type { PolicyCases } from "./types";

/** The AWSGuard parity policies (policy-pack/README.md maps every AWSGuard rule). */

const bucket = (name: string, inputs: Record<string, unknown> = {}, provider = P.euCentral) =>
    res(T.s3Bucket, { bucket: name, arn: `arn:aws:s3:::${name}`, ...inputs }, { name, provider });
const lb = (name: string, inputs: Record<string, unknown>, provider = P.euCentral) =>
    res(T.lbLoadBalancer, { arn: `arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/${name}/1`, ...inputs }, { name, provider });
const listener = (lbName: string, protocol: string) =>
    res(T.lbListener, { loadBalancerArn: `arn:aws:elasticloadbalancing:eu-central-1:123456789012:loadbalancer/net/${lbName}/1`, protocol, port: 443 }, { name: `${lbName}-${protocol}` });
const role = (inputs: Record<string, unknown> = {}) => res(T.iamRole, { name: "fn", arn: "arn:aws:iam::123456789012:role/fn", ...inputs }, { name: "fn", provider: P.global });

export const PARITY: readonly PolicyCases[] = [
    {
        policy: kmsKeyRotation,
        cases: [
            { name: "a rotating symmetric key", resources: res(T.kmsKey, { enableKeyRotation: true }), expect: [] },
            { name: "rotation off", resources: res(T.kmsKey, {}), expect: ["enableKeyRotation is not set; expected true"] },
            { name: "rotation every 1000 days", resources: res(T.kmsKey, { enableKeyRotation: true, rotationPeriodInDays: 1000 }), expect: ["rotationPeriodInDays is 1000; expected at most 365"] },
            { name: "an asymmetric signing key cannot rotate", resources: res(T.kmsKey, { customerMasterKeySpec: "RSA_2048", keyUsage: "SIGN_VERIFY" }), expect: [] },
        ],
    },
    {
        policy: s3AccessLogging,
        cases: [
            { name: "a bucket logging through aws.s3.BucketLogging (which AWSGuard misses)", resources: [bucket("data"), bucket("logs"), res("aws:s3/bucketLogging:BucketLogging", { bucket: "data", targetBucket: "logs", targetPrefix: "data/" })], expect: [] },
            { name: "a bucket with inline logging", resources: [bucket("data", { logging: { targetBucket: "logs" } }), bucket("logs")], expect: [] },
            { name: "a bucket without access logging", resources: [bucket("data")], expect: ["data (aws:s3/bucket:Bucket): no server access logging"] },
            { name: "CloudFront's log bucket (a log destination) is exempt", resources: [bucket("edge-logs"), res(T.cloudfrontDistribution, { loggingConfig: { bucket: "edge-logs.s3.amazonaws.com" } }, { provider: P.global })], expect: [] },
        ],
    },
    {
        policy: lbAccessLogs,
        cases: [
            { name: "an NLB with only a TCP listener (AWS writes no access logs for it)", resources: [lb("nlb", { loadBalancerType: "network" }), listener("nlb", "TCP")], stack: { production: true }, expect: [] },
            { name: "an NLB with a TLS listener and no access logs", resources: [lb("nlb", { loadBalancerType: "network" }), listener("nlb", "TLS")], stack: { production: true }, expect: ["accessLogs is not set; expected { enabled: true, bucket } (an NLB with a TLS listener)"] },
            { name: "an NLB with a TLS listener logging to a bucket in its region", resources: [lb("nlb", { loadBalancerType: "network", accessLogs: { enabled: true, bucket: "nlb-logs" } }), listener("nlb", "TLS"), bucket("nlb-logs")], stack: { production: true }, expect: [] },
            { name: "logging to a bucket in another region", resources: [lb("nlb", { loadBalancerType: "network", accessLogs: { enabled: true, bucket: "far-logs" } }), listener("nlb", "TLS"), bucket("far-logs", {}, P.usEast)], stack: { production: true }, expect: ["expected a bucket in eu-central-1"] },
            { name: "an ALB without access logs", resources: [lb("alb", { loadBalancerType: "application" })], stack: { production: true }, expect: ["(an Application Load Balancer)"] },
            { name: "outside production by default not required", resources: [lb("alb", { loadBalancerType: "application" })], stack: { production: false }, expect: [] },
        ],
    },
    {
        policy: noManagementConflicts,
        cases: [
            { name: "a role managed by RolePolicy only", resources: [role(), res(T.iamRolePolicy, { role: "fn", policy: "{}" }, { provider: P.global })], expect: [] },
            { name: "a role with inlinePolicies and a RolePolicy", resources: [role({ inlinePolicies: [{ name: "a", policy: "{}" }] }), res(T.iamRolePolicy, { role: "fn", policy: "{}" }, { name: "extra", provider: P.global })], expect: ["fn (aws:iam/role:Role) sets inlinePolicies and is also given policies by extra"] },
            {
                name: "a security group with inline ingress and an ingress rule resource",
                resources: [res("aws:ec2/securityGroup:SecurityGroup", { name: "sg", ingress: [{ protocol: "tcp", fromPort: 443, toPort: 443 }] }, { name: "sg" }), res("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", { securityGroupId: "sg", ipProtocol: "tcp" }, { name: "rule" })],
                expect: ["sg (aws:ec2/securityGroup:SecurityGroup) has inline ingress rules and is also given rules by rule"],
            },
        ],
    },
    {
        policy: ec2NoPublicIp,
        cases: [
            { name: "an instance without a public IP", resources: res(T.ec2Instance, { associatePublicIpAddress: false }), expect: [] },
            { name: "an instance with a public IP", resources: res(T.ec2Instance, { associatePublicIpAddress: true }), expect: ["associatePublicIpAddress is true"] },
            { name: "a launch template handing out public IPs", resources: res("aws:ec2/launchTemplate:LaunchTemplate", { networkInterfaces: [{ associatePublicIpAddress: "true" }] }), expect: ["networkInterfaces[0].associatePublicIpAddress"] },
        ],
    },
    {
        policy: acmDnsValidation,
        cases: [
            { name: "a DNS-validated certificate", resources: res(T.acmCertificate, { domainName: "x.example.com", validationMethod: "DNS" }), expect: [] },
            { name: "an email-validated certificate", resources: res(T.acmCertificate, { domainName: "x.example.com", validationMethod: "EMAIL" }), expect: ['validationMethod is "EMAIL"'] },
        ],
    },
    {
        policy: prodDeletionProtection,
        cases: [
            { name: "a production load balancer with deletion protection", resources: lb("nlb", { loadBalancerType: "network", enableDeletionProtection: true }), stack: { production: true }, expect: [] },
            { name: "a production load balancer without", resources: lb("nlb", { loadBalancerType: "network" }), stack: { production: true }, expect: ["enableDeletionProtection is not set; expected true"] },
        ],
    },
    {
        policy: encryptionAtRest,
        cases: [
            { name: "an instance with encrypted root and data volumes", resources: res(T.ec2Instance, { rootBlockDevice: { encrypted: true }, ebsBlockDevices: [{ encrypted: true }] }), expect: [] },
            { name: "an instance with an unencrypted root volume", resources: res(T.ec2Instance, { rootBlockDevice: {} }), expect: ["rootBlockDevice.encrypted is not set; expected true"] },
            { name: "a launch template with an unencrypted volume", resources: res("aws:ec2/launchTemplate:LaunchTemplate", { blockDeviceMappings: [{ deviceName: "/dev/xvda", ebs: { volumeSize: 100 } }] }), expect: ["blockDeviceMappings[0].ebs.encrypted is not set; expected true"] },
        ],
    },
];
