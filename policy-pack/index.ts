import { PolicyPack } from "@pulumi/policy";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "./policies";

// Only wiring: constructing a PolicyPack starts the policy server the Pulumi CLI talks to, so the
// policies live in ./policies, where tests and the offline plan import them without a server.
new PolicyPack(PACK_NAME, {
    policies: POLICIES,
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    displayName: "AI platform: GDPR residency and AWS baseline",
    provider: "aws",
    tags: ["gdpr", "residency", "security", "aws"],
});
