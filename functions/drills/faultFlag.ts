/**
 * The Bedrock drill's fault flag: the contract between the DrDrills component (which creates the
 * SSM parameter and the Automation document that raises it) and the Bedrock failover and health
 * functions (which read it). No AWS FIS action can fail Bedrock calls (the `aws:fis:inject-api-*`
 * actions accept only the ec2 and kinesis namespaces), so the drill fails the Bedrock path from
 * the inside: while the flag of region R is raised, the functions running in R treat Bedrock in R
 * as unavailable (a retryable failure), so the failover chain and the health metrics react as in
 * a real outage. Plain data and functions only, no Pulumi import: safe to bundle into a Lambda.
 */

/** Environment variable that carries the flag's SSM parameter name to a function. */
export const BEDROCK_FAULT_FLAG_ENV = "BEDROCK_FAULT_FLAG_PARAMETER";

/** The SSM parameter of an environment; the same name exists in every region of the stack. */
export function bedrockFaultParameterName(envName: string): string {
    return `/ai-platform/${envName}/drills/bedrock-fault`;
}

export type BedrockFaultFlag =
    | { readonly fault: "none" }
    | { readonly fault: "bedrock-unavailable"; readonly minutes: number };

/** Value the parameter holds when no drill runs. */
export const NO_FAULT: BedrockFaultFlag = { fault: "none" };

/** Parses the parameter value; anything unreadable counts as no fault (a drill must never be the outage). */
export function parseBedrockFaultFlag(text: string | undefined): BedrockFaultFlag {
    if (!text) return NO_FAULT;
    try {
        const v: unknown = JSON.parse(text);
        if (v && typeof v === "object" && (v as { fault?: unknown }).fault === "bedrock-unavailable") {
            const minutes = Number((v as { minutes?: unknown }).minutes);
            if (Number.isFinite(minutes) && minutes > 0) return { fault: "bedrock-unavailable", minutes };
        }
    } catch {
        // fall through: not JSON
    }
    return NO_FAULT;
}

/**
 * Whether the fault is in force at `now`. The flag expires on its own `minutes` after the
 * parameter was last written, so a drill whose Automation was cancelled half-way (an FIS stop
 * condition fired) cannot leave the region failing.
 */
export function isBedrockFaultActive(flag: BedrockFaultFlag, lastModified: Date, now: Date): boolean {
    if (flag.fault !== "bedrock-unavailable") return false;
    const elapsedMs = now.getTime() - lastModified.getTime();
    return elapsedMs >= 0 && elapsedMs < flag.minutes * 60_000;
}
