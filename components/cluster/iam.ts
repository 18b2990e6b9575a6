/**
 * IAM documents of the in-cluster layer's pod roles (EKS Pod Identity), as plain data.
 */
import { policyDocument, type PolicyDocument, type PolicyStatement } from "../iamDocument";

/**
 * EKS Pod Identity: the pods.eks.amazonaws.com service assumes the role and tags the session
 * ("Create an IAM role with a trust policy required by EKS Pod Identity", EKS user guide), only on
 * behalf of this account's cluster.
 */
export function podIdentityTrustPolicy(accountId: string, clusterArn: string): PolicyDocument {
    return policyDocument([{
        Sid: "EksPodIdentity",
        Effect: "Allow",
        Principal: { Service: "pods.eks.amazonaws.com" },
        Action: ["sts:AssumeRole", "sts:TagSession"],
        Condition: { StringEquals: { "aws:SourceAccount": accountId }, ArnEquals: { "aws:SourceArn": clusterArn } },
    }]);
}

/**
 * The load balancer controller as this program uses it: only TargetGroupBinding onto target
 * groups the program created (IP targets, security-group rules managed by the program), no
 * Ingress or Service load balancers, no WAF or Shield. So it may register and deregister targets
 * in the region's ingress target group only, and describe what it reads (the Describe APIs have
 * no resource-level permissions: Service Authorization Reference, ELB v2 and EC2).
 */
export function loadBalancerControllerPolicy(targetGroupArns: readonly string[]): PolicyDocument {
    const statements: PolicyStatement[] = [
        {
            Sid: "DescribeForTargetGroupBinding",
            Effect: "Allow",
            Action: [
                "elasticloadbalancing:DescribeTargetGroups",
                "elasticloadbalancing:DescribeTargetGroupAttributes",
                "elasticloadbalancing:DescribeTargetHealth",
                "elasticloadbalancing:DescribeLoadBalancers",
                "elasticloadbalancing:DescribeListeners",
                "elasticloadbalancing:DescribeTags",
                "elasticloadbalancing:DescribeLoadBalancerAttributes",
                "elasticloadbalancing:DescribeListenerAttributes",
                "elasticloadbalancing:DescribeCapacityReservation",
                "ec2:DescribeVpcs",
                "ec2:DescribeSubnets",
                "ec2:DescribeSecurityGroups",
                "ec2:DescribeInstances",
                "ec2:DescribeNetworkInterfaces",
                "ec2:DescribeAvailabilityZones",
                "ec2:GetSecurityGroupsForVpc",
            ],
            Resource: "*",
        },
        {
            Sid: "RegisterPodsInIngressTargetGroup",
            Effect: "Allow",
            Action: ["elasticloadbalancing:RegisterTargets", "elasticloadbalancing:DeregisterTargets"],
            Resource: [...targetGroupArns],
        },
    ];
    return policyDocument(statements);
}

/**
 * The edge service calls its own region's failover function URL (AWS_IAM auth). Function URLs
 * created since October 2025 need both actions ("Control access to Lambda function URLs",
 * Lambda developer guide); the URL action is pinned to IAM-authenticated URLs by condition.
 */
export function edgeServicePolicy(failoverFunctionArn: string): PolicyDocument {
    return policyDocument([
        {
            Sid: "InvokeOwnRegionFailoverUrl",
            Effect: "Allow",
            Action: ["lambda:InvokeFunctionUrl"],
            Resource: [failoverFunctionArn],
            Condition: { StringEquals: { "lambda:FunctionUrlAuthType": "AWS_IAM" } },
        },
        {
            Sid: "InvokeOwnRegionFailoverFunction",
            Effect: "Allow",
            Action: ["lambda:InvokeFunction"],
            Resource: [failoverFunctionArn],
        },
    ]);
}
