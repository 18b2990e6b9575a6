// Mocha's spec reporter, plus one closing line in the plain "N passed, N failed" form that CI
// systems read regardless of the test runner.
"use strict";
const Mocha = require("mocha");
const { EVENT_RUN_END } = Mocha.Runner.constants;

class SpecWithSummary extends Mocha.reporters.Spec {
    constructor(runner, options) {
        super(runner, options);
        runner.once(EVENT_RUN_END, () => {
            const s = runner.stats;
            const pending = s.pending > 0 ? `, ${s.pending} skipped` : "";
            process.stdout.write(`mocha: ${s.passes} passed, ${s.failures} failed${pending}\n`);
        });
    }
}

module.exports = SpecWithSummary;
