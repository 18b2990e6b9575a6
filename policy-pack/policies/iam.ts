import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy } from "./lib/define";
import { identityPolicyDocuments, IDENTITY_POLICY_TYPES, policyStatements, statementLabel } from "./lib/iamDocument";
import { str, strings } from "./lib/props";

/** Least privilege: no administrator wildcards, no broad AWS-managed policies. */

interface WildcardConfig {
    readonly flagServiceWildcards: boolean;
}

const ADMIN_ACTIONS = ["*", "*:*"];
const SERVICE_WILDCARD = /^[a-z0-9-]+:\*$/i;

export const iamNoAdminWildcards = resourcePolicy<WildcardConfig>({
    name: "iam-no-admin-wildcards",
    description: "No identity policy statement allows `*` actions on `*` resources (nor NotAction on `*`, which grants every other action).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            flagServiceWildcards: prop.boolean("Also flag `service:*` actions on `*` resources (e.g. s3:* on *).", false),
        },
    },
    remediationSteps: "Grant the specific actions on the specific ARNs the workload uses.",
    types: IDENTITY_POLICY_TYPES,
    check: (r, cfg, report, notApplicable) => {
        const documents = identityPolicyDocuments(r).filter((d) => d.document !== undefined);
        if (documents.length === 0) return notApplicable("no inline policy document");
        for (const { via, document } of documents) {
            const statements = policyStatements(document);
            if (statements === undefined) {
                report(`${r.label}: ${via} is not a JSON policy document, so it cannot be checked; expected { Version, Statement: [...] }`);
                continue;
            }
            statements.forEach((s, i) => {
                if (s.effect !== "Allow" || !s.resources.includes("*")) return;
                const at = `${r.label}: ${via} ${statementLabel(s, i)}`;
                if (s.actions.some((a) => ADMIN_ACTIONS.includes(a))) {
                    report(`${at} allows Action "*" on Resource "*" (full administrator); expected specific actions on specific resources`);
                } else if (s.notActions.length > 0) {
                    report(`${at} allows NotAction [${s.notActions.join(", ")}] on Resource "*", which grants every other action; expected an explicit Action list`);
                } else if (cfg.flagServiceWildcards) {
                    const wild = s.actions.filter((a) => SERVICE_WILDCARD.test(a));
                    if (wild.length > 0) report(`${at} allows ${wild.join(", ")} on Resource "*"; expected specific actions (flagServiceWildcards)`);
                }
            });
        }
    },
});

interface ManagedPolicyConfig {
    readonly forbiddenPolicyPatterns: readonly string[];
}

/** The managed-policy ARNs a resource attaches, with the input that names each. */
function attachedPolicyArns(props: Readonly<Record<string, unknown>>, type: string): Array<{ via: string; arn: string }> {
    switch (type) {
        case T.iamRole:
            return strings(props.managedPolicyArns).map((arn, i) => ({ via: `managedPolicyArns[${i}]`, arn }));
        case T.iamRolePolicyAttachmentsExclusive:
            return strings(props.policyArns).map((arn, i) => ({ via: `policyArns[${i}]`, arn }));
        default: {
            const arn = str(props.policyArn);
            return arn === undefined ? [] : [{ via: "policyArn", arn }];
        }
    }
}

function matches(pattern: string, name: string): boolean {
    try {
        return new RegExp(pattern).test(name);
    } catch {
        return name.includes(pattern);
    }
}

export const iamNoFullAccessManagedPolicies = resourcePolicy<ManagedPolicyConfig>({
    name: "iam-no-full-access-managed-policies",
    description: "No role (in particular no Lambda role) gets broad AWS-managed policies (*FullAccess, AdministratorAccess, PowerUser); aws.lambda.CallbackFunction attaches nine of them when it is given no role.",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            forbiddenPolicyPatterns: prop.strings(
                "Regular expressions matched against the managed policy's name (the ARN after the last /).",
                ["FullAccess", "^AdministratorAccess$", "^PowerUserAccess$", "PowerUser$"],
            ),
        },
    },
    remediationSteps: "Give CallbackFunction an explicit role with a least-privilege inline policy.",
    types: [T.iamRolePolicyAttachment, T.iamRole, T.iamRolePolicyAttachmentsExclusive, T.iamPolicyAttachment, T.iamUserPolicyAttachment, T.iamGroupPolicyAttachment],
    check: (r, cfg, report) => {
        for (const { via, arn } of attachedPolicyArns(r.props, r.type)) {
            const name = arn.slice(arn.lastIndexOf("/") + 1);
            const hit = cfg.forbiddenPolicyPatterns.find((p) => matches(p, name));
            if (hit !== undefined) {
                report(`${r.label}: ${via} attaches ${arn}, a broad managed policy (matches "${hit}"); expected a least-privilege policy for what the role does`);
            }
        }
    },
});
