/** ARNs carry the region of what they name; residency checks read targets' regions from them. */

export interface Arn {
    readonly partition: string;
    readonly service: string;
    /** Empty for global resources (IAM, S3 buckets, CloudFront). */
    readonly region: string;
    readonly account: string;
    readonly resource: string;
}

export function parseArn(value: string): Arn | undefined {
    const parts = value.split(":");
    if (parts.length < 6 || parts[0] !== "arn") return undefined;
    const [, partition, service, region, account, ...rest] = parts;
    if (!partition || !service) return undefined;
    return { partition, service, region, account, resource: rest.join(":") };
}

/** The region an ARN names; undefined when the string is not an ARN or names no region. */
export function arnRegion(value: string | undefined): string | undefined {
    if (value === undefined) return undefined;
    const arn = parseArn(value);
    return arn && arn.region.length > 0 ? arn.region : undefined;
}
