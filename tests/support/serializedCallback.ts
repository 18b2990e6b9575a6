/**
 * Loads a callback the way Lambda would run it: serialized by the product's packaging
 * (components/bedrock/packaging.ts, what deploys), written to a temp dir as index.js, then `require`d.
 * The temp dir links the repo's node_modules, standing in for the runtime's bundled SDK v3.
 */
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { serializeCallback } from "../../components/bedrock/packaging";

export interface LoadedCallback<E, R> {
    readonly handler: (event: E, context: { getRemainingTimeInMillis(): number }) => Promise<R>;
    /** The serialized module text, as it would be zipped. */
    readonly text: string;
    /** Removes the temp dir. */
    dispose(): void;
}

const REPO_NODE_MODULES = path.resolve(__dirname, "..", "..", "node_modules");

export async function loadSerializedCallback<E, R>(callback: (event: E, context: never) => Promise<R>): Promise<LoadedCallback<E, R>> {
    return loadSerialized<LoadedCallback<E, R>["handler"]>(callback, false);
}

/**
 * Serializes `fn` as CallbackFunction does (as a handler, or as a factory the generated module
 * calls once at load), writes it beside the repo's node_modules and loads it.
 */
async function loadSerialized<H>(fn: Function, isFactoryFunction: boolean): Promise<{ handler: H; text: string; dispose(): void }> {
    const serialized = await serializedOnce(fn, isFactoryFunction);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), isFactoryFunction ? "serialized-factory-" : "serialized-callback-"));
    fs.symlinkSync(REPO_NODE_MODULES, path.join(dir, "node_modules"), "dir");
    const file = path.join(dir, "index.js");
    fs.writeFileSync(file, serialized.text);
    const loaded = require(file) as Record<string, unknown>;
    const handler = loaded[serialized.exportName];
    if (typeof handler !== "function") throw new Error(`serialized module has no ${serialized.exportName} function`);
    return {
        handler: handler as H,
        text: serialized.text,
        dispose() {
            delete require.cache[file];
            fs.rmSync(dir, { recursive: true, force: true }); // removes the symlink, not the repo's node_modules
        },
    };
}

/**
 * Serializing is the slow part (~0.5 s of CPU); a test file that loads the same function object
 * for every test serializes it once. Each load still gets a module of its own, so no warm state
 * is shared between tests.
 */
const serialized = new WeakMap<Function, Map<boolean, ReturnType<typeof serializeCallback>>>();

function serializedOnce(fn: Function, isFactoryFunction: boolean): ReturnType<typeof serializeCallback> {
    let byShape = serialized.get(fn);
    if (byShape === undefined) {
        byShape = new Map();
        serialized.set(fn, byShape);
    }
    let text = byShape.get(isFactoryFunction);
    if (text === undefined) {
        text = serializeCallback(fn, isFactoryFunction ? "factory" : "handler");
        byShape.set(isFactoryFunction, text);
    }
    return text;
}

/** Module names the serialized text `require`s. */
export function requiredModules(text: string): string[] {
    return [...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]);
}

/**
 * Sets environment variables for a test and returns a function restoring the previous values.
 * Credentials are static fakes and instance metadata is off, so no SDK ever leaves loopback.
 */
export function setEnv(values: Record<string, string | undefined>): () => void {
    const all: Record<string, string | undefined> = {
        AWS_ACCESS_KEY_ID: "AKIDFAKEFAKEFAKE",
        AWS_SECRET_ACCESS_KEY: "fake-secret-key",
        AWS_SESSION_TOKEN: undefined,
        AWS_PROFILE: undefined,
        AWS_BEARER_TOKEN_BEDROCK: undefined,
        AWS_EC2_METADATA_DISABLED: "true",
        AWS_REGION: "eu-central-1",
        ...values,
    };
    const saved = Object.fromEntries(Object.keys(all).map((k) => [k, process.env[k]]));
    const apply = (v: Record<string, string | undefined>): void => {
        for (const [k, value] of Object.entries(v)) {
            if (value === undefined) delete process.env[k];
            else process.env[k] = value;
        }
    };
    apply(all);
    return () => apply(saved);
}

export interface LoadedFactory<H> {
    /** What the module exports as `handler`: the factory's result, made at load time. */
    readonly handler: H;
    readonly text: string;
    dispose(): void;
}

/**
 * Loads a `callbackFactory` the way CallbackFunction deploys it (serialized as a factory; the
 * generated module calls it once at load). Globals the factory reads (`awslambda`) must be set first.
 */
export async function loadSerializedFactory<H>(factory: () => H): Promise<LoadedFactory<H>> {
    return loadSerialized<H>(factory, true);
}
