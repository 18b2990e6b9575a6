import * as assert from "assert";
import { bedrockAlarmArgs, INSUFFICIENT_DATA_STATUS } from "../../../components/global/dns";
import { HEALTH_METRIC_STORAGE_RESOLUTION } from "../../../functions/health/metrics";
import { platformConfig } from "../../support/configs";

describe("global/dns: the Bedrock alarm Route 53 reads", () => {
    const region = platformConfig("prod").regions[0];

    it("watches the health Lambda's RegionHealthy for the region, a plain statistic Route 53 supports", () => {
        const a = bedrockAlarmArgs(region, "prod", "AiPlatform/Health", "RegionHealthy");
        assert.deepStrictEqual([a.namespace, a.metricName, a.dimensions, a.statistic], ["AiPlatform/Health", "RegionHealthy", { Region: region.code }, "Minimum"]);
        assert.deepStrictEqual([a.threshold, a.comparisonOperator, a.period], [1, "LessThanThreshold", 60]);
        assert.strictEqual(INSUFFICIENT_DATA_STATUS, "LastKnownStatus");
    });

    // Route 53 API reference, AlarmIdentifier: standard-resolution metrics only, so whole-minute periods.
    it("reads a standard-resolution metric over a whole-minute period", () => {
        const a = bedrockAlarmArgs(region, "prod", "AiPlatform/Health", "RegionHealthy");
        assert.strictEqual(HEALTH_METRIC_STORAGE_RESOLUTION, 60);
        assert.strictEqual(Number(a.period) % HEALTH_METRIC_STORAGE_RESOLUTION, 0);
    });

    it("refuses a region whose alarms Route 53 cannot read, naming it", () => {
        assert.throws(() => bedrockAlarmArgs({ ...region, code: "il-central-1" }, "prod", "n", "m"), /il-central-1: Route 53 cannot read CloudWatch alarms there/);
    });
});
