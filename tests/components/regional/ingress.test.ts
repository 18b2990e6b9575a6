import * as assert from "assert";
import { targetGroupHealthCheck } from "../../../components/regional/ingress";
import type { RegionConfig } from "../../../config";

type HealthCheck = RegionConfig["healthCheck"];
const hc = (over: Partial<HealthCheck>): HealthCheck => ({ intervalSeconds: 10, failureThreshold: 3, recoveryThreshold: 2, path: "/healthz", latencyBaselineMs: 400, ...over });

describe("regional/ingress: targetGroupHealthCheck", function () {
    const cases: Array<{ title: string; input: HealthCheck; want: Partial<ReturnType<typeof targetGroupHealthCheck>> }> = [
        { title: "10 s interval: 5 s timeout, thresholds as configured", input: hc({}), want: { interval: 10, timeout: 5, unhealthyThreshold: 3, healthyThreshold: 2 } },
        { title: "30 s interval: timeout capped at 10 s", input: hc({ intervalSeconds: 30 }), want: { interval: 30, timeout: 10 } },
        { title: "a threshold of 1 is raised to the NLB minimum of 2", input: hc({ failureThreshold: 1, recoveryThreshold: 1 }), want: { unhealthyThreshold: 2, healthyThreshold: 2 } },
        { title: "a threshold above 10 is lowered to the NLB maximum", input: hc({ recoveryThreshold: 15 }), want: { healthyThreshold: 10 } },
        { title: "the configured path is probed", input: hc({ path: "/ready?deep=1" }), want: { path: "/ready?deep=1" } },
    ];
    for (const c of cases) {
        it(c.title, function () {
            const got = targetGroupHealthCheck(c.input);
            for (const [k, v] of Object.entries(c.want)) assert.strictEqual(got[k as keyof typeof got], v, k);
            // Always HTTPS on the traffic port: the probe goes through the same TLS passthrough as users.
            assert.strictEqual(got.protocol, "HTTPS");
            assert.strictEqual(got.port, "traffic-port");
            assert.ok(got.timeout < got.interval, "NLB requires timeout < interval");
        });
    }
});
