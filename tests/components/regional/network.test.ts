import * as assert from "assert";
import { plannedSubnets, subnetLayout } from "../../../components/regional/network";
import { cidrsOverlap, isCidr, parseCidr, type Ipv4Cidr } from "../../../config/cidr";
import { platformConfig } from "../../support/configs";

const cidr = (text: string): Ipv4Cidr => {
    const c = parseCidr(text);
    if (!isCidr(c)) throw new Error(c.error);
    return c;
};
const inside = (inner: Ipv4Cidr, outer: Ipv4Cidr) =>
    inner.start >= outer.start && inner.start + 2 ** (32 - inner.prefixLength) <= outer.start + 2 ** (32 - outer.prefixLength);

describe("regional/network: subnetLayout", function () {
    const cases = [
        { vpc: "10.10.0.0/16", az: 18, masks: { private: 19, public: 21, isolated: 21 } },
        { vpc: "10.20.0.0/18", az: 20, masks: { private: 21, public: 23, isolated: 23 } },
        { vpc: "10.30.0.0/20", az: 22, masks: { private: 23, public: 25, isolated: 25 } },
    ];
    for (const c of cases) {
        it(`${c.vpc}: AZ blocks /${c.az}, private /${c.masks.private}, public and isolated /${c.masks.public}`, function () {
            const layout = subnetLayout(c.vpc);
            assert.strictEqual(layout.availabilityZoneCidrMask, c.az);
            assert.deepStrictEqual(layout.tiers.map((t) => t.tier), ["private", "public", "isolated"]);
            assert.deepStrictEqual(Object.fromEntries(layout.tiers.map((t) => [t.tier, t.cidrMask])), c.masks);
        });
    }

    it("tags public subnets for internet-facing and private subnets for internal load balancers", function () {
        const tags = Object.fromEntries(subnetLayout("10.0.0.0/16").tiers.map((t) => [t.tier, t.tags]));
        assert.strictEqual(tags.public["kubernetes.io/role/elb"], "1");
        assert.strictEqual(tags.private["kubernetes.io/role/internal-elb"], "1");
        assert.strictEqual(tags.isolated["kubernetes.io/role/elb"], undefined);
        assert.strictEqual(tags.isolated["kubernetes.io/role/internal-elb"], undefined);
    });

    const bad = [
        { title: "not a CIDR", vpc: "10.0.0.0", error: /not an IPv4 CIDR/ },
        { title: "host bits set", vpc: "10.0.0.1/16", error: /host bits/ },
        { title: "too small for three tiers in three AZs", vpc: "10.0.0.0/25", error: /too small/ },
    ];
    for (const c of bad) {
        it(`rejects ${c.title} (${c.vpc})`, function () {
            assert.throws(() => subnetLayout(c.vpc), c.error);
        });
    }
});

describe("regional/network: plannedSubnets", function () {
    const vpcs = ["10.10.0.0/16", "10.110.0.0/16", "172.16.0.0/17", "10.0.0.0/20", "192.168.16.0/20"];
    for (const vpc of vpcs) {
        it(`${vpc}: 9 subnets, inside the VPC and their AZ block, none overlapping`, function () {
            const layout = subnetLayout(vpc);
            const subnets = plannedSubnets(layout);
            assert.strictEqual(subnets.length, 9);
            const parsed = subnets.map((s) => ({ ...s, c: cidr(s.cidr) }));
            const azSize = 2 ** (32 - layout.availabilityZoneCidrMask);
            for (const s of parsed) {
                assert.ok(inside(s.c, cidr(vpc)), `${s.cidr} outside ${vpc}`);
                const azStart = cidr(vpc).start + s.az * azSize;
                assert.ok(s.c.start >= azStart && s.c.start < azStart + azSize, `${s.cidr} outside AZ ${s.az + 1}`);
            }
            for (let i = 0; i < parsed.length; i++) {
                for (let j = i + 1; j < parsed.length; j++) assert.ok(!cidrsOverlap(parsed[i].c, parsed[j].c), `${parsed[i].cidr} overlaps ${parsed[j].cidr}`);
            }
        });
    }

    it("allocates as awsx's Auto strategy does for 10.10.0.0/16", function () {
        const first = plannedSubnets(subnetLayout("10.10.0.0/16")).filter((s) => s.az === 0);
        assert.deepStrictEqual(first, [
            { az: 0, tier: "private", cidr: "10.10.0.0/19" },
            { az: 0, tier: "public", cidr: "10.10.32.0/21" },
            { az: 0, tier: "isolated", cidr: "10.10.40.0/21" },
        ]);
        const third = plannedSubnets(subnetLayout("10.10.0.0/16")).filter((s) => s.az === 2);
        assert.strictEqual(third[0].cidr, "10.10.128.0/19");
    });

    it("rejects a hand-made layout that does not fit its AZ block", function () {
        const layout = { ...subnetLayout("10.0.0.0/16"), tiers: [{ tier: "private" as const, type: "Private" as const, cidrMask: 18, tags: {} }, { tier: "public" as const, type: "Public" as const, cidrMask: 24, tags: {} }] };
        assert.throws(() => plannedSubnets(layout), /does not fit/);
    });

    for (const stack of ["prod", "dev"]) {
        it(`fits every region of the committed ${stack} config`, function () {
            for (const r of platformConfig(stack).regions) assert.strictEqual(plannedSubnets(subnetLayout(r.vpcCidr)).length, 9, r.code);
        });
    }
});
