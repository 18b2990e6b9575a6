/**
 * Server-sent events as the failover function streams them (CONTRACTS.md): `event: token`,
 * `event: metadata`, and exactly one final `event: done` or `event: error`. The edge service
 * passes bytes through unchanged and only watches for the final event, so that a stream that
 * ends without one gets an explicit error instead of looking like a short, successful answer.
 */

export const FINAL_EVENTS = ["done", "error"] as const;

export const BROKEN_STREAM_EVENT = `event: error\ndata: ${JSON.stringify({ error: "upstream stream ended without completion" })}\n\n`;

/** Tracks the event names of a stream fed in arbitrary chunks. */
export class SseWatcher {
    private buffer = "";
    private current?: string;
    finalEvent?: string;

    push(chunk: string): void {
        this.buffer += chunk;
        let nl: number;
        while ((nl = this.buffer.indexOf("\n")) >= 0) {
            const line = this.buffer.slice(0, nl).replace(/\r$/, "");
            this.buffer = this.buffer.slice(nl + 1);
            if (line === "") {
                // Blank line: the event is dispatched.
                if (this.current && (FINAL_EVENTS as readonly string[]).includes(this.current)) this.finalEvent = this.current;
                this.current = undefined;
            } else if (line.startsWith("event:")) {
                this.current = line.slice(6).trim();
            }
        }
    }

    get complete(): boolean {
        return this.finalEvent !== undefined;
    }
}
