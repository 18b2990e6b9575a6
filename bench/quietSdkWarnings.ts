/**
 * Imported first by the bench scripts: the AWS SDK emits a NodeVersionSupportWarning (Node 20)
 * as soon as it loads, which is noise in a benchmark's output. Other warnings still print.
 */
process.removeAllListeners("warning");
process.on("warning", (warning) => {
    const text = `${warning.name}: ${warning.message}`;
    if (!text.includes("NodeVersionSupportWarning")) process.stderr.write(`${text}\n`);
});

export {};
