import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

/**
 * A CrossGuard pack folder that runs Pulumi's own AWSGuard (`@pulumi/awsguard` from npm), made
 * the way a user makes one: a package.json and an index.js constructing `new AwsGuard(...)`.
 * Installed once per version under the OS temp dir, so reruns reuse it. Install scripts are
 * skipped: @pulumi/aws 4's postinstall would try to fetch a provider plugin with the Pulumi CLI.
 */

/** The version the tests pin (the latest published; it depends on @pulumi/aws ^4, aws-sdk 2). */
export const AWSGUARD_VERSION = "0.3.1";
const POLICY_VERSION = "1.21.0";

export function awsGuardPackDir(version: string = AWSGUARD_VERSION): string {
    const dir = path.join(os.tmpdir(), `ai-platform-awsguard-${version}`);
    const marker = path.join(dir, "node_modules", "@pulumi", "awsguard", "package.json");
    if (fs.existsSync(marker)) return dir;
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(path.join(dir, "package.json"), JSON.stringify({
        name: "awsguard-pack",
        version: "0.1.0",
        private: true,
        main: "index.js",
        dependencies: { "@pulumi/awsguard": version, "@pulumi/policy": POLICY_VERSION },
    }, null, 2));
    fs.writeFileSync(path.join(dir, "PulumiPolicy.yaml"), "runtime: nodejs\ndescription: AWSGuard, all rules advisory\n");
    fs.writeFileSync(path.join(dir, "index.js"), [
        "\"use strict\";",
        "const { AwsGuard } = require(\"@pulumi/awsguard\");",
        "new AwsGuard({ all: \"advisory\" });",
        "",
    ].join("\n"));
    execFileSync("npm", ["install", "--ignore-scripts", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "ignore", "inherit"], timeout: 600_000 });
    return dir;
}

if (require.main === module) process.stdout.write(`${awsGuardPackDir()}\n`);
