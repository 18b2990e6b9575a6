import * as assert from "assert";
import {
    amiTypeFor,
    GPU_TAINT,
    instanceArchitecture,
    isNvidiaGpuInstance,
    nodeGroupIssues,
    nodeGroupSpecs,
    type AmiType,
    type Architecture,
} from "../../../components/regional/cluster";
import type { RegionConfig } from "../../../config";
import { platformConfig } from "../../support/configs";

describe("regional/cluster: instanceArchitecture", function () {
    const cases: Array<[string, Architecture]> = [
        ["m6i.xlarge", "x86_64"],
        ["r6a.2xlarge", "x86_64"],
        ["t3.large", "x86_64"],
        ["g5.2xlarge", "x86_64"],
        ["g6e.xlarge", "x86_64"],
        ["g4dn.xlarge", "x86_64"],
        ["p5.48xlarge", "x86_64"],
        ["gr6.4xlarge", "x86_64"],
        ["m7i-flex.large", "x86_64"],
        ["inf2.xlarge", "x86_64"],
        ["m7g.large", "arm64"],
        ["r6gd.xlarge", "arm64"],
        ["c7gn.large", "arm64"],
        ["t4g.medium", "arm64"],
        ["g5g.xlarge", "arm64"],
        ["im4gn.large", "arm64"],
        ["is4gen.medium", "arm64"],
        ["a1.large", "arm64"],
    ];
    for (const [type, arch] of cases) {
        it(`${type} -> ${arch}`, function () {
            assert.strictEqual(instanceArchitecture(type), arch);
        });
    }
});

describe("regional/cluster: isNvidiaGpuInstance", function () {
    const cases: Array<[string, boolean]> = [
        ["g5.xlarge", true],
        ["g5g.xlarge", true],
        ["g6e.2xlarge", true],
        ["g4dn.xlarge", true],
        ["gr6.4xlarge", true],
        ["p4d.24xlarge", true],
        ["p5.48xlarge", true],
        ["g4ad.xlarge", false],
        ["m6i.large", false],
        ["inf2.xlarge", false],
        ["trn1.2xlarge", false],
    ];
    for (const [type, want] of cases) {
        it(`${type} -> ${want}`, function () {
            assert.strictEqual(isNvidiaGpuInstance(type), want);
        });
    }
});

describe("regional/cluster: amiTypeFor", function () {
    const cases: Array<{ types: string[]; nvidia: boolean; want: AmiType }> = [
        { types: ["m6i.xlarge"], nvidia: false, want: "AL2023_x86_64_STANDARD" },
        { types: ["r6i.2xlarge", "r6a.2xlarge", "r5.2xlarge"], nvidia: false, want: "AL2023_x86_64_STANDARD" },
        { types: ["m7g.large", "r7g.large"], nvidia: false, want: "AL2023_ARM_64_STANDARD" },
        { types: ["g5.2xlarge"], nvidia: true, want: "AL2023_x86_64_NVIDIA" },
        { types: ["g5g.xlarge"], nvidia: true, want: "AL2023_ARM_64_NVIDIA" },
    ];
    for (const c of cases) {
        it(`${c.types.join(",")}${c.nvidia ? " (GPU)" : ""} -> ${c.want}`, function () {
            assert.strictEqual(amiTypeFor(c.types, c.nvidia), c.want);
        });
    }

    it("refuses a group mixing x86_64 and arm64", function () {
        assert.throws(() => amiTypeFor(["m6i.large", "m7g.large"], false), /mix architectures/);
    });
});

function withNodeGroups(region: RegionConfig, patch: Partial<Record<"general" | "gpu" | "memory", string[]>>): RegionConfig {
    const groups = { ...region.sizing.nodeGroups };
    for (const [role, instanceTypes] of Object.entries(patch) as Array<["general" | "gpu" | "memory", string[]]>) {
        groups[role] = { ...groups[role], instanceTypes };
    }
    return { ...region, sizing: { ...region.sizing, nodeGroups: groups } };
}

describe("regional/cluster: nodeGroupSpecs", function () {
    for (const stack of ["prod", "dev"]) {
        for (const region of platformConfig(stack).regions) {
            it(`${stack} ${region.code}: three groups sized from config, GPU tainted, memory on spot`, function () {
                const specs = nodeGroupSpecs(region);
                assert.deepStrictEqual(specs.map((s) => [s.role, s.capacityType]), [["general", "ON_DEMAND"], ["gpu", "ON_DEMAND"], ["memory", "SPOT"]]);
                for (const s of specs) {
                    const sizing = region.sizing.nodeGroups[s.role];
                    assert.deepStrictEqual(s.scaling, { minSize: sizing.minSize, desiredSize: sizing.desiredSize, maxSize: sizing.maxSize });
                    assert.deepStrictEqual(s.instanceTypes, sizing.instanceTypes);
                    assert.strictEqual(s.diskSizeGb, sizing.diskSizeGb);
                    assert.strictEqual(s.labels["ai-platform/workload"], s.role);
                    assert.deepStrictEqual(s.taints, s.role === "gpu" ? [GPU_TAINT] : []);
                }
                assert.strictEqual(specs[1].amiType, "AL2023_x86_64_NVIDIA");
            });
        }
    }

    it("copies instance types so a spec cannot change the config", function () {
        const region = platformConfig("dev").regions[0];
        const specs = nodeGroupSpecs(region);
        assert.notStrictEqual(specs[0].instanceTypes, region.sizing.nodeGroups.general.instanceTypes);
    });

    it("gives Graviton groups the arm64 AMI", function () {
        const region = withNodeGroups(platformConfig("dev").regions[0], { general: ["m7g.large"], gpu: ["g5g.xlarge"] });
        assert.deepStrictEqual(nodeGroupSpecs(region).map((s) => s.amiType), ["AL2023_ARM_64_STANDARD", "AL2023_ARM_64_NVIDIA", "AL2023_x86_64_STANDARD"]);
    });
});

describe("regional/cluster: nodeGroupIssues", function () {
    const base = platformConfig("dev").regions[0];
    const key = (role: string) => `regions.${base.code}.sizing.nodeGroups.${role}.instanceTypes`;
    const cases: Array<{ title: string; patch: Partial<Record<"general" | "gpu" | "memory", string[]>>; keys: string[]; message?: RegExp }> = [
        { title: "the committed config", patch: {}, keys: [] },
        { title: "a GPU group without GPUs", patch: { gpu: ["m6i.large"] }, keys: [key("gpu")], message: /NVIDIA GPU instance types.*m6i\.large/ },
        { title: "an AMD GPU (no NVIDIA driver AMI)", patch: { gpu: ["g4ad.xlarge"] }, keys: [key("gpu")], message: /g4ad/ },
        { title: "a memory group mixing architectures", patch: { memory: ["r6i.large", "r7g.large"] }, keys: [key("memory")], message: /one architecture/ },
        { title: "both problems at once", patch: { gpu: ["t3.large"], general: ["m6i.large", "m7g.large"] }, keys: [key("general"), key("gpu")] },
    ];
    for (const c of cases) {
        it(`${c.title}: ${c.keys.length === 0 ? "no issues" : c.keys.join(", ")}`, function () {
            const issues = nodeGroupIssues(withNodeGroups(base, c.patch));
            assert.deepStrictEqual(issues.map((i) => i.key), c.keys);
            if (c.message) assert.match(issues[0].message, c.message);
        });
    }
});
