import * as pulumi from "@pulumi/pulumi";
import type { PlannedResource } from "../../plan/model";
import { MockRuntime } from "../../plan/runtime";

/**
 * In-process Pulumi mocks for component tests. Mocha runs every test file in one process and
 * Pulumi's runtime is global, so all component tests share one MockRuntime; each test builds its
 * components under unique names and looks at the resources below its own component.
 * (Whole-program tests run the offline plan in a child process instead.)
 */
let shared: MockRuntime | undefined;

export const TEST_PROJECT = "ai-platform";
export const TEST_STACK = "unit";

export function mockRuntime(): MockRuntime {
    if (!shared) {
        shared = new MockRuntime({ project: TEST_PROJECT, stack: TEST_STACK, config: { "aws:region": "eu-central-1" } });
        shared.install();
    }
    return shared;
}

/** Resolves an Output's value (mocks make every value known). */
export function promiseOf<T>(output: pulumi.Output<T>): Promise<T> {
    return new Promise((resolve) => output.apply((v) => { resolve(v); return v; }));
}

/** Every resource registered so far whose URN lies below the component with this URN. */
export async function resourcesUnder(componentUrn: pulumi.Output<string>): Promise<PlannedResource[]> {
    const runtime = mockRuntime();
    const urn = await promiseOf(componentUrn);
    await runtime.settle();
    const all = runtime.resources();
    const below = new Set<string>([urn]);
    // Parents register before children, so one pass in registration order finds every descendant.
    for (const r of all) if (r.parentUrn && below.has(r.parentUrn)) below.add(r.urn);
    return all.filter((r) => below.has(r.urn) && r.urn !== urn);
}

export function ofType(resources: readonly PlannedResource[], type: string): PlannedResource[] {
    return resources.filter((r) => r.type === type);
}

export function oneOfType(resources: readonly PlannedResource[], type: string): PlannedResource {
    const found = ofType(resources, type);
    if (found.length !== 1) throw new Error(`expected exactly one ${type}, found ${found.length}: ${found.map((r) => r.name).join(", ")}`);
    return found[0];
}

/**
 * Memoizes a component build by name. The shared mock runtime keeps every registration for the
 * whole test process, so a component name may be built once; every test file asking for it shares
 * that one build.
 */
export function oncePerName<T>(): (name: string, build: () => Promise<T>) => Promise<T> {
    const built = new Map<string, Promise<T>>();
    return (name, build) => {
        let p = built.get(name);
        if (!p) {
            p = build();
            built.set(name, p);
        }
        return p;
    };
}
