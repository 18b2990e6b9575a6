import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, GlobalConfig } from "../../config";
import { INGRESS_PORT } from "./accelerator";
import { GLOBAL_LAYER_TAGS } from "./globalTags";
import { edgeFunctionCode, ORIGIN_FAILOVER_STATUS_CODES, zoneOriginIds, type EdgeRoutingTable } from "./edgeFunction";
import { EDGE_LOG_PREFIX } from "./logBucket";

/**
 * CloudFront in front of the zones' accelerators, and its ACM certificate.
 *
 * Per residency zone two origins: the zone's accelerator (`<zone>.<zoneName>`, every method; the
 * accelerator fails over between any number of the zone's regions on its own health checks) and
 * the zone's weighted record set (`<zone>.regional.<zoneName>`, the second origin of the zone's
 * origin group, for GET/HEAD/OPTIONS, the only methods CloudFront origin failover retries). A
 * viewer-request CloudFront Function (edgeFunction.ts) picks the zone from the user's signed
 * residency claim, else the viewer's country, so the edge a request enters never decides the zone.
 * Every origin carries the `x-origin-verify` secret header the edge service checks.
 */

/** AWS managed CloudFront policies, by their documented IDs. */
export const MANAGED_POLICY_IDS = {
    /** Model answers are per request: nothing is cached. */
    cachingDisabled: "4135ea2d-6df8-44a3-9df3-4b5a84be39ad",
    /** Forwards every viewer header, cookie and query string except Host, so TLS to the origin matches the origin name. */
    allViewerExceptHostHeader: "b689b0a8-53d0-40ab-baf2-68738e2966ac",
    /** HSTS, X-Content-Type-Options, X-Frame-Options, Referrer-Policy, X-XSS-Protection. */
    securityHeaders: "67f7725c-6f97-4210-82d7-5512b31e9d03",
} as const;

/** Viewer TLS policy for a custom domain: TLS 1.2+ with the 2021 cipher list. */
export const VIEWER_TLS_POLICY = "TLSv1.2_2021";

const ALL_METHODS = ["DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT"];

export interface EdgeCertificate {
    readonly certificate: aws.acm.Certificate;
    /** ARN that resolves only once DNS validation has succeeded: what CloudFront must use. */
    readonly validatedArn: pulumi.Output<string>;
}

/**
 * A DNS-validated ACM certificate for `fqdn`. CloudFront only takes certificates from us-east-1,
 * so `opts` must carry the global-services provider; the validation record goes into `zoneId`.
 */
export function createEdgeCertificate(name: string, args: { readonly fqdn: string; readonly zoneId: pulumi.Input<string> }, opts: pulumi.CustomResourceOptions): EdgeCertificate {
    const certificate = new aws.acm.Certificate(name, {
        domainName: args.fqdn,
        validationMethod: "DNS",
        keyAlgorithm: "RSA_2048",
        tags: { ...GLOBAL_LAYER_TAGS },
    }, opts);
    // One name, so one validation option; its record name is known after the certificate exists.
    const option = certificate.domainValidationOptions.apply((options) => options[0]);
    const record = new aws.route53.Record(`${name}-validation`, {
        zoneId: args.zoneId,
        name: option.apply((o) => o.resourceRecordName ?? ""),
        type: option.apply((o) => o.resourceRecordType ?? "CNAME"),
        records: [option.apply((o) => o.resourceRecordValue ?? "")],
        ttl: 60,
        // A re-created certificate for the same name reuses the same validation record.
        allowOverwrite: true,
    }, { ...opts, parent: certificate });
    const validation = new aws.acm.CertificateValidation(`${name}-validation`, {
        certificateArn: certificate.arn,
        validationRecordFqdns: [record.fqdn],
    }, { ...opts, parent: certificate });
    return { certificate, validatedArn: validation.certificateArn };
}

/** How viewers reach the distribution: a custom name with its certificate, or none. */
export interface ViewerDomain {
    readonly aliases: readonly string[];
    readonly certificateArn: pulumi.Input<string>;
}

/**
 * The viewer certificate block. With a custom domain: SNI and TLS 1.2 (2021 ciphers) minimum.
 * Without one CloudFront serves its default *.cloudfront.net certificate, for which AWS fixes
 * the security policy (TLSv1) and rejects any other minimumProtocolVersion; it is left unset
 * there and the GlobalLayer says so in its notes.
 */
export function viewerCertificate(domain: ViewerDomain | undefined): aws.types.input.cloudfront.DistributionViewerCertificate {
    if (!domain) return { cloudfrontDefaultCertificate: true };
    return {
        acmCertificateArn: domain.certificateArn,
        sslSupportMethod: "sni-only",
        minimumProtocolVersion: VIEWER_TLS_POLICY,
    };
}

/** The secret header CloudFront adds to every origin request (contract "Bypass"). */
export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

/** One zone's origins: the accelerator's name and, with a domain, the zone's weighted set. */
export interface ZoneOrigins {
    readonly zone: string;
    readonly acceleratorDomainName: pulumi.Input<string>;
    readonly weightedDomainName?: string;
}

