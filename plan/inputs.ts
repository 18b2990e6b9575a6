import { recordedSecret, type RecordedArchive, type RecordedAsset } from "./model";

/**
 * Decodes the inputs of a registration (the protobuf Struct the SDK sends to the engine) into the
 * plain data the plan records. Pulumi's own deserializer is used for everything it turns into data
 * (secrets, unknowns), but three kinds of value are rewritten first, because it would turn them
 * into live SDK objects that neither JSON nor a policy can read:
 * - resource references become their URN (the deserializer would construct a Resource object);
 * - assets and archives become RecordedAsset / RecordedArchive (its Asset objects keep their path
 *   or text in a promise);
 * - output values become their value, kept secret if they were (it would build an Output).
 */

interface RpcModule {
    readonly specialSigKey: string;
    readonly specialAssetSig: string;
    readonly specialArchiveSig: string;
    readonly specialSecretSig: string;
    readonly specialResourceSig: string;
    readonly specialOutputValueSig: string;
    readonly unknownValue: string;
    deserializeProperty(prop: unknown): unknown;
}

function rpcModule(): RpcModule {
    // Imported lazily so that the one @pulumi/pulumi copy the program uses is the one asked.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/runtime/rpc");
}

interface StructLike {
    toJavaScript(): Record<string, unknown>;
}

type Raw = Record<string, unknown>;

const isObject = (v: unknown): v is Raw => typeof v === "object" && v !== null && !Array.isArray(v);

function recordAsset(rpc: RpcModule, prop: Raw): RecordedAsset {
    if (typeof prop.path === "string" && prop.path !== "") return { __asset: "file", path: prop.path };
    if (typeof prop.text === "string") return { __asset: "string", text: prop.text };
    if (typeof prop.uri === "string" && prop.uri !== "") return { __asset: "remote", uri: prop.uri };
    throw new Error(`an asset input has neither path, text nor uri: ${JSON.stringify(Object.keys(prop).filter((k) => k !== rpc.specialSigKey))}`);
}

function recordArchive(rpc: RpcModule, prop: Raw): RecordedArchive {
    if (isObject(prop.assets)) {
        const assets: Record<string, RecordedAsset | RecordedArchive> = {};
        for (const [name, member] of Object.entries(prop.assets)) {
            const sig = isObject(member) ? member[rpc.specialSigKey] : undefined;
            if (sig === rpc.specialAssetSig) assets[name] = recordAsset(rpc, member as Raw);
            else if (sig === rpc.specialArchiveSig) assets[name] = recordArchive(rpc, member as Raw);
            else throw new Error(`archive member "${name}" is not an asset or archive`);
        }
        return { __archive: "assets", assets };
    }
    if (typeof prop.path === "string" && prop.path !== "") return { __archive: "file", path: prop.path };
    if (typeof prop.uri === "string" && prop.uri !== "") return { __archive: "remote", uri: prop.uri };
    // The engine reads an archive with nothing in it as an empty asset archive.
    return { __archive: "assets", assets: {} };
}

/** The raw wire value with references, assets and output values replaced by plain data. */
function rewrite(rpc: RpcModule, prop: unknown): unknown {
    if (Array.isArray(prop)) return prop.map((e) => rewrite(rpc, e));
    if (!isObject(prop)) return prop;
    const sig = prop[rpc.specialSigKey];
    switch (sig) {
        case rpc.specialResourceSig:
            return typeof prop.urn === "string" ? prop.urn : rpc.unknownValue;
        case rpc.specialAssetSig:
            return recordAsset(rpc, prop);
        case rpc.specialArchiveSig:
            return recordArchive(rpc, prop);
        case rpc.specialOutputValueSig: {
            if (!("value" in prop)) return rpc.unknownValue;
            const value = rewrite(rpc, prop.value);
            return prop.secret === true ? recordedSecret(value) : value;
        }
        case rpc.specialSecretSig:
            return recordedSecret(rewrite(rpc, prop.value));
        default:
            return Object.fromEntries(Object.entries(prop).map(([k, v]) => [k, rewrite(rpc, v)]));
    }
}

/** Drops keys whose value is undefined (unknowns, when not previewing), at every depth. */
function withoutUndefined(v: unknown): unknown {
    if (Array.isArray(v)) return v.map(withoutUndefined);
    if (!isObject(v)) return v;
    const out: Raw = {};
    for (const [k, x] of Object.entries(v)) if (x !== undefined) out[k] = withoutUndefined(x);
    return out;
}

/** A registration's inputs as plain data (see the module comment). */
export function decodeInputs(struct: StructLike): Record<string, unknown> {
    const rpc = rpcModule();
    const raw = struct.toJavaScript();
    const out: Raw = {};
    for (const [key, value] of Object.entries(raw)) {
        if (value === undefined) continue;
        const decoded = rpc.deserializeProperty(rewrite(rpc, value));
        if (decoded !== undefined) out[key] = withoutUndefined(decoded);
    }
    return out;
}
