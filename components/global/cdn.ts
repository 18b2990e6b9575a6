import * as aws from "@pulumi/aws";
import * as pulumi from "@pulumi/pulumi";
import type { EnvironmentConfig, GlobalConfig } from "../../config";
import { INGRESS_PORT } from "./accelerator";
import { GLOBAL_LAYER_TAGS } from "./globalTags";
import { EDGE_LOG_PREFIX } from "./logBucket";

/**
 * CloudFront in front of the Global Accelerator, and its ACM certificate.
 *
 * Why the accelerator as the single origin, not the regional NLBs in an origin group: CloudFront
 * origin failover only retries GET, HEAD and OPTIONS and only between two origins, while this API
 * is mostly POST (model calls) across two to four regions. The accelerator fails over every
 * request between any number of regions on its own health checks, routes from the edge to the
 * nearest healthy region (which keeps EU users on EU regions while they are healthy), and takes
 * its per-region share from the config's traffic dials.
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
const ORIGIN_ID = "global-accelerator";

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

export interface EdgeDistributionArgs {
    readonly environment: EnvironmentConfig;
    readonly cloudfront: GlobalConfig["cloudfront"];
    /** Name CloudFront connects to over HTTPS: the accelerator's, or a record of ours aliasing it. */
    readonly originDomainName: pulumi.Input<string>;
    /** ARN of the CLOUDFRONT-scope WAFv2 web ACL (WAFv2 takes the ARN where WAF Classic took an ID). */
    readonly webAclArn: pulumi.Input<string>;
    readonly domain?: ViewerDomain;
    /** `<bucket>.s3.amazonaws.com` of the edge log bucket; required when logging is on. */
    readonly logBucketDomainName?: pulumi.Input<string>;
}

export function createEdgeDistribution(name: string, args: EdgeDistributionArgs, opts: pulumi.CustomResourceOptions): aws.cloudfront.Distribution {
    const cf = args.cloudfront;
    if (cf.logging.enabled && args.logBucketDomainName === undefined) throw new Error("CloudFront logging is on but no log bucket was given");
    return new aws.cloudfront.Distribution(name, {
        enabled: true,
        comment: `${args.environment.name} AI platform edge`,
        aliases: args.domain ? [...args.domain.aliases] : undefined,
        httpVersion: "http2and3",
        isIpv6Enabled: true,
        priceClass: cf.priceClass,
        webAclId: args.webAclArn,
        origins: [{
            originId: ORIGIN_ID,
            domainName: args.originDomainName,
            customOriginConfig: {
                httpPort: 80, // required by the API; unused with https-only
                httpsPort: INGRESS_PORT,
                originProtocolPolicy: "https-only",
                originSslProtocols: ["TLSv1.2"],
                originReadTimeout: cf.originReadTimeoutSeconds,
            },
        }],
        defaultCacheBehavior: {
            targetOriginId: ORIGIN_ID,
            // https-only rather than redirect: a redirected POST would already have sent its body in clear.
            viewerProtocolPolicy: "https-only",
            allowedMethods: ALL_METHODS,
            cachedMethods: ["GET", "HEAD"],
            compress: false,
            cachePolicyId: MANAGED_POLICY_IDS.cachingDisabled,
            originRequestPolicyId: MANAGED_POLICY_IDS.allViewerExceptHostHeader,
            responseHeadersPolicyId: MANAGED_POLICY_IDS.securityHeaders,
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
