import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy } from "./lib/define";
import { record, shown, strings } from "./lib/props";

/** Nothing that holds data is reachable from the internet: databases, buckets, the EKS API. */

export const noPublicDatabases = resourcePolicy<Record<string, never>>({
    name: "no-public-databases",
    description: "RDS instances and Aurora cluster instances are not publicly accessible (ElastiCache has no public endpoint to check).",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: { properties: {} },
    remediationSteps: "Set publiclyAccessible: false and place the database in isolated subnets.",
    types: [T.rdsInstance, T.rdsClusterInstance],
    check: (r, _cfg, report) => {
        if (r.props.publiclyAccessible === true) {
            report(`${r.label}: publiclyAccessible is true; expected false (reach the database only from inside the VPC)`);
        }
    },
});

const PUBLIC_ACLS = ["public-read", "public-read-write", "authenticated-read"];
const BLOCK_FLAGS = ["blockPublicAcls", "blockPublicPolicy", "ignorePublicAcls", "restrictPublicBuckets"] as const;

export const s3BlockPublicAccess = resourcePolicy<Record<string, never>>({
    name: "s3-block-public-access",
    description: "S3 buckets are not public: public access blocks set all four flags, and no bucket or bucket ACL grants public-read, public-read-write or authenticated-read.",
    enforcementLevel: "mandatory",
    severity: "critical",
    configSchema: { properties: {} },
    remediationSteps: "Attach a BucketPublicAccessBlock with all four flags true and keep ACLs private.",
    types: [T.s3PublicAccessBlock, T.s3Bucket, T.s3BucketV2, T.s3BucketAcl, T.s3BucketAclV2],
    remediate: (r) => {
        if (r.type !== T.s3PublicAccessBlock) return undefined;
        const off = BLOCK_FLAGS.filter((f) => r.props[f] !== true);
        return off.length > 0 ? Object.fromEntries(BLOCK_FLAGS.map((f) => [f, true])) : undefined;
    },
    check: (r, _cfg, report) => {
        if (r.type === T.s3PublicAccessBlock) {
            const off = BLOCK_FLAGS.filter((f) => r.props[f] !== true);
            if (off.length > 0) report(`${r.label}: ${off.map((f) => `${f} is ${shown(r.props[f])}`).join(", ")}; expected all four flags true`);
            return;
        }
        const acl = r.props.acl;
        if (typeof acl === "string" && PUBLIC_ACLS.includes(acl)) {
            report(`${r.label}: acl is "${acl}"; expected "private"`);
        }
    },
});

interface EksEndpointConfig {
    readonly allowPublicEndpointWithCidrs: boolean;
}

const OPEN_CIDRS = ["0.0.0.0/0", "::/0"];

export const eksPrivateEndpoint = resourcePolicy<EksEndpointConfig>({
    name: "eks-private-endpoint",
    description: "EKS API servers are reachable only privately: private endpoint access on, public endpoint access off (on both aws.eks.Cluster and the eks.Cluster component, whose public endpoint is on by default).",
    enforcementLevel: "mandatory",
    severity: "high",
    configSchema: {
        properties: {
            allowPublicEndpointWithCidrs: prop.boolean("Accept a public endpoint restricted to listed CIDRs (publicAccessCidrs without 0.0.0.0/0).", false),
        },
    },
    remediationSteps: "Set endpointPrivateAccess: true and endpointPublicAccess: false; deploy from inside the VPC or through a bastion.",
    types: [T.eksCluster, T.eksComponentCluster],
    check: (r, cfg, report) => {
        const component = r.type === T.eksComponentCluster;
        const source = component ? r.props : record(r.props.vpcConfig) ?? {};
        const at = component ? "" : "vpcConfig.";
        if (source.endpointPrivateAccess !== true) {
            report(`${r.label}: ${at}endpointPrivateAccess is ${shown(source.endpointPrivateAccess)}; expected true`);
        }
        if (source.endpointPublicAccess === false) return;
        const cidrs = strings(source.publicAccessCidrs);
        const restricted = cidrs.length > 0 && !cidrs.some((c) => OPEN_CIDRS.includes(c));
        if (!(cfg.allowPublicEndpointWithCidrs && restricted)) {
            report(`${r.label}: ${at}endpointPublicAccess is ${shown(source.endpointPublicAccess)}${source.endpointPublicAccess === undefined ? " (defaults to true)" : ""}; expected false`
                + (cfg.allowPublicEndpointWithCidrs ? " or publicAccessCidrs without 0.0.0.0/0" : ""));
        }
    },
});
