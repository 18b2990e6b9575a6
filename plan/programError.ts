/** Errors raised while the program runs (sync throws, rejected applies, failed registrations). */
export class ProgramError extends Error {
    constructor(message: string, readonly cause?: unknown) {
        super(message);
        this.name = "ProgramError";
    }
}