export interface EdgeDistributionArgs {
    readonly environment: EnvironmentConfig;
    readonly cloudfront: GlobalConfig["cloudfront"];
    /** Zones in stack order; the first is the default zone (requests with no zone of their own). */
    readonly zones: readonly ZoneOrigins[];
    /** ARN of the CLOUDFRONT-scope WAFv2 web ACL (WAFv2 takes the ARN where WAF Classic took an ID). */
    readonly webAclArn: pulumi.Input<string>;
    /** ARN of the viewer-request function that selects the zone's origin. */
    readonly functionArn: pulumi.Input<string>;
    readonly originVerifySecret: pulumi.Input<string>;
    readonly domain?: ViewerDomain;
    /** `<bucket>.s3.amazonaws.com` of the edge log bucket; required when logging is on. */
    readonly logBucketDomainName?: pulumi.Input<string>;
}

function customOrigin(originId: string, domainName: pulumi.Input<string>, cf: GlobalConfig["cloudfront"], secret: pulumi.Input<string>): aws.types.input.cloudfront.DistributionOrigin {
    return {
        originId,
        domainName,
        customHeaders: [{ name: ORIGIN_VERIFY_HEADER, value: secret }],
        customOriginConfig: {
            httpPort: 80, // required by the API; unused with https-only
            httpsPort: INGRESS_PORT,
            originProtocolPolicy: "https-only",
            originSslProtocols: ["TLSv1.2"],
            originReadTimeout: cf.originReadTimeoutSeconds,
        },
    };
}

export function createEdgeDistribution(name: string, args: EdgeDistributionArgs, opts: pulumi.CustomResourceOptions): aws.cloudfront.Distribution {
    const cf = args.cloudfront;
    if (cf.logging.enabled && args.logBucketDomainName === undefined) throw new Error("CloudFront logging is on but no log bucket was given");
    if (args.zones.length === 0) throw new Error("CloudFront needs at least one zone's origins");
    const origins = args.zones.flatMap((z) => {
        const ids = zoneOriginIds(z.zone);
        return [
            customOrigin(ids.primary, z.acceleratorDomainName, cf, args.originVerifySecret),
            ...(z.weightedDomainName ? [customOrigin(ids.secondary, z.weightedDomainName, cf, args.originVerifySecret)] : []),
        ];
    });
    // Declared so that the pack and the residency proof see each zone's failover pair; the
    // function creates the same pair per request. Members always of one zone.
    const originGroups = args.zones.filter((z) => z.weightedDomainName).map((z) => {
        const ids = zoneOriginIds(z.zone);
        return {
            originId: `zone-${z.zone}`,
            failoverCriteria: { statusCodes: [...ORIGIN_FAILOVER_STATUS_CODES] },
            members: [{ originId: ids.primary }, { originId: ids.secondary }],
        };
    });
    return new aws.cloudfront.Distribution(name, {
        enabled: true,
        comment: `${args.environment.name} AI platform edge`,
        aliases: args.domain ? [...args.domain.aliases] : undefined,
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: cf.priceClass,
        webAclId: args.webAclArn,
        origins,
        originGroups: originGroups.length > 0 ? originGroups : undefined,
        defaultCacheBehavior: {
            // The default zone's accelerator; the function replaces it for every request, with the
            // zone's origin group for GET/HEAD/OPTIONS (the only methods origin failover retries).
            targetOriginId: zoneOriginIds(args.zones[0].zone).primary,
            // https-only rather than redirect: a redirected POST would already have sent its body in clear.
            viewerProtocolPolicy: "https-only",
            allowedMethods: ALL_METHODS,
            cachedMethods: ["GET", "HEAD"],
            compress: false,
            cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
            originRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
            responseHeadersPolicyId: MANAGED_POLICY_IDS.securityHeaders,
            functionAssociations: [{ eventType: "viewer-request", functionArn: args.functionArn }],
        },
        restrictions: {
            geoRestriction: {
                restrictionType: cf.geoRestriction.type,
                locations: [...cf.geoRestriction.locations],
            },
        },
        viewerCertificate: viewerCertificate(args.domain),
        loggingConfig: cf.logging.enabled
            ? { bucket: args.logBucketDomainName, prefix: EDGE_LOG_PREFIX.cloudfront, includeCookies: cf.logging.includeCookies }
            : undefined,
        tags: { ...GLOBAL_LAYER_TAGS },
    }, opts);
}

export interface EdgeFunction {
    readonly function: aws.cloudfront.Function;
    readonly keyValueStore: aws.cloudfront.KeyValueStore;
}

/**
 * The residency function and its KeyValueStore holding the claim's HMAC key. The key is a stack
 * secret (RandomPassword) the application also signs with (stack output, secret).
 */
export function createEdgeFunction(
    name: string,
    args: { readonly environment: EnvironmentConfig; readonly table: EdgeRoutingTable; readonly residencyKey: pulumi.Input<string> },
    opts: pulumi.CustomResourceOptions,
): EdgeFunction {
    const keyValueStore = new aws.cloudfront.KeyValueStore(`${name}-kvs`, {
        name: `${args.environment.name}-ai-platform-residency`,
        comment: "HMAC key of the residency claim (aip_residency cookie)",
    }, opts);
    new aws.cloudfront.KeyvaluestoreKey(`${name}-kvs-key`, {
        keyValueStoreArn: keyValueStore.arn,
        key: args.table.keyName,
        value: args.residencyKey,
    }, { ...opts, parent: keyValueStore });
    const fn = new aws.cloudfront.Function(name, {
        name: `${args.environment.name}-ai-platform-residency`,
        runtime: "cloudfront-js-2.0",
        comment: "Selects the origin of the user's residency zone (claim, else viewer country)",
        publish: true,
        code: edgeFunctionCode(args.table),
        keyValueStoreAssociations: [keyValueStore.arn],
    }, opts);
    return { function: fn, keyValueStore };
}
