import * as fs from "fs";
import * as path from "path";

/**
 * What goes into the Lambda zips. CallbackFunction zips every package in package.json
 * `dependencies` (it does not look at what the closure uses) and excludes only aws-sdk v2; the
 * Node.js Lambda runtimes ship AWS SDK v3, and the Pulumi, config and schema packages are needed
 * only at deploy time. So everything is excluded except the packages the handlers import at run
 * time. Excluding a package also stops the walk into its dependencies.
 */

/** Packages the handlers in functions/ require at run time and the Lambda runtime lacks. */
export const LAMBDA_RUNTIME_PACKAGES: readonly string[] = [];

/** Dependencies to exclude from the zip: all of them but the runtime packages. */
export function lambdaExcludedPackages(dependencies: Readonly<Record<string, string>>, runtimePackages: readonly string[] = LAMBDA_RUNTIME_PACKAGES): string[] {
    return Object.keys(dependencies)
        .filter((name) => !runtimePackages.includes(name))
        .sort();
}

/** The `dependencies` of the project's package.json, read the way CallbackFunction reads them. */
export function projectDependencies(root: string = path.resolve(__dirname, "..", "..")): Record<string, string> {
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies?: Record<string, string> };
    return pkg.dependencies ?? {};
}
