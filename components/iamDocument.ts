/**
 * IAM policy documents as plain data, so the decisions in them can be tested without Pulumi.
 * Every component builds its role, key and resource policies with these types.
 */

export type ConditionBlock = Readonly<Record<string, Readonly<Record<string, string | readonly string[]>>>>;

export interface PolicyStatement {
    readonly Sid?: string;
    readonly Effect: "Allow" | "Deny";
    readonly Principal?: Readonly<Record<string, string | readonly string[]>>;
    readonly Action: string | readonly string[];
    readonly Resource?: string | readonly string[];
    readonly Condition?: ConditionBlock;
}

export interface PolicyDocument {
    readonly Version: "2012-10-17";
    readonly Statement: readonly PolicyStatement[];
}

export function policyDocument(statements: readonly PolicyStatement[]): PolicyDocument {
    return { Version: "2012-10-17", Statement: statements };
}

/** The size IAM counts against its limits: the JSON without whitespace. */
export function policySize(doc: PolicyDocument): number {
    return JSON.stringify(doc).replace(/\s+/g, "").length;
}

export function actionsOf(statement: PolicyStatement): readonly string[] {
    return typeof statement.Action === "string" ? [statement.Action] : statement.Action;
}

export function resourcesOf(statement: PolicyStatement): readonly string[] {
    if (statement.Resource === undefined) return [];
    return typeof statement.Resource === "string" ? [statement.Resource] : statement.Resource;
}

/**
 * The AWS default key-policy statement: the account's IAM decides who may use and manage the key.
 * Without it a key whose other principals are gone can no longer be managed by anyone. In a key
 * policy, `Resource: "*"` means this key.
 */
export function keyAdministeredThroughIam(accountId: string, partition = "aws", actions: readonly string[] = ["kms:*"]): PolicyStatement {
    return {
        Sid: "AccountAdministersKeyThroughIam",
        Effect: "Allow",
        Principal: { AWS: `arn:${partition}:iam::${accountId}:root` },
        Action: actions,
        Resource: "*",
    };
}
