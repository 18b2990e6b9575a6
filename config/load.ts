import * as pulumi from "@pulumi/pulumi";
import { ConfigError } from "./errors";
import { parsePlatformConfig, PROJECT, type PlatformConfig } from "./index";

/**
 * Reads every `ai-platform:*` key of the running stack and validates it. Reading them all (not
 * key by key) is what lets a misspelt top-level key fail loudly instead of being ignored.
 */
export function loadPlatformConfig(): PlatformConfig {
    return parsePlatformConfig(projectConfigFrom(pulumi.runtime.allConfig()));
}

/** Picks this project's keys from Pulumi's flat `namespace:key -> string` config map and decodes them. */
export function projectConfigFrom(all: Readonly<Record<string, string>>): Record<string, unknown> {
    const raw: Record<string, unknown> = {};
    const undecodable: string[] = [];
    for (const [fullKey, value] of Object.entries(all)) {
        const [namespace, key] = splitKey(fullKey);
        if (namespace !== PROJECT) continue;
        try {
            raw[key] = JSON.parse(value);
        } catch {
            // Plain strings are stored unquoted; only objects and arrays must be JSON.
            raw[key] = value;
        }
        if (typeof raw[key] === "string" && /^[[{]/.test(value)) undecodable.push(key);
    }
    if (undecodable.length > 0) {
        throw new ConfigError(undecodable.map((key) => ({ key, message: "expected structured config (YAML map or list); the value is not valid JSON" })));
    }
    return raw;
}

function splitKey(fullKey: string): [string, string] {
    const i = fullKey.indexOf(":");
    return i < 0 ? ["", fullKey] : [fullKey.slice(0, i), fullKey.slice(i + 1)];
}
