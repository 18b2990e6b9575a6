import { GlobalLayer, type RegionalIngress } from "../../../components/global/globalLayer";
import { RegionalProviders } from "../../../components/providers";
import { parsePlatformConfig, type PlatformConfig } from "../../../config";
import type { PlannedResource } from "../../../plan/model";
import { MOCK_ACCOUNT_ID } from "../../../plan/mocks";
import { rawProjectConfig } from "../../support/configs";
import { mockRuntime, oncePerName, ofType, resourcesUnder } from "../../support/pulumi";

export interface BuiltGlobal {
    readonly config: PlatformConfig;
    readonly layer: GlobalLayer;
    /** Everything registered below the GlobalLayer. */
    readonly resources: PlannedResource[];
    readonly ingress: Readonly<Record<string, RegionalIngress & { readonly loadBalancerArn: string; readonly dnsName: string; readonly zoneId: string }>>;
    readonly kmsKeyArns: Readonly<Record<string, string>>;
    readonly ofType: (type: string) => PlannedResource[];
}

type Raw = Record<string, any>; // raw stack config, mutated freely; the parser checks it

/** What a RegionalStack would hand over for a region: its NLB and its KMS key (fixed fakes). */
export function fakeIngress(code: string) {
    return {
        loadBalancerArn: `arn:aws:elasticloadbalancing:${code}:${MOCK_ACCOUNT_ID}:loadbalancer/net/ingress/${code}`,
        dnsName: `ingress-${code}.elb.${code}.amazonaws.com`,
        zoneId: `ZNLB${code.replace(/-/g, "").toUpperCase()}`,
    };
}

export const fakeKmsKeyArn = (code: string) => `arn:aws:kms:${code}:${MOCK_ACCOUNT_ID}:key/${code}-key`;

const once = oncePerName<BuiltGlobal>();

/**
 * Builds a GlobalLayer from a committed stack config (optionally changed by `mutate`) under the
 * shared mock runtime, once per `name`. Names must be unique across the test process: the mock
 * runtime is shared, and resources are found by their parent component.
 */
export function buildGlobal(name: string, stack: "prod" | "dev", mutate?: (c: Raw) => void): Promise<BuiltGlobal> {
    return once(name, async () => {
        mockRuntime();
        const raw = structuredClone(rawProjectConfig(stack)) as Raw;
        mutate?.(raw);
        const config = parsePlatformConfig(raw);
        const ingress = Object.fromEntries(config.regions.map((r) => [r.code, fakeIngress(r.code)]));
        const kmsKeyArns = Object.fromEntries(config.regions.map((r) => [r.code, fakeKmsKeyArn(r.code)]));
        const layer = new GlobalLayer(name, {
            environment: config.environment,
            regions: config.regions,
            global: config.global,
            ingress,
            kmsKeyArns,
            providers: new RegionalProviders(config.environment),
        });
        const resources = await resourcesUnder(layer.urn);
        return { config, layer, resources, ingress, kmsKeyArns, ofType: (type: string) => ofType(resources, type) };
    });
}

export const T = {
    accelerator: "aws:globalaccelerator/accelerator:Accelerator",
    listener: "aws:globalaccelerator/listener:Listener",
    endpointGroup: "aws:globalaccelerator/endpointGroup:EndpointGroup",
    distribution: "aws:cloudfront/distribution:Distribution",
    webAcl: "aws:wafv2/webAcl:WebAcl",
    webAclLogging: "aws:wafv2/webAclLoggingConfiguration:WebAclLoggingConfiguration",
    logGroup: "aws:cloudwatch/logGroup:LogGroup",
    certificate: "aws:acm/certificate:Certificate",
    certificateValidation: "aws:acm/certificateValidation:CertificateValidation",
    table: "aws:dynamodb/table:Table",
    healthCheck: "aws:route53/healthCheck:HealthCheck",
    record: "aws:route53/record:Record",
    zone: "aws:route53/zone:Zone",
    bucket: "aws:s3/bucket:Bucket",
    ownership: "aws:s3/bucketOwnershipControls:BucketOwnershipControls",
    publicAccess: "aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock",
    encryption: "aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration",
    lifecycle: "aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration",
    bucketPolicy: "aws:s3/bucketPolicy:BucketPolicy",
    kmsKey: "aws:kms/key:Key",
    cfFunction: "aws:cloudfront/function:Function",
    kvs: "aws:cloudfront/keyValueStore:KeyValueStore",
    kvsKey: "aws:cloudfront/keyvaluestoreKey:KeyvaluestoreKey",
    alarm: "aws:cloudwatch/metricAlarm:MetricAlarm",
} as const;

/** Reads a nested input the way the tests need it, without `any` leaking into assertions. */
export function input<T = unknown>(r: PlannedResource, path: string): T {
    let v: unknown = r.inputs;
    for (const part of path.split(".")) {
        if (v === null || v === undefined) return undefined as T;
        v = (v as Record<string, unknown>)[/^\d+$/.test(part) ? Number(part) : part];
    }
    return v as T;
}
