import { isRecordedAsset, isRecordedSecret } from "./model";

/**
 * Inputs as the `--json` document shows them: secrets as "[secret]" (as `pulumi preview --json`
 * shows them), string assets by size rather than text (a callback's serialized closure would
 * swamp the document); everything else, resource references included (already URNs), as recorded.
 */
export function jsonInputs(value: unknown): unknown {
    if (Array.isArray(value)) return value.map(jsonInputs);
    if (value === null || typeof value !== "object") return value;
    const o = value as Record<string, unknown>;
    if (isRecordedSecret(o)) return "[secret]";
    if (isRecordedAsset(o) && o.__asset === "string") return { __asset: "string", bytes: Buffer.byteLength(o.text, "utf8") };
    return Object.fromEntries(Object.entries(o).map(([k, v]) => [k, jsonInputs(v)]));
}
