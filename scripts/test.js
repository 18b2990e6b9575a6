// `npm test`: the type check (tsc --noEmit, the whole project) and the test suite (mocha, config
// in .mocharc.json) side by side. The type check is one single-threaded process; run first, it
// would leave the second core idle for its whole duration. Fails if either fails.
"use strict";
const { spawn } = require("child_process");

function run(name, args) {
    return new Promise((resolve) => {
        const child = spawn(process.execPath, args, { stdio: "inherit" });
        child.on("error", (err) => {
            process.stderr.write(`${name}: ${err.message}\n`);
            resolve(1);
        });
        child.on("close", (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    });
}

Promise.all([
    run("tsc", [require.resolve("typescript/bin/tsc"), "--noEmit", "-p", "tsconfig.json"]),
    run("mocha", [require.resolve("mocha/bin/mocha.js"), ...process.argv.slice(2)]),
]).then(([tsc, mocha]) => {
    if (tsc !== 0) process.stderr.write("npm test: the type check (tsc --noEmit -p tsconfig.json) failed\n");
    if (mocha !== 0) process.stderr.write("npm test: tests failed\n");
    process.exit(tsc !== 0 ? tsc : mocha);
});
