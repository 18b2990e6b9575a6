import * as pulumi from "@pulumi/pulumi";
import * as fs from "fs";
import * as path from "path";
import { cachedClosure, closureCacheDir, closureKey } from "./closureCache";

/**
 * What goes into the Lambda zips, built the way `aws.lambda.CallbackFunction` builds them
 * (@pulumi/aws lambda/lambdaMixins.js): the callback serialized by
 * `pulumi.runtime.serializeFunction` as `__index.js`, exporting `handler`, plus the packages
 * `pulumi.runtime.computeCodePaths` collects from package.json `dependencies`.
 *
 * CallbackFunction zips every package in `dependencies` (it does not look at what the closure
 * uses) and excludes only aws-sdk v2; the Node.js Lambda runtimes ship AWS SDK v3, and the
 * Pulumi, config and schema packages are needed only at deploy time. So everything is excluded
 * except the packages the handlers import at run time. Excluding a package also stops the walk
 * into its dependencies.
 *
 * Why not CallbackFunction itself: it serializes its callback again for every function, and
 * every region deploys the same two callbacks (their settings travel in environment variables).
 * Serializing a closure walks every module Node has loaded and re-parses the source through the
 * TypeScript parser: 0.3-0.5 s of CPU a time, a third of a 4-region plan's CPU when done per
 * region (issue 14). `callbackArchive` serializes each callback once per process (and not at all
 * when closureCache.ts holds the text for the same sources) and hands every region an archive of
 * the same text; tests/components/bedrock/packaging.test.ts holds it equal, byte for byte, to
 * what CallbackFunction builds from the same callback.
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

/** The serialized module's file name in the zip, and so the handler's module: CallbackFunction's. */
export const CALLBACK_MODULE = "__index";
export const CALLBACK_EXPORT = "handler";
/** The Lambda `handler` setting of a callback's function. */
export const CALLBACK_HANDLER = `${CALLBACK_MODULE}.${CALLBACK_EXPORT}`;

/** How a callback is written into the module: a handler, or a factory the module calls once at load to make the handler. */
export type CallbackShape = "handler" | "factory";

/** The options CallbackFunction passes to serializeFunction, so the text is the one it would zip. */
export function callbackSerializeOptions(shape: CallbackShape): pulumi.runtime.SerializeFunctionArgs {
    return { serialize: () => true, exportName: CALLBACK_EXPORT, isFactoryFunction: shape === "factory", allowSecrets: true };
}

/** Serializes a callback exactly as CallbackFunction does. */
export function serializeCallback(callback: Function, shape: CallbackShape): Promise<pulumi.runtime.SerializedFunction> {
    return pulumi.runtime.serializeFunction(callback, callbackSerializeOptions(shape));
}

/** A callback to package: `make` returns the function to serialize (its result is what deploys). */
export interface CallbackSource {
    readonly make: () => Function;
    readonly shape: CallbackShape;
}

type CodePaths = Record<string, pulumi.asset.Asset | pulumi.asset.Archive>;

/** Per process, per `make` function and exclude list: serialization is pure in the callback's code. */
const built = new WeakMap<() => Function, Map<string, Promise<CodePaths>>>();

async function buildCodePaths(source: CallbackSource, excludedPackages: readonly string[]): Promise<CodePaths> {
    const key = closureKey(source.make, JSON.stringify(callbackSerializeOptions(source.shape)));
    const closure = await cachedClosure(key, () => serializeCallback(source.make(), source.shape), closureCacheDir());
    // CallbackFunction only warns here; the product's settings travel in environment variables, so a captured secret is a bug.
    if (closure.containsSecrets) throw new Error(`the Lambda callback ${source.make.name} captured a secret value: pass it in an environment variable instead`);
    const codePaths: CodePaths = { [`${CALLBACK_MODULE}.js`]: new pulumi.asset.StringAsset(closure.text) };
    // CallbackFunction appends aws-sdk (v2, which Lambda used to provide) to the exclusions.
    const modules = await pulumi.runtime.computeCodePaths({ extraExcludePackages: [...excludedPackages, "aws-sdk"] });
    for (const [name, asset] of modules) codePaths[name] = asset;
    return codePaths;
}

/**
 * The deployment package for a Lambda callback (pass it as `code`, with `handler:
 * CALLBACK_HANDLER`). The first call for a callback serializes it; later calls, from any region,
 * reuse that text.
 */
export function callbackArchive(source: CallbackSource, excludedPackages: readonly string[]): pulumi.asset.AssetArchive {
    let byExcludes = built.get(source.make);
    if (byExcludes === undefined) {
        byExcludes = new Map();
        built.set(source.make, byExcludes);
    }
    const key = `${source.shape}\0${[...excludedPackages].sort().join("\0")}`;
    let codePaths = byExcludes.get(key);
    if (codePaths === undefined) {
        codePaths = buildCodePaths(source, excludedPackages);
        byExcludes.set(key, codePaths);
    }
    // A fresh archive per function; the assets inside are shared (the engine only reads them).
    return new pulumi.asset.AssetArchive(codePaths);
}
