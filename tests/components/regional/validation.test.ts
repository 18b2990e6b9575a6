import * as assert from "assert";
import { regionalStackIssues } from "../../../components/regional";
import type { RegionConfig } from "../../../config";
import { platformConfig } from "../../support/configs";

describe("regional/validation: regionalStackIssues", function () {
    for (const stack of ["prod", "dev"]) {
        it(`finds nothing in the committed ${stack} config`, function () {
            for (const r of platformConfig(stack).regions) assert.deepStrictEqual(regionalStackIssues(r), [], r.code);
        });
    }

    const base = platformConfig("prod").regions[0];
    const cases: Array<{ title: string; region: RegionConfig; keys: string[] }> = [
        { title: "a VPC too small for the layout", region: { ...base, vpcCidr: "10.10.0.0/26" }, keys: [`regions.${base.code}.vpcCidr`] },
        {
            title: "a GPU group without GPUs and a storage ceiling below the allocation, together",
            region: {
                ...base,
                sizing: {
                    ...base.sizing,
                    nodeGroups: { ...base.sizing.nodeGroups, gpu: { ...base.sizing.nodeGroups.gpu, instanceTypes: ["c6i.large"] } },
                    database: { ...base.sizing.database, maxAllocatedStorageGb: 10 },
                },
            },
            keys: [`regions.${base.code}.sizing.nodeGroups.gpu.instanceTypes`, `regions.${base.code}.sizing.database.maxAllocatedStorageGb`],
        },
    ];
    for (const c of cases) {
        it(`reports ${c.title}`, function () {
            assert.deepStrictEqual(regionalStackIssues(c.region).map((i) => i.key), c.keys);
        });
    }
});
