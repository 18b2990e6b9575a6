import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import type { Case } from "../fixtures";

/** One policy's table of cases. */
export interface PolicyCases {
    readonly policy: ResourceValidationPolicy | StackValidationPolicy;
    readonly cases: readonly Case[];
}
