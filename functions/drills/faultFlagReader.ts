/**
 * Reads the Bedrock drill's fault flag (faultFlag.ts) from SSM for the failover and health
 * functions. The flag is only ever a drill, so this reader must never become the outage itself:
 * - drills off (no BEDROCK_FAULT_FLAG_PARAMETER): no SSM client is created and no call is made;
 * - one GetParameter at most every FLAG_CACHE_MS per container, bounded by FLAG_READ_TIMEOUT_MS
 *   with SDK retries off, so a slow or failing SSM costs at most one short wait per cache period;
 * - any read error or unreadable value counts as "no fault" (with a warning), and that answer is
 *   cached too, so an SSM outage does not add a timeout to every request.
 * Whether the fault is in force is decided when it is used, not when it was read: a flag expires
 * on time even inside a cache period, and a few ms of clock skew against SSM's LastModifiedDate
 * delay a fresh flag by those ms instead of hiding it for a whole cache period.
 */
import { GetParameterCommand, SSMClient } from "@aws-sdk/client-ssm";
import { startAttempt } from "../failover/deadline";
import type { Env } from "../settings";
import { BEDROCK_FAULT_FLAG_ENV, isBedrockFaultActive, NO_FAULT, parseBedrockFaultFlag, type BedrockFaultFlag } from "./faultFlag";

/** How long one reading is trusted. A drill starts (and a cancelled one ends) within this. */
export const FLAG_CACHE_MS = 10_000;
/** Deadline of one GetParameter call, so a hanging SSM cannot stall requests or probe rounds. */
export const FLAG_READ_TIMEOUT_MS = 1_000;

/** Error name the drill fails Bedrock calls with: classified as a retryable server-side error. */
export const DRILL_FAULT_ERROR_NAME = "ServiceUnavailableException";

/** The parameter's value when no drill runs, as the DrDrills component and the Automation write it. */
const RESTING_VALUE = JSON.stringify(NO_FAULT);

export interface FaultFlagReading {
    readonly flag: BedrockFaultFlag;
    /** The parameter's LastModifiedDate; the flag's `minutes` run from here. */
    readonly lastModified?: Date;
}

/** What a warm container keeps of the flag: the client and the last reading. */
export interface FaultFlagState {
    /** The parameter and region the client and reading belong to; a change starts over. */
    parameterName?: string;
    region?: string;
    client?: SSMClient;
    reading?: FaultFlagReading;
    /** When the last read finished (successfully or not), ms since the epoch. */
    readAt?: number;
    /** The read in flight, shared by callers that need the flag meanwhile. */
    pending?: Promise<void>;
}

export interface FaultFlagOptions {
    readonly now?: () => number;
    /** Where warnings go (one JSON line each); console.warn by default. */
    readonly warn?: (line: string) => void;
}

/**
 * Makes sure `state` holds a reading no older than FLAG_CACHE_MS, reading the parameter if not.
 * Never rejects and never waits longer than FLAG_READ_TIMEOUT_MS (plus the client's set-up).
 */
export function refreshFaultFlag(env: Env, state: FaultFlagState, options: FaultFlagOptions = {}): Promise<void> {
    const now = options.now ?? Date.now;
    const parameterName = env[BEDROCK_FAULT_FLAG_ENV];
    const region = env.AWS_REGION;
    if (!parameterName || !region) {
        // Drills are off here: forget anything read before, never build a client.
        clearState(state);
        return Promise.resolve();
    }
    if (state.parameterName !== parameterName || state.region !== region) {
        clearState(state);
        state.parameterName = parameterName;
        state.region = region;
    }
    if (state.pending) return state.pending;
    if (state.readAt !== undefined && now() - state.readAt < FLAG_CACHE_MS) return Promise.resolve();
    const pending = readFlag(parameterName, region, state, options.warn ?? ((line) => console.warn(line))).then((reading) => {
        // A newer refresh (after a settings change) owns the state now: leave it alone.
        if (state.pending !== pending) return;
        state.reading = reading;
        state.readAt = now();
        state.pending = undefined;
    });
    state.pending = pending;
    return pending;
}

/**
 * The error a Bedrock call in `region` fails with because of the drill, or undefined. Only the
 * function's own region is ever failed: the flag of region R describes Bedrock in R alone.
 */
export function drillFault(state: FaultFlagState | undefined, region: string, now: number = Date.now()): Error | undefined {
    const reading = state?.reading;
    if (!state || !reading || state.region !== region || reading.lastModified === undefined) return undefined;
    if (!isBedrockFaultActive(reading.flag, reading.lastModified, new Date(now))) return undefined;
    const minutes = reading.flag.fault === "bedrock-unavailable" ? reading.flag.minutes : 0;
    const until = new Date(reading.lastModified.getTime() + minutes * 60_000).toISOString();
    const err = new Error(`Bedrock in ${region} is unavailable: DR drill (fault flag ${state.parameterName ?? "?"} raised, until ${until})`);
    err.name = DRILL_FAULT_ERROR_NAME;
    // Shaped like the SDK's own 503, so every classifier treats it exactly like a real outage.
    Object.assign(err, { $fault: "server", $metadata: { httpStatusCode: 503 } });
    return err;
}

async function readFlag(parameterName: string, region: string, state: FaultFlagState, warn: (line: string) => void): Promise<FaultFlagReading> {
    const control = startAttempt(FLAG_READ_TIMEOUT_MS);
    let problem: string;
    try {
        // maxAttempts 1: a retry would only stretch the wait the deadline exists to bound.
        state.client ??= new SSMClient({ region, maxAttempts: 1 });
        const client = state.client;
        const out = await control.guard(Promise.resolve().then(() => client.send(new GetParameterCommand({ Name: parameterName }), { abortSignal: control.signal })));
        const value = out.Parameter?.Value;
        const lastModified = out.Parameter?.LastModifiedDate;
        const flag = parseBedrockFaultFlag(value);
        if (flag.fault === "bedrock-unavailable" && lastModified instanceof Date) return { flag, lastModified };
        // parseBedrockFaultFlag also answers "none" for junk: only the resting value is quietly "none".
        if (flag.fault === "none" && value?.replace(/\s/g, "") === RESTING_VALUE) return { flag };
        problem = flag.fault === "none" ? `unreadable value ${JSON.stringify(String(value).slice(0, 200))}` : "no LastModifiedDate, so the fault could not expire";
    } catch (err) {
        problem = control.stopReason() === "timeout" ? `no answer within ${FLAG_READ_TIMEOUT_MS} ms` : err instanceof Error ? `${err.name}: ${err.message}` : String(err);
    } finally {
        control.dispose();
    }
    warn(JSON.stringify({ event: "drill-fault-flag-unreadable", parameter: parameterName, problem, assumed: "no fault" }));
    return { flag: NO_FAULT };
}

function clearState(state: FaultFlagState): void {
    state.client?.destroy();
    state.parameterName = undefined;
    state.region = undefined;
    state.client = undefined;
    state.reading = undefined;
    state.readAt = undefined;
    state.pending = undefined;
}
