import { parseArn } from "./lib/arn";
import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { stackPolicy, type StackReport } from "./lib/define";
import { policyStatements, statementLabel } from "./lib/iamDocument";
import { decodeJson, isRecord, list, record, str, strings } from "./lib/props";
import { ReferenceIndex, regionOfResource } from "./lib/references";
import type { ResourceView } from "./lib/resource";
import {
    holdsPersonalData,
    RESIDENCY_CONFIG_PROPERTIES,
    regionNotAllowed,
    taggedZone,
    zoneOf,
    zonesOfRegion,
    type ResidencyConfig,
} from "./lib/zones";
import { DEFAULT_PROFILE_PREFIX_ZONES, modelIdIssue, type BedrockConfig } from "./bedrock";

/**
 * Residency of identities. IAM is global, so the provider an IAM resource is declared with says
 * nothing about whose data its grants reach: a role's zone is the zone of the compute that assumes
 * it (a Lambda's execution role, an EKS Pod Identity association or IRSA trust, an EC2 instance
 * profile, EKS node roles). A role used in an EU region may not be granted models, keys, tables
 * or buckets outside the EU. Roles no compute of the plan assumes are judged by their own zone
 * tag, if any.
 */

export interface IdentityConfig extends ResidencyConfig {
    readonly profilePrefixZones: Readonly<Record<string, string>>;
    /** ARN services whose resources hold or process data, so a grant on them must stay in zone. */
    readonly dataServices: readonly string[];
}

const ROLE: readonly string[] = [T.iamRole];
const POLICY: readonly string[] = [T.iamPolicy];
const INSTANCE_PROFILE: readonly string[] = ["aws:iam/instanceProfile:InstanceProfile"];

/** Who assumes a role, and the zone that puts the role in. */
interface RoleUser {
    readonly label: string;
    readonly zone: string;
    readonly why: string;
}

const BEDROCK_ACTION = /^(\*|bedrock:\*|bedrock:(Invoke|Converse)[A-Za-z*]*)$/i;

/** `oidc.eks.<region>.amazonaws.com/id/...`: the region of an IRSA trust's identity provider. */
function irsaRegions(role: ResourceView): string[] {
    const doc = decodeJson(role.props.assumeRolePolicy);
    const statements = isRecord(doc) ? list(Array.isArray(doc.Statement) ? doc.Statement : [doc.Statement]) : [];
    const regions: string[] = [];
    for (const s of statements.map(record)) {
        for (const federated of strings(record(s?.Principal)?.Federated)) {
            const m = /oidc\.eks\.([a-z0-9-]+)\.amazonaws\.com/.exec(federated);
            if (m && !regions.includes(m[1])) regions.push(m[1]);
        }
    }
    return regions;
}

/** The compute that assumes each role, keyed by role, with the zone each user puts it in. */
function roleUsers(index: ReferenceIndex, cfg: ResidencyConfig): Map<ResourceView, RoleUser[]> {
    const users = new Map<ResourceView, RoleUser[]>();
    const add = (roleRef: unknown, user: ResourceView, how: string) => {
        const role = index.find(str(roleRef), ROLE);
        if (!role || !holdsPersonalData(user, cfg)) return;
        const region = regionOfResource(user);
        const z = zoneOf(user, cfg, region);
        if (z.kind !== "zone") return;
        const list = users.get(role) ?? [];
        list.push({ label: `${user.label} (${how}${region ? ` in ${region}` : ""})`, zone: z.zone, why: z.source });
        users.set(role, list);
    };
    const viaProfile = (profileRef: unknown, user: ResourceView, how: string) => {
        const profile = index.find(str(profileRef), INSTANCE_PROFILE);
        if (profile) add(profile.props.role, user, how);
    };
    for (const r of index.resources) {
        switch (r.type) {
            case T.lambdaFunction:
                add(r.props.role, r, "Lambda execution role");
                break;
            case "aws:eks/podIdentityAssociation:PodIdentityAssociation":
                add(r.props.roleArn, r, "EKS Pod Identity");
                break;
            case T.eksNodeGroup:
            case "eks:index:ManagedNodeGroup":
                add(r.props.nodeRoleArn ?? r.props.nodeRole, r, "EKS node role");
                break;
            case T.ec2Instance:
                viaProfile(r.props.iamInstanceProfile, r, "EC2 instance profile");
                break;
            case "aws:ec2/launchTemplate:LaunchTemplate": {
                const p = record(r.props.iamInstanceProfile);
                viaProfile(p?.arn ?? p?.name, r, "launch template instance profile");
                break;
            }
            case T.iamRole:
                for (const region of irsaRegions(r)) {
                    for (const zone of zonesOfRegion(cfg, region)) {
                        const list = users.get(r) ?? [];
                        list.push({ label: `pods of the EKS cluster in ${region} (IRSA trust)`, zone, why: `the cluster's region ${region}` });
                        users.set(r, list);
                    }
                }
                break;
        }
    }
    return users;
}

/** A grant document and the role it is granted to (undefined when the role is not in the plan). */
interface Grant {
    readonly holder: ResourceView;
    readonly via: string;
    readonly role?: ResourceView;
    readonly document: unknown;
}

