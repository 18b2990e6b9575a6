import type { EnforcementLevel, Policies } from "@pulumi/policy";
import { acmDnsValidation, ec2NoPublicIp, kmsKeyRotation, lbAccessLogs, noManagementConflicts, s3AccessLogging } from "./baseline";
import { bedrockInZone } from "./bedrock";
import { cloudFrontWafAttached, wafWebAclRules } from "./edge";
import { cloudFrontMinimumTls, eksSecretsEncryption, encryptionAtRest, encryptionInTransit } from "./encryption";
import { eksPrivateEndpoint, noPublicDatabases, s3BlockPublicAccess } from "./exposure";
import { identityGrantsInZone } from "./identities";
import { iamNoAdminWildcards, iamNoFullAccessManagedPolicies } from "./iam";
import { lambdaSupportedRuntime } from "./lambda";
import { linkedReplicasInZone } from "./linkedReplicas";
import { prodBackups, prodDeletionProtection, prodMultiAz } from "./production";
import { replicasInZone } from "./replicas";
import { globalServicesHoldNoPersonalData, regionAllowed } from "./residency";
import { logRetention, requiredTags } from "./tagging";
import { trafficInZone } from "./traffic";

/**
 * The pack's policies, residency first. index.ts hands this list to `new PolicyPack`; the offline
 * evaluator and the tests import it without starting the policy server.
 */

export const PACK_NAME = "ai-platform-policies";

/** Level of any policy that does not set its own (every policy here does). */
export const PACK_ENFORCEMENT_LEVEL: EnforcementLevel = "mandatory";

export const RESIDENCY_POLICIES: Policies = [
    regionAllowed,
    replicasInZone,
    linkedReplicasInZone,
    bedrockInZone,
    identityGrantsInZone,
    globalServicesHoldNoPersonalData,
    trafficInZone,
];

export const BASELINE_POLICIES: Policies = [
    encryptionAtRest,
    encryptionInTransit,
    cloudFrontMinimumTls,
    eksSecretsEncryption,
    noPublicDatabases,
    s3BlockPublicAccess,
    eksPrivateEndpoint,
    prodBackups,
    prodDeletionProtection,
    prodMultiAz,
    iamNoAdminWildcards,
    iamNoFullAccessManagedPolicies,
    lambdaSupportedRuntime,
    cloudFrontWafAttached,
    wafWebAclRules,
    requiredTags,
    logRetention,
    kmsKeyRotation,
    s3AccessLogging,
    lbAccessLogs,
    noManagementConflicts,
    ec2NoPublicIp,
    acmDnsValidation,
];

export const POLICIES: Policies = [...RESIDENCY_POLICIES, ...BASELINE_POLICIES];
