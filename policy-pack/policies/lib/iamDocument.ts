import { T } from "./awsTypes";
import { decodeJson, isRecord, list, record, strings } from "./props";
import type { ResourceView } from "./resource";

/** An IAM policy statement with every list normalized to an array. */
export interface Statement {
    readonly sid?: string;
    readonly effect: string;
    readonly actions: readonly string[];
    readonly notActions: readonly string[];
    readonly resources: readonly string[];
    readonly notResources: readonly string[];
}

/**
 * Statements of a policy document given as a JSON string or an object (aws v7 accepts both);
 * undefined when it is neither.
 */
export function policyStatements(document: unknown): Statement[] | undefined {
    const doc = decodeJson(document);
    if (!isRecord(doc)) return undefined;
    const raw = Array.isArray(doc.Statement) ? doc.Statement : isRecord(doc.Statement) ? [doc.Statement] : [];
    return raw.filter(isRecord).map((s) => ({
        sid: typeof s.Sid === "string" ? s.Sid : undefined,
        effect: typeof s.Effect === "string" ? s.Effect : "",
        actions: strings(s.Action),
        notActions: strings(s.NotAction),
        resources: strings(s.Resource),
        notResources: strings(s.NotResource),
    }));
}

/** Identity policy documents a resource carries, with the input that holds each. */
export function identityPolicyDocuments(r: ResourceView): Array<{ readonly via: string; readonly document: unknown }> {
    switch (r.type) {
        case T.iamPolicy:
        case T.iamRolePolicy:
        case T.iamUserPolicy:
        case T.iamGroupPolicy:
            return [{ via: "policy", document: r.props.policy }];
        case T.iamRole:
            return list(r.props.inlinePolicies).map((p, i) => ({ via: `inlinePolicies[${i}].policy`, document: record(p)?.policy }));
        default:
            return [];
    }
}

export const IDENTITY_POLICY_TYPES: readonly string[] = [T.iamPolicy, T.iamRolePolicy, T.iamUserPolicy, T.iamGroupPolicy, T.iamRole];

/** `Sid "x"` or `Statement[2]`, how messages name a statement. */
export function statementLabel(s: Statement, index: number): string {
    return s.sid ? `Statement[${index}] (Sid "${s.sid}")` : `Statement[${index}]`;
}
