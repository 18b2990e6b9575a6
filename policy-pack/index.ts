import { PolicyPack } from "@pulumi/policy";
import * as pulumi from "@pulumi/pulumi";
import { PACK_ENFORCEMENT_LEVEL, PACK_NAME, POLICIES } from "./policies";
import { initialConfigFrom, settingsFromStackConfig } from "./stackConfig";

/** The project whose config the pack reads; the CLI runs the pack in the stack's context. */
function project(): string {
    try {
        return pulumi.getProject();
    } catch {
        return "ai-platform";
    }
}

// Only wiring: constructing a PolicyPack starts the policy server the Pulumi CLI talks to, so the
// policies live in ./policies, where tests and the offline plan import them without a server.
// The stack's zones and environment come from its own config (Pulumi CLI 3.198+ hands the pack the
// stack config), as initial config under whatever --policy-pack-config sets.
new PolicyPack(PACK_NAME, {
    policies: POLICIES,
    enforcementLevel: PACK_ENFORCEMENT_LEVEL,
    displayName: "AI platform: GDPR residency and AWS baseline",
    provider: "aws",
    tags: ["gdpr", "residency", "security", "aws"],
}, initialConfigFrom(POLICIES, settingsFromStackConfig(pulumi.runtime.allConfig(), project())));
