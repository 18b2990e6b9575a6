// Loaded with `node -r` by the plan bench (bench/planBench.ts) into each plan it measures: writes
// the process's own CPU time and peak RSS to the file named by AI_PLATFORM_BENCH_USAGE_FILE when
// it exits. Plain JavaScript, so that loading it costs the ts-node baseline and the new runner
// the same.
"use strict";
const fs = require("fs");

const file = process.env.AI_PLATFORM_BENCH_USAGE_FILE;
if (file) {
    process.on("exit", () => {
        const u = process.resourceUsage();
        fs.writeFileSync(file, JSON.stringify({ cpuMicros: u.userCPUTime + u.systemCPUTime, maxRssKiB: u.maxRSS }));
    });
}
