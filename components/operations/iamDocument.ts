/** IAM policy documents as plain data, so the decisions in them can be tested without Pulumi. */

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
