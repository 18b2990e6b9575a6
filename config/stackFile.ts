import * as fs from "fs";
import * as path from "path";
import { parseDocument } from "yaml";
import { ConfigError } from "./errors";

/**
 * Reads a `Pulumi.<stack>.yaml` file as the Pulumi CLI would hand it to the program: a flat map
 * of `namespace:key` to string (objects and lists JSON-encoded). Used by the offline plan and tests.
 */
export function readStackConfigFile(file: string): Record<string, string> {
    if (!fs.existsSync(file)) {
        throw new ConfigError([{ key: path.basename(file), message: `stack config file not found at ${file}` }]);
    }
    const doc = parseDocument(fs.readFileSync(file, "utf8"), { uniqueKeys: true });
    if (doc.errors.length > 0) {
        throw new ConfigError(doc.errors.map((e) => ({ key: path.basename(file), message: e.message.split("\n")[0] })));
    }
    const top: unknown = doc.toJS();
    if (top === null || typeof top !== "object" || !("config" in top)) {
        throw new ConfigError([{ key: "config", message: `${path.basename(file)} has no top-level "config:" map` }]);
    }
    const config = (top as { config: unknown }).config;
    if (config === null || typeof config !== "object" || Array.isArray(config)) {
        throw new ConfigError([{ key: "config", message: "expected a map of namespace:key settings" }]);
    }
    const flat: Record<string, string> = {};
    for (const [key, value] of Object.entries(config as Record<string, unknown>)) {
        flat[key] = typeof value === "string" ? value : JSON.stringify(value);
    }
    return flat;
}
