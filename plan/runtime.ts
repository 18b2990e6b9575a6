import * as pulumi from "@pulumi/pulumi";
import type { PlannedProvider, PlannedResource } from "./model";
import { decodeInputs } from "./inputs";
import { PlatformMocks } from "./mocks";

/**
 * Runs Pulumi programs in this process under the mock runtime and records every registration:
 * inputs, options (protect, retainOnDelete), parent and provider. Recording happens at the mock
 * monitor, so it sees exactly what would be sent to the Pulumi engine.
 */

interface RegisterRequest {
    getType(): string;
    getName(): string;
    getParent(): string;
    getCustom(): boolean;
    getProvider(): string;
    getProvidersMap(): { get(key: string): string | undefined };
    getProtect(): boolean | undefined;
    getRetainondelete(): boolean | undefined;
    getObject(): { toJavaScript(): Record<string, unknown> };
    getDependenciesList(): string[];
}

interface RegisterResponse {
    getUrn(): string;
    getId(): string;
    getObject(): { toJavaScript(): Record<string, unknown> } | undefined;
}

interface MockMonitorLike {
    registerResource(req: RegisterRequest, callback: (err: Error | null, res?: RegisterResponse) => void): void;
}

interface RawRecord {
    readonly type: string;
    readonly name: string;
    readonly urn: string;
    readonly id: string;
    readonly inputs: Record<string, unknown>;
    /** Inputs and outputs as the mocks answered (what the engine would hold after an update). */
    readonly state: Record<string, unknown>;
    readonly custom: boolean;
    readonly parentUrn?: string;
    readonly providerRef?: string;
    readonly protect: boolean;
    readonly retainOnDelete: boolean;
    readonly dependsOn: readonly string[];
    readonly outputs: Record<string, unknown>;
}

export interface MockRuntimeOptions {
    readonly project: string;
    readonly stack: string;
    /** The flat `namespace:key -> string` config, as the CLI would pass it. */
    readonly config: Readonly<Record<string, string>>;
}

/** Installs mocks and config for one program run, and collects what the program registers. */
export class MockRuntime {
    private readonly records: RawRecord[] = [];
    private readonly pending = new Set<Promise<void>>();
    readonly mocks: PlatformMocks;
    /** Where AWS resources with no explicit provider go: the default provider reads `aws:region`. */
    private readonly defaultRegion: string;

    constructor(readonly options: MockRuntimeOptions) {
        const defaultRegion = options.config["aws:region"] ?? "us-east-1";
        this.defaultRegion = defaultRegion;
        this.mocks = new PlatformMocks(defaultRegion);
    }

    install(): void {
        pulumi.runtime.setAllConfig({ ...this.options.config });
        // `preview = false`: apply callbacks run with the mocked values, as they would in an update.
        void pulumi.runtime.setMocks(this.mocks, this.options.project, this.options.stack, false);
        this.wrapMonitor();
    }

    /** Waits until every registration the program started has been answered. */
    async settle(): Promise<void> {
        // Registrations can start further registrations (apply callbacks), so loop until quiet.
        for (;;) {
            await settingsModule().waitForRPCs();
            await new Promise((resolve) => setImmediate(resolve));
            if (this.pending.size === 0) return;
            await Promise.all([...this.pending]);
        }
    }

    /**
     * What the program registered, in registration order, with effective regions resolved.
     * Registration order can differ between runs (asynchronous work interleaves); the plan puts
     * them in a stable order (plan/order.ts).
     */
    resources(): PlannedResource[] {
        const byUrn = new Map(this.records.map((r) => [r.urn, r]));
        const providerByRef = new Map<string, RawRecord>();
        for (const r of this.records) {
            if (r.type.startsWith("pulumi:providers:")) providerByRef.set(`${r.urn}::${r.id}`, r);
        }
        const regionCache = new Map<string, string>();
        const regionOf = (r: RawRecord): string => {
            const cached = regionCache.get(r.urn);
            if (cached) return cached;
            let region: string | undefined;
            if (typeof r.inputs.region === "string" && r.inputs.region !== "") region = r.inputs.region;
            else if (r.type === "pulumi:providers:aws") region = undefined;
            else if (r.providerRef) {
                const p = providerByRef.get(r.providerRef);
                if (p && typeof p.inputs.region === "string") region = p.inputs.region;
            } else if (r.custom && r.type.startsWith("aws:")) {
                region = this.defaultRegion;
            }
            if (!region && r.parentUrn) {
                const parent = byUrn.get(r.parentUrn);
                if (parent && !parent.type.startsWith("pulumi:pulumi:Stack")) region = regionOf(parent);
            }
            const result = region ?? "global";
            regionCache.set(r.urn, result);
            return result;
        };
        return this.records.map((r) => {
            const p = r.providerRef ? providerByRef.get(r.providerRef) : undefined;
            const provider: PlannedProvider | undefined = p ? { type: p.type, name: p.name, urn: p.urn, inputs: p.inputs } : undefined;
            return {
                type: r.type,
                name: r.name,
                urn: r.urn,
                inputs: r.inputs,
                state: r.state,
                ...(r.id ? { id: r.id } : {}),
                region: regionOf(r),
                custom: r.custom,
                parentUrn: r.parentUrn,
                provider,
                protect: r.protect,
                retainOnDelete: r.retainOnDelete,
                dependsOn: r.dependsOn,
                outputs: r.outputs,
            };
        });
    }

    private wrapMonitor(): void {
        const monitor = settingsModule().getMonitor() as unknown as MockMonitorLike | undefined;
        if (!monitor || typeof monitor.registerResource !== "function") {
            throw new Error("Pulumi mock monitor not installed; is @pulumi/pulumi deduplicated to one copy?");
        }
        const original = monitor.registerResource.bind(monitor);
        monitor.registerResource = (req, callback) => {
            let done!: () => void;
            const finished = new Promise<void>((resolve) => (done = resolve));
            this.pending.add(finished);
            // The mock's newResource runs synchronously inside `original`, before its first await.
            this.mocks.currentProvidersMapAws = req.getProvidersMap().get("aws") || undefined;
            original(req, (err, res) => {
                try {
                    if (!err && res) this.record(req, res);
                    callback(err, res);
                } finally {
                    this.pending.delete(finished);
                    done();
                }
            });
            this.mocks.currentProvidersMapAws = undefined;
        };
    }

    private record(req: RegisterRequest, res: RegisterResponse): void {
        const providerRef = req.getProvider() || req.getProvidersMap().get("aws") || undefined;
        const inputs = decodeInputs(req.getObject());
        const answered = res.getObject();
        const state = answered ? decodeInputs(answered) : inputs;
        this.records.push({
            type: req.getType(),
            name: req.getName(),
            urn: res.getUrn(),
            id: res.getId(),
            inputs,
            state,
            custom: req.getCustom(),
            parentUrn: req.getParent() || undefined,
            providerRef,
            protect: req.getProtect() === true,
            retainOnDelete: req.getRetainondelete() === true,
            dependsOn: [...req.getDependenciesList()].sort(),
            outputs: outputsOf(res),
        });
    }
}

/** The state the mocks answered with (inputs plus the outputs AWS would return), and the id. */
function outputsOf(res: RegisterResponse): Record<string, unknown> {
    const object = res.getObject();
    return { ...(object ? decodeInputs(object) : {}), id: res.getId() };
}

// Internal SDK module: the supported hook for "wait until the program is done". Imported lazily
// so that the one @pulumi/pulumi copy is used.
function settingsModule(): {
    waitForRPCs(): Promise<void>;
    getMonitor(): unknown;
} {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require("@pulumi/pulumi/runtime/settings");
}
