import * as assert from "assert";
import { RERUN_ENV, rerunExecArgv, shouldRerunForStack } from "../../plan/failureRerun";
import { ProgramError } from "../../plan/programError";

/** A program that fails in the fast plan (no stack traces) is run again once to show where. */
describe("plan failure re-run", () => {
    const cases: Array<[string, unknown, number, NodeJS.ProcessEnv, boolean]> = [
        ["a program error in the fast run", new Error("boom"), 0, {}, true],
        ["a thrown non-Error in the fast run", "boom", 0, {}, true],
        ["already the re-run", new Error("boom"), 0, { [RERUN_ENV]: "1" }, false],
        ["a run that records stack traces (ts-node, or --stack-trace-limit above 0)", new Error("boom"), 10, {}, false],
        ["the deadline (its message is complete)", new ProgramError("the program did not finish within 3000 ms"), 0, {}, false],
    ];
    for (const [name, err, limit, env, want] of cases) {
        it(`${want ? "re-runs" : "does not re-run"}: ${name}`, () => assert.strictEqual(shouldRerunForStack(err, limit, env), want));
    }

    it("re-runs with the same loader, stack traces on and source maps", () => {
        assert.deepStrictEqual(rerunExecArgv(["--stack-trace-limit=0", "-r", "./scripts/register-ts.js"]), ["-r", "./scripts/register-ts.js", "--stack-trace-limit=30", "--enable-source-maps"]);
    });
});
