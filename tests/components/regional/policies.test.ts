import * as assert from "assert";
import {
    flowLogDeliveryPolicy,
    flowLogTrustPolicy,
    LOGS_KMS_ACTIONS,
    nodeRoleManagedPolicyArns,
    nodeTrustPolicy,
    regionalKeyPolicy,
} from "../../../components/regional/policies";
import { actionsOf, type PolicyDocument } from "../../../components/iamDocument";

const scopes = [
    { partition: "aws", accountId: "111122223333", region: "eu-central-1" },
    { partition: "aws", accountId: "444455556666", region: "us-west-2" },
];

const statementBySid = (doc: PolicyDocument, sid: string) => {
    const s = doc.Statement.find((x) => x.Sid === sid);
    if (!s) throw new Error(`no statement ${sid}`);
    return s;
};

describe("regional/policies: regionalKeyPolicy", function () {
    for (const scope of scopes) {
        it(`${scope.region}: administration through IAM of account ${scope.accountId}`, function () {
            const s = statementBySid(regionalKeyPolicy(scope), "AccountAdministersKeyThroughIam");
            assert.deepStrictEqual(s.Principal, { AWS: `arn:aws:iam::${scope.accountId}:root` });
        });

        it(`${scope.region}: CloudWatch Logs of this region only, for this account's log groups only, no wildcard actions`, function () {
            const s = statementBySid(regionalKeyPolicy(scope), "CloudWatchLogsInThisRegion");
            assert.deepStrictEqual(s.Principal, { Service: `logs.${scope.region}.amazonaws.com` });
            assert.deepStrictEqual(s.Action, LOGS_KMS_ACTIONS);
            assert.ok(actionsOf(s).every((a) => !a.includes("*")));
            assert.deepStrictEqual(s.Condition, {
                ArnLike: { "kms:EncryptionContext:aws:logs:arn": `arn:aws:logs:${scope.region}:${scope.accountId}:log-group:*` },
            });
        });
    }

    it("names no other principal", function () {
        const principals = regionalKeyPolicy(scopes[0]).Statement.map((s) => s.Principal);
        assert.strictEqual(principals.length, 2);
    });
});

describe("regional/policies: flow-log role", function () {
    for (const scope of scopes) {
        it(`${scope.region}: only VPC Flow Logs may assume it, only for this account's flow logs in this region`, function () {
            const [s] = flowLogTrustPolicy(scope).Statement;
            assert.deepStrictEqual(s.Principal, { Service: "vpc-flow-logs.amazonaws.com" });
            assert.deepStrictEqual(s.Condition?.StringEquals, { "aws:SourceAccount": scope.accountId });
            assert.deepStrictEqual(s.Condition?.ArnLike, { "aws:SourceArn": `arn:aws:ec2:${scope.region}:${scope.accountId}:vpc-flow-log/*` });
        });
    }

    const arns = [
        { title: "ARN as the provider returns it", arn: "arn:aws:logs:eu-central-1:111122223333:log-group:/ai-platform/prod/vpc-flow-logs" },
        { title: "ARN with a trailing :*", arn: "arn:aws:logs:eu-central-1:111122223333:log-group:/ai-platform/prod/vpc-flow-logs:*" },
    ];
    for (const c of arns) {
        it(`writes only to its own group and its streams (${c.title})`, function () {
            const doc = flowLogDeliveryPolicy(c.arn, scopes[0]);
            const write = statementBySid(doc, "WriteFlowLogsToItsGroup");
            const group = "arn:aws:logs:eu-central-1:111122223333:log-group:/ai-platform/prod/vpc-flow-logs";
            assert.deepStrictEqual(write.Resource, [group, `${group}:log-stream:*`]);
            assert.deepStrictEqual(write.Action, ["logs:CreateLogStream", "logs:PutLogEvents", "logs:DescribeLogStreams"]);
            for (const s of doc.Statement) {
                assert.ok(!s.Action.includes("logs:CreateLogGroup"), "the group is created by Pulumi");
                assert.ok([s.Resource].flat().every((r) => r !== "*"), "no * resource");
                assert.ok(actionsOf(s).every((a) => !a.includes("*")), "no wildcard action");
            }
        });
    }
});

describe("regional/policies: node role", function () {
    it("is assumable by EC2 only", function () {
        assert.deepStrictEqual(nodeTrustPolicy().Statement.map((s) => [s.Principal, s.Action]), [[{ Service: "ec2.amazonaws.com" }, ["sts:AssumeRole"]]]);
    });

    const partitions = [
        { partition: "aws", prefix: "arn:aws:iam::aws:policy/" },
        { partition: "aws-us-gov", prefix: "arn:aws-us-gov:iam::aws:policy/" },
    ];
    for (const c of partitions) {
        it(`attaches exactly worker, CNI and ECR read-only (${c.partition})`, function () {
            assert.deepStrictEqual(nodeRoleManagedPolicyArns(c.partition), {
                worker: `${c.prefix}AmazonEKSWorkerNodePolicy`,
                cni: `${c.prefix}AmazonEKS_CNI_Policy`,
                ecrReadOnly: `${c.prefix}AmazonEC2ContainerRegistryReadOnly`,
            });
        });
    }
});
