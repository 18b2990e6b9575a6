/**
 * The bypass guard (CONTRACTS.md): CloudFront adds `x-origin-verify: <secret>` to every origin
 * request; anything that reaches the load balancer without it did not come through the entry and
 * gets 403. Compared in constant time (over SHA-256 digests, so lengths never leak either).
 */
import { createHash, timingSafeEqual } from "node:crypto";

export const ORIGIN_VERIFY_HEADER = "x-origin-verify";

export function originVerified(expected: string | undefined, presented: string | string[] | undefined): boolean {
    if (expected === undefined || expected === "") return true;
    if (typeof presented !== "string") return false;
    const digest = (s: string) => createHash("sha256").update(s, "utf8").digest();
    return timingSafeEqual(digest(expected), digest(presented));
}
