import * as aws from "@pulumi/aws";
import { regionalKeyPolicy } from "./policies";
import type { RegionalScope } from "./scope";

/**
 * The region's customer-managed key: EKS secrets, RDS storage, Performance Insights and master
 * secret, ElastiCache, the cache auth secret, every log group and (logDelivery) the NLB
 * access-log bucket. One key per region because KMS keys never leave their region, which is also
 * what residency wants.
 *
 * In production it is protected and retained like the database: a retained database or snapshot
 * whose key was deleted can never be read again.
 */
export function createRegionalKey(scope: RegionalScope, options: { readonly logDelivery?: boolean } = {}): aws.kms.Key {
    const key = new aws.kms.Key(
        scope.child("kms"),
        {
            description: `${scope.names.prefix}: encryption at rest for the regional platform`,
            enableKeyRotation: true,
            deletionWindowInDays: scope.protections.kmsDeletionWindowDays,
            policy: scope.account.apply((a) => JSON.stringify(regionalKeyPolicy(a, options))),
            tags: scope.tags("kms"),
        },
        scope.statefulOptions(),
    );
    new aws.kms.Alias(scope.child("kms-alias"), { name: scope.names.kmsAlias, targetKeyId: key.keyId }, scope.options());
    return key;
}
