import { T } from "./lib/awsTypes";
import { prop } from "./lib/config";
import { resourcePolicy } from "./lib/define";
import { shown, str } from "./lib/props";

interface RuntimeConfig {
    readonly minimumNodejsVersion: number;
    readonly allowedRuntimes: readonly string[];
}

/**
 * aws.lambda.CallbackFunction registers as an ordinary aws:lambda/function:Function (it subclasses
 * Function), defaulting to nodejs24.x, so one check covers inline callbacks too.
 */
export const lambdaSupportedRuntime = resourcePolicy<RuntimeConfig>({
    name: "lambda-supported-runtime",
    description: "Lambda functions run on a supported Node.js runtime (nodejsNN.x with NN at least minimumNodejsVersion), or on a runtime listed in allowedRuntimes.",
    enforcementLevel: "mandatory",
    severity: "medium",
    configSchema: {
        properties: {
            minimumNodejsVersion: prop.integer("Oldest Node.js major version accepted (AWS deprecates Node.js runtimes with their end of life; nodejs20.x was deprecated on 2026-04-30).", 22, 1),
            allowedRuntimes: prop.strings("Other runtimes accepted as they are (e.g. python3.13).", []),
        },
    },
    remediationSteps: "Set runtime to nodejs24.x (or nodejs22.x) on the function or CallbackFunction.",
    types: [T.lambdaFunction],
    check: (r, cfg, report, notApplicable) => {
        if (r.props.packageType === "Image") return notApplicable("a container image function has no managed runtime");
        const runtime = str(r.props.runtime);
        if (runtime === undefined) {
            report(`${r.label}: runtime is ${shown(r.props.runtime)}; expected nodejs${cfg.minimumNodejsVersion}.x or later`);
            return;
        }
        if (cfg.allowedRuntimes.includes(runtime)) return;
        const node = /^nodejs(\d+)\.x$/.exec(runtime);
        if (!node) {
            report(`${r.label}: runtime is "${runtime}"; expected nodejs${cfg.minimumNodejsVersion}.x or later (or a runtime in allowedRuntimes)`);
        } else if (Number(node[1]) < cfg.minimumNodejsVersion) {
            report(`${r.label}: runtime is "${runtime}"; expected nodejs${cfg.minimumNodejsVersion}.x or later`);
        }
    },
});
