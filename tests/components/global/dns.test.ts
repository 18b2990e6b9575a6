import * as assert from "assert";
import { CloudWatchRegion } from "@aws-sdk/client-route-53";
import { bedrockAlarmArgs, INSUFFICIENT_DATA_STATUS, ROUTE53_ALARM_REGIONS, route53AlarmRegionIssues } from "../../../components/global/dns";
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
        assert.throws(() => bedrockAlarmArgs({ ...region, code: "us-gov-west-1" }, "prod", "n", "m"), /us-gov-west-1: Route 53 cannot read CloudWatch alarms there/);
    });

    it("knows the regions the Route 53 API model lists for alarms (commercial partition)", () => {
        const commercial = Object.values(CloudWatchRegion).filter((r) => !/^(cn-|us-gov-|us-iso|eu-isoe-|eusc-)/.test(r));
        assert.deepStrictEqual([...ROUTE53_ALARM_REGIONS].sort(), [...commercial].sort());
    });

    it("is a config problem (exit 2, before anything is declared) only for a stack with a domain", () => {
        const outside = { ...region, code: "us-gov-west-1" };
        assert.deepStrictEqual(route53AlarmRegionIssues([region, outside], true).map((i) => i.key), ["regions.us-gov-west-1"]);
        assert.deepStrictEqual(route53AlarmRegionIssues([outside], false), []);
    });
});
