/** Readers for recorded resource values, shared by the plan's checks (routing, request paths, mocks). */

/** A non-empty string, or undefined. */
export function str(v: unknown): string | undefined {
    return typeof v === "string" && v !== "" ? v : undefined;
}

/** A DNS name as Route 53 and certificates compare it: lowercase, no trailing dot. */
export function dnsName(v: string): string {
    return v.replace(/\.$/, "").toLowerCase();
}
