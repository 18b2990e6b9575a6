/** IPv4 CIDR arithmetic for VPC planning. Pure functions: parse, overlap. */

export interface Ipv4Cidr {
    readonly text: string;
    /** First address as an unsigned 32-bit integer. */
    readonly start: number;
    readonly prefixLength: number;
}

/** Parses `a.b.c.d/n`; returns a reason instead when the text is not a canonical IPv4 CIDR. */
export function parseCidr(text: string): Ipv4Cidr | { readonly error: string } {
    const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/.exec(text);
    if (!m) return { error: `"${text}" is not an IPv4 CIDR like 10.0.0.0/16` };
    const octets = m.slice(1, 5).map(Number);
    if (octets.some((o) => o > 255)) return { error: `"${text}" has an octet above 255` };
    const prefixLength = Number(m[5]);
    if (prefixLength > 32) return { error: `"${text}" has a prefix length above 32` };
    const address = ((octets[0] << 24) | (octets[1] << 16) | (octets[2] << 8) | octets[3]) >>> 0;
    const mask = prefixLength === 0 ? 0 : (0xffffffff << (32 - prefixLength)) >>> 0;
    if ((address & mask) >>> 0 !== address) {
        return { error: `"${text}" has host bits set; the network address is ${formatIpv4((address & mask) >>> 0)}/${prefixLength}` };
    }
    return { text, start: address, prefixLength };
}

export function isCidr(value: Ipv4Cidr | { readonly error: string }): value is Ipv4Cidr {
    return !("error" in value);
}

export function cidrSize(c: Ipv4Cidr): number {
    return 2 ** (32 - c.prefixLength);
}

export function cidrsOverlap(a: Ipv4Cidr, b: Ipv4Cidr): boolean {
    const aEnd = a.start + cidrSize(a);
    const bEnd = b.start + cidrSize(b);
    return a.start < bEnd && b.start < aEnd;
}

export function formatIpv4(n: number): string {
    return [24, 16, 8, 0].map((shift) => (n >>> shift) & 0xff).join(".");
}
