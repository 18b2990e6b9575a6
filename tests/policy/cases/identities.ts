import { identityGrantsInZone } from "../../../policy-pack/policies/identities";
import { T } from "../../../policy-pack/policies/lib/awsTypes";
import { PROVIDERS as P, res } from "../fixtures";
import type { PolicyCases } from "./types";

/**
 * Residency of identities: the zone of a grant is the zone of the compute that assumes the role.
 * IAM resources here sit on the us-east-1 provider (tagged "us") or the global one, as IAM is
 * global; what decides is the Lambda, pod or instance that uses the role.
 */

const ACCOUNT = "123456789012";
const roleArn = (name: string) => `arn:aws:iam::${ACCOUNT}:role/${name}`;
const doc = (resources: unknown, actions: unknown = ["bedrock:InvokeModel", "bedrock:InvokeModelWithResponseStream"]) =>
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: actions, Resource: resources }] });

function role(name: string, provider = P.usEast, extra: Record<string, unknown> = {}) {
    return res(T.iamRole, { name, arn: roleArn(name), assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [] }), ...extra }, { name, provider });
}
const rolePolicy = (roleName: string, resources: unknown, provider = P.usEast, actions?: unknown) =>
    res(T.iamRolePolicy, { role: roleName, policy: doc(resources, actions) }, { name: `${roleName}-policy`, provider });
const lambda = (roleName: string, provider = P.euCentral) =>
    res(T.lambdaFunction, { runtime: "nodejs24.x", role: roleArn(roleName) }, { name: `${roleName}-fn`, provider });

const US_MODEL = "arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const EU_MODEL = "arn:aws:bedrock:eu-central-1::foundation-model/anthropic.claude-3-haiku-20240307-v1:0";
const EU_PROFILE = `arn:aws:bedrock:eu-west-1:${ACCOUNT}:inference-profile/eu.anthropic.claude-sonnet-4-5-20250929-v1:0`;

export const IDENTITIES: PolicyCases = {
    policy: identityGrantsInZone,
    cases: [
        {
            name: "a role declared on the us-east-1 provider, used by an EU Lambda, granted a US model",
            resources: [role("failover"), rolePolicy("failover", [US_MODEL]), lambda("failover")],
            expect: ['failover (aws:iam/role:Role), assumed by failover-fn (aws:lambda/function:Function) (Lambda execution role in eu-central-1), is in zone "eu" (provider default tag DataResidency): us-east-1 is not allowed for zone "eu"'],
        },
        { name: "the same role granted EU models and eu. profiles", resources: [role("failover"), rolePolicy("failover", [EU_MODEL, EU_PROFILE]), lambda("failover")], expect: [] },
        { name: "a role tagged EU but used by a US Lambda may use US models", resources: [role("us-fn", P.euCentral), rolePolicy("us-fn", [US_MODEL], P.euCentral), lambda("us-fn", P.usEast)], expect: [] },
        { name: "an EU Lambda's role granted invoke on every model", resources: [role("r"), rolePolicy("r", "*"), lambda("r")], expect: ['on "*", i.e. models in every region'] },
        { name: "an EU Lambda's role granted any region's models", resources: [role("r"), rolePolicy("r", ["arn:aws:bedrock:*::foundation-model/x"]), lambda("r")], expect: ["names no single region"] },
        {
            name: "EKS Pod Identity in eu-west-1 granted a us-east-1 DynamoDB table of the plan",
            resources: [
                role("pods"),
                res(T.iamPolicy, { arn: `arn:aws:iam::${ACCOUNT}:policy/pods`, policy: doc([`arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/sessions`], ["dynamodb:GetItem"]) }, { name: "pods-policy", provider: P.usEast }),
                res(T.iamRolePolicyAttachment, { role: "pods", policyArn: `arn:aws:iam::${ACCOUNT}:policy/pods` }, { name: "pods-attach", provider: P.usEast }),
                res(T.dynamoTable, { name: "sessions", arn: `arn:aws:dynamodb:us-east-1:${ACCOUNT}:table/sessions` }, { name: "sessions", provider: P.usEast }),
                res("aws:eks/podIdentityAssociation:PodIdentityAssociation", { clusterName: "eu", namespace: "edge", serviceAccount: "edge", roleArn: roleArn("pods") }, { name: "edge-pods", provider: P.euWest }),
            ],
            expect: ['grants arn:aws:dynamodb:us-east-1:123456789012:table/sessions (sessions (aws:dynamodb/table:Table) in us-east-1); pods (aws:iam/role:Role), assumed by edge-pods'],
        },
        {
            name: "IRSA trust on an eu-central-1 cluster granted a bucket of the plan in us-east-1 (S3 ARNs name no region)",
            resources: [
                role("irsa", P.global, { assumeRolePolicy: JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "sts:AssumeRoleWithWebIdentity", Principal: { Federated: `arn:aws:iam::${ACCOUNT}:oidc-provider/oidc.eks.eu-central-1.amazonaws.com/id/ABC` } }] }) }),
                rolePolicy("irsa", ["arn:aws:s3:::us-data/*"], P.global, ["s3:GetObject"]),
                res(T.s3Bucket, { bucket: "us-data", arn: "arn:aws:s3:::us-data" }, { name: "us-data", provider: P.usEast }),
            ],
            stack: { regionZones: { "eu-central-1": "eu", "us-east-1": "us" } },
            expect: ["grants arn:aws:s3:::us-data/* (us-data (aws:s3/bucket:Bucket) in us-east-1); irsa (aws:iam/role:Role), assumed by pods of the EKS cluster in eu-central-1"],
        },
        {
            name: "an EC2 instance profile in eu-west-1 granted a us-east-1 KMS key",
            resources: [
                role("nodes"),
                rolePolicy("nodes", [`arn:aws:kms:us-east-1:${ACCOUNT}:key/1234`], P.usEast, ["kms:Decrypt"]),
                res("aws:iam/instanceProfile:InstanceProfile", { name: "nodes-profile", role: "nodes" }, { name: "nodes-profile", provider: P.global }),
                res(T.ec2Instance, { instanceType: "m6i.large", iamInstanceProfile: "nodes-profile" }, { name: "worker", provider: P.euWest }),
            ],
            expect: ['kms:us-east-1:123456789012:key/1234 (its ARN names us-east-1); nodes (aws:iam/role:Role), assumed by worker'],
        },
        {
            name: "an EU Lambda's role granted a bucket that is not in the plan",
            resources: [role("r"), rolePolicy("r", ["arn:aws:s3:::somewhere-else/*"], P.usEast, ["s3:GetObject"]), lambda("r")],
            expect: ["whose region cannot be determined (an ARN that names no region, of no resource in this plan)"],
        },
        { name: "a role nothing assumes, tagged EU, granted a US model", resources: [role("orphan", P.euCentral), rolePolicy("orphan", [US_MODEL], P.euCentral)], expect: ['is tagged for zone "eu"'] },
        { name: "a role nothing assumes on the global provider (no zone) is not judged", resources: [role("deploy", P.global), rolePolicy("deploy", [US_MODEL], P.global)], expect: [] },
    ],
};
