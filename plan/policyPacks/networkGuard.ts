// `import x = require()`: the modules' own export objects, which the SDKs call through (an
// `import * as` namespace would be a copy, and patching it would not reach them).
import http = require("node:http");
import http2 = require("node:http2");
import https = require("node:https");
import net = require("node:net");
import tls = require("node:tls");
import { EventEmitter } from "node:events";

/**
 * The plan has no cloud: a third-party policy that calls AWS (AWSGuard's certificate-expiry and
 * access-key checks use the AWS SDK) must report "needs cloud", not fail the run nor wait on a
 * network. While a guarded call runs, every way Node opens a connection (http/https requests,
 * http2, net and tls sockets) answers with a connection that fails at once (an 'error' event on
 * the next tick, as a refused connection would: SDKs handle that, while a synchronous throw would
 * escape their callbacks), and the attempt is recorded; a call that attempted one is reported as
 * needing the cloud, whatever it then did with the error.
 */

export class NeedsCloudError extends Error {
    constructor(readonly target: string) {
        super(`offline plan: no network (attempted ${target})`);
        this.name = "NeedsCloudError";
    }
}

export type GuardedOutcome = { readonly needsCloud: true; readonly reason: string } | { readonly needsCloud: false; readonly value: unknown };

interface Patchable { [key: string]: unknown }

/** How long a guarded call may take before it counts as waiting on a cloud (SDK retries back off). */
const CALL_LIMIT_MS = 30_000;

function targetOf(args: readonly unknown[]): string {
    const first = args[0];
    if (typeof first === "string") return first;
    if (first instanceof URL) return first.host;
    if (typeof first === "object" && first !== null) {
        const o = first as Record<string, unknown>;
        return String(o.hostname ?? o.host ?? o.path ?? "a socket");
    }
    return "a socket";
}

const PATCHES: ReadonlyArray<readonly [Patchable, string]> = [
    [http as unknown as Patchable, "request"], [http as unknown as Patchable, "get"],
    [https as unknown as Patchable, "request"], [https as unknown as Patchable, "get"],
    [http2 as unknown as Patchable, "connect"],
    [net as unknown as Patchable, "connect"], [net as unknown as Patchable, "createConnection"],
    [tls as unknown as Patchable, "connect"],
];

/**
 * A request / socket / session stand-in: every method is a chainable no-op, and it emits 'error'
 * (then 'close') on the next tick.
 */
function failedConnection(target: string): unknown {
    const emitter = new EventEmitter();
    const stub: unknown = new Proxy(emitter, {
        get(obj, prop, receiver) {
            if (prop in obj) {
                const v: unknown = Reflect.get(obj, prop, obj);
                return typeof v === "function" ? (v as (...a: unknown[]) => unknown).bind(obj) : v;
            }
            if (prop === "then") return undefined;
            return () => receiver;
        },
    });
    process.nextTick(() => {
        if (emitter.listenerCount("error") > 0) emitter.emit("error", new NeedsCloudError(target));
        emitter.emit("close");
    });
    return stub;
}

/**
 * Runs `call` with the network blocked, awaiting a promise it returns. Calls run one at a time
 * (the evaluator awaits each), so an attempt belongs to the call that made it.
 */
export async function runGuarded(call: () => unknown): Promise<GuardedOutcome> {
    const attempts: string[] = [];
    const saved = PATCHES.map(([mod, key]) => [mod, key, mod[key]] as const);
    for (const [mod, key] of PATCHES) {
        mod[key] = (...args: unknown[]) => {
            const target = targetOf(args);
            attempts.push(target);
            return failedConnection(target);
        };
    }
    let timer: NodeJS.Timeout | undefined;
    try {
        const limit = new Promise<"timeout">((resolve) => { timer = setTimeout(() => resolve("timeout"), CALL_LIMIT_MS); });
        const value = await Promise.race([Promise.resolve().then(call), limit]);
        if (value === "timeout") return { needsCloud: true, reason: `did not finish within ${CALL_LIMIT_MS / 1000} s offline${attempts.length > 0 ? ` (attempted ${attempts[0]})` : ""}` };
        if (attempts.length > 0) return { needsCloud: true, reason: `calls a cloud API (attempted ${attempts[0]})` };
        return { needsCloud: false, value };
    } catch (e) {
        if (attempts.length > 0 || e instanceof NeedsCloudError) return { needsCloud: true, reason: `calls a cloud API (attempted ${attempts[0] ?? (e as NeedsCloudError).target})` };
        throw e;
    } finally {
        if (timer) clearTimeout(timer);
        for (const [mod, key, original] of saved) mod[key] = original;
    }
}
