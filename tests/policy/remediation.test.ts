import * as assert from "node:assert/strict";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { evaluatePolicyPack } from "../../policy-pack/offline";
import { POLICIES } from "../../policy-pack/policies";
import { T } from "../../policy-pack/policies/lib/awsTypes";
import { PROVIDERS as P, res } from "./fixtures";

/**
 * remediateResource where the fix is unambiguous (key rotation, public-access-block flags, TLS
 * minimums, tags known from the stack): the plan shows what would be remediated, and at level
 * `remediate` the remediated inputs are what is validated, as the engine does.
 */

const resources = () => [
    res(T.kmsKey, {}, { name: "key" }),
    res(T.s3PublicAccessBlock, { bucket: "b", blockPublicAcls: true }, { name: "pab" }),
    res(T.lbListener, { protocol: "TLS", port: 443, sslPolicy: "ELBSecurityPolicy-2016-08", loadBalancerArn: "arn:lb" }, { name: "tls" }),
    res(T.cloudfrontDistribution, { viewerCertificate: { acmCertificateArn: "arn:aws:acm:us-east-1:1:certificate/c", minimumProtocolVersion: "TLSv1" }, webAclId: "w", defaultCacheBehavior: { viewerProtocolPolicy: "https-only" } }, { name: "cdn", provider: P.global }),
    res(T.snsTopic, { kmsMasterKeyId: "k", tags: { Project: "ai-platform" } }, { name: "topic", provider: P.untaggedEu }),
];

const REMEDIATING = ["kms-key-rotation", "s3-block-public-access", "encryption-in-transit", "cloudfront-minimum-tls", "required-tags"];

describe("remediation", () => {
    it("the policies with an unambiguous fix provide remediateResource", () => {
        const withFix = POLICIES.filter((p) => typeof (p as ResourceValidationPolicy).remediateResource === "function").map((p) => p.name).sort();
        assert.deepEqual(withFix, [...REMEDIATING].sort());
    });

    it("the plan lists what each would change, offered (not applied) at their default levels", () => {
        const evaluation = evaluatePolicyPack(resources(), { stack: { tags: { Environment: "prod", ManagedBy: "pulumi" } } });
        const shown = evaluation.remediations.map((r) => `${r.policy}: ${r.resourceName} sets ${r.changes.join(", ")}${r.applied ? " (applied)" : ""}`);
        assert.deepEqual([...shown].sort(), [
            "cloudfront-minimum-tls: cdn sets viewerCertificate",
            "encryption-in-transit: tls sets sslPolicy",
            "kms-key-rotation: key sets enableKeyRotation",
            "required-tags: topic sets tags",
            "s3-block-public-access: pab sets blockPublicPolicy, ignorePublicAcls, restrictPublicBuckets",
        ]);
        assert.equal(shown.length, 5, shown.join("\n"));
        for (const name of REMEDIATING) assert.ok(shown.some((l) => l.startsWith(`${name}:`)), `${name} offers no fix:\n${shown.join("\n")}`);
        assert.ok(evaluation.violations.some((v) => v.policy === "kms-key-rotation"), "offered fixes do not hide the violation");
    });

    it("at level remediate the fixed inputs are validated: those violations are gone", () => {
        const config = Object.fromEntries(REMEDIATING.map((p) => [p, "remediate" as const]));
        const evaluation = evaluatePolicyPack(resources(), { config, stack: { tags: { Environment: "prod", ManagedBy: "pulumi" } } });
        assert.ok(evaluation.remediations.every((r) => r.applied));
        const left = evaluation.violations.filter((v) => REMEDIATING.includes(v.policy)).map((v) => `${v.policy}: ${v.message}`);
        // The topic still lacks the zone tags no stack tag supplies: not every tag can be fixed.
        assert.deepEqual(left.filter((l) => !l.startsWith("required-tags: topic")), []);
    });

    it("remediateResource returns the full props with the fix merged in", async () => {
        const rotation = POLICIES.find((p) => p.name === "kms-key-rotation") as ResourceValidationPolicy;
        const { resourceValidationArgs } = await import("../../policy-pack/offline");
        const args = resourceValidationArgs(res(T.kmsKey, { description: "k", enableKeyRotation: false }), undefined);
        assert.deepEqual(await rotation.remediateResource?.(args), { description: "k", enableKeyRotation: true });
        const already = resourceValidationArgs(res(T.kmsKey, { enableKeyRotation: true }), undefined);
        assert.equal(await rotation.remediateResource?.(already), undefined);
    });
});
