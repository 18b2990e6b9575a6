import type { PlannedResource } from "./model";
import { codeArchiveOf, estimatePackage, PackageEstimateError } from "./lambdaPackage";

/** The product's budget for one callback's zip (SPEC "Lambda packaging"): what an unexcluded SDK would blow. */
export const LAMBDA_PACKAGE_LIMIT_BYTES = 64 * 1024;

export const LAMBDA_FUNCTION_TYPE = "aws:lambda/function:Function";

export interface PlannedLambda {
    readonly name: string;
    readonly region: string;
    /** Size of the zip that would deploy; null when the code is not an archive the plan can read (S3, image, remote). */
    readonly packageBytes: number | null;
    readonly files?: number;
    /** The largest top-level members (`__index.js`, `node_modules/<pkg>`), to see what to exclude. */
    readonly largest?: ReadonlyArray<{ readonly name: string; readonly packageBytes: number }>;
    /** Why packageBytes is null. */
    readonly note?: string;
}

/** Every Lambda function the program registered, with the size of its deployment zip. */
export function plannedLambdas(resources: readonly PlannedResource[], baseDir: string = process.cwd()): PlannedLambda[] {
    return resources
        .filter((r) => r.type === LAMBDA_FUNCTION_TYPE)
        .map((r) => {
            const code = codeArchiveOf(r.inputs);
            if (!code) {
                const note = r.inputs.packageType === "Image" ? "container image" : r.inputs.s3Bucket !== undefined ? "code in S3" : "no code archive in its inputs";
                return { name: r.name, region: r.region, packageBytes: null, note };
            }
            try {
                const estimate = estimatePackage(code, baseDir);
                return { name: r.name, region: r.region, packageBytes: estimate.packageBytes, files: estimate.files, largest: estimate.members.slice(0, 3) };
            } catch (e) {
                if (e instanceof PackageEstimateError) return { name: r.name, region: r.region, packageBytes: null, note: e.message };
                throw e;
            }
        });
}