function grants(index: ReferenceIndex): Grant[] {
    const out: Grant[] = [];
    const policyDoc = (ref: string | undefined) => index.find(ref, POLICY);
    for (const r of index.resources) {
        switch (r.type) {
            case T.iamRole:
                list(r.props.inlinePolicies).forEach((p, i) => out.push({ holder: r, via: `inlinePolicies[${i}].policy`, role: r, document: record(p)?.policy }));
                strings(r.props.managedPolicyArns).forEach((arn, i) => {
                    const p = policyDoc(arn);
                    if (p) out.push({ holder: p, via: `policy (attached by ${r.name}'s managedPolicyArns[${i}])`, role: r, document: p.props.policy });
                });
                break;
            case T.iamRolePolicy:
                out.push({ holder: r, via: "policy", role: index.find(str(r.props.role), ROLE), document: r.props.policy });
                break;
            case T.iamRolePolicyAttachment: {
                const p = policyDoc(str(r.props.policyArn));
                if (p) out.push({ holder: p, via: `policy (attached by ${r.name})`, role: index.find(str(r.props.role), ROLE), document: p.props.policy });
                break;
            }
            case T.iamRolePolicyAttachmentsExclusive:
                for (const arn of strings(r.props.policyArns)) {
                    const p = policyDoc(arn);
                    if (p) out.push({ holder: p, via: `policy (attached by ${r.name})`, role: index.find(str(r.props.roleName), ROLE), document: p.props.policy });
                }
                break;
            case T.iamPolicyAttachment: {
                const p = policyDoc(str(r.props.policyArn));
                if (p) for (const role of strings(r.props.roles)) out.push({ holder: p, via: `policy (attached by ${r.name})`, role: index.find(role, ROLE), document: p.props.policy });
                break;
            }
        }
    }
    return out;
}

function checkGrant(grant: Grant, users: readonly RoleUser[], index: ReferenceIndex, cfg: IdentityConfig, report: StackReport): void {
    const bedrockCfg: BedrockConfig = { ...cfg, settingsEnvironmentVariables: [] };
    const subject = grant.role ? grant.role.label : grant.holder.label;
    (policyStatements(grant.document) ?? []).forEach((s, i) => {
        if (s.effect !== "Allow") return;
        const at = `${grant.holder.label}: ${grant.via} ${statementLabel(s, i)}`;
        for (const user of users) {
            const whose = user.label !== "" ? `${subject}, assumed by ${user.label}, is in zone "${user.zone}" (${user.why})` : `${subject} is tagged for zone "${user.zone}" (${user.why}) and nothing in the plan assumes it`;
            for (const resource of s.resources) {
                if (resource === "*") {
                    const invokes = s.actions.filter((a) => BEDROCK_ACTION.test(a) && a !== "*");
                    if (invokes.length > 0) report(`${at} allows ${invokes.join(", ")} on "*", i.e. models in every region; ${whose}; expected model and inference-profile ARNs in the zone's regions`, grant.holder.urn);
                    continue;
                }
                const arn = parseArn(resource);
                if (!arn || !cfg.dataServices.includes(arn.service)) continue;
                if (arn.service === "bedrock") {
                    const issue = modelIdIssue(resource, user.zone, bedrockCfg);
                    if (issue) report(`${at} grants ${resource}; ${whose}: ${issue}`, grant.holder.urn);
                    continue;
                }
                if (arn.region.includes("*")) {
                    report(`${at} grants ${resource}, in any region; ${whose}; expected resources in the zone's regions`, grant.holder.urn);
                    continue;
                }
                const resolved = index.resolve(resource);
                if (resolved.region === undefined) {
                    report(`${at} grants ${resource}, whose region cannot be determined (${resolved.how}); ${whose}; expected a resource of this plan or an ARN that names a region`, grant.holder.urn);
                    continue;
                }
                const why = regionNotAllowed(cfg, user.zone, resolved.region);
                if (why) report(`${at} grants ${resource} (${resolved.how}); ${whose}: ${why}`, grant.holder.urn);
            }
        }
    });
}

export const identityGrantsInZone = stackPolicy<IdentityConfig>({
    name: "residency-identity-grants",
    description: "A role's grants stay in the zone of the compute that assumes it (Lambda execution role, EKS Pod Identity / IRSA, EC2 instance profile, EKS node role), wherever the IAM resource is declared: no models, keys, tables or buckets outside that zone. Roles no compute assumes are judged by their own zone tag.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: {
        properties: {
            ...RESIDENCY_CONFIG_PROPERTIES,
            profilePrefixZones: prop.stringMap("Cross-region inference-profile prefix -> the zone whose data may use it.", DEFAULT_PROFILE_PREFIX_ZONES),
            dataServices: prop.strings("ARN services whose resources hold or process data; a grant on one must lie in the role's zone.",
                ["bedrock", "kms", "dynamodb", "s3", "secretsmanager", "kinesis", "firehose", "sqs", "rds", "elasticache", "backup"]),
        },
    },
    remediationSteps: "Grant each zone's roles only the zone's models, keys, tables and buckets; give each zone's compute its own role.",
    check: (resources, cfg, report) => {
        const index = new ReferenceIndex(resources);
        const users = roleUsers(index, cfg);
        for (const grant of grants(index)) {
            const assumedBy = grant.role ? users.get(grant.role) ?? [] : [];
            if (assumedBy.length > 0) {
                checkGrant(grant, assumedBy, index, cfg, report);
                continue;
            }
            // Nothing in the plan assumes it: only a zone its own tags declare applies (IAM has no region).
            const holder = grant.role ?? grant.holder;
            const tagged = taggedZone(holder, cfg);
            if (tagged.kind === "zone" && holdsPersonalData(holder, cfg)) checkGrant(grant, [{ label: "", zone: tagged.zone, why: tagged.source }], index, cfg, report);
        }
    },
});
