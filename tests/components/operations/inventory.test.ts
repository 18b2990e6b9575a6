import * as assert from "assert";
import { buildOperations, countByType, type Stack } from "./fixture";

/**
 * What operations adds to each committed stack, by component and type. A change here is a
 * change to what reaches AWS (and to the bill); update it on purpose, not by accident.
 */
const expected: Record<Stack, Record<"alertTopics" | "observability" | "deploymentAccess" | "drills", Record<string, number>>> = {
    dev: {
        alertTopics: { "aws:kms/key:Key": 2, "aws:kms/alias:Alias": 2, "aws:sns/topic:Topic": 2, "aws:sns/topicPolicy:TopicPolicy": 2 },
        // 6 per region (health, degraded, latency SLA, 5xx, throttles, failovers) + 2 replication alarms per region.
        observability: { "aws:cloudwatch/metricAlarm:MetricAlarm": 16, "aws:cloudwatch/dashboard:Dashboard": 1, "aws:budgets/budget:Budget": 2 },
        deploymentAccess: { "aws:iam/openIdConnectProvider:OpenIdConnectProvider": 1, "aws:iam/role:Role": 2, "aws:iam/policy:Policy": 7, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 7 },
        drills: { "aws:iam/role:Role": 2, "aws:iam/rolePolicy:RolePolicy": 2, "aws:ssm/parameter:Parameter": 2, "aws:ssm/document:Document": 2, "aws:cloudwatch/metricAlarm:MetricAlarm": 2, "aws:fis/experimentTemplate:ExperimentTemplate": 4 },
    },
    prod: {
        alertTopics: { "aws:kms/key:Key": 4, "aws:kms/alias:Alias": 4, "aws:sns/topic:Topic": 4, "aws:sns/topicPolicy:TopicPolicy": 4, "aws:sns/topicSubscription:TopicSubscription": 4 },
        observability: { "aws:cloudwatch/metricAlarm:MetricAlarm": 32, "aws:cloudwatch/dashboard:Dashboard": 1, "aws:budgets/budget:Budget": 4 },
        deploymentAccess: { "aws:iam/openIdConnectProvider:OpenIdConnectProvider": 1, "aws:iam/role:Role": 2, "aws:iam/policy:Policy": 7, "aws:iam/rolePolicyAttachment:RolePolicyAttachment": 7 },
        drills: { "aws:iam/role:Role": 2, "aws:iam/rolePolicy:RolePolicy": 2, "aws:ssm/parameter:Parameter": 4, "aws:ssm/document:Document": 4, "aws:cloudwatch/metricAlarm:MetricAlarm": 4, "aws:fis/experimentTemplate:ExperimentTemplate": 8 },
    },
};

describe("operations inventory per stack", () => {
    for (const stack of ["dev", "prod"] as Stack[]) {
        it(`${stack}: exactly the expected resources per component`, async () => {
            const b = await buildOperations(`inventory-${stack}`, stack);
            for (const [component, want] of Object.entries(expected[stack])) {
                assert.deepStrictEqual(countByType(b.under[component as keyof typeof b.under]), want, `${stack} ${component}`);
            }
        });
    }
});
