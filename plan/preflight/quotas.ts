/**
 * EC2 vCPU quotas a node group draws on. On-Demand and Spot quotas are counted in vCPUs per
 * instance class ("Spot Instance quotas", "On-Demand Instance quotas", EC2 user guide); new
 * accounts start with G and VT / P quotas of 0 and Standard Spot of 5, so GPU and spot node groups
 * fail to launch until the quota is raised.
 */

export type InstanceClass = "Standard (A, C, D, H, I, M, R, T, Z)" | "G and VT" | "P" | "X" | "Inf" | "Trn" | "DL" | "F";

export function instanceClass(instanceType: string): InstanceClass {
    const family = instanceType.split(".")[0];
    if (/^(g|vt)\d/.test(family) || /^gr\d/.test(family)) return "G and VT";
    if (/^p\d/.test(family)) return "P";
    if (/^x\d/.test(family)) return "X";
    if (family.startsWith("inf")) return "Inf";
    if (family.startsWith("trn")) return "Trn";
    if (family.startsWith("dl")) return "DL";
    if (/^f\d/.test(family)) return "F";
    return "Standard (A, C, D, H, I, M, R, T, Z)";
}

/** vCPUs from the instance size (large = 2, xlarge = 4, Nxlarge = 4N; burstable t sizes have 2). */
export function instanceVcpus(instanceType: string): number {
    const [family, size = ""] = instanceType.split(".");
    if (size === "large") return 2;
    if (size === "xlarge") return 4;
    const n = /^(\d+)xlarge$/.exec(size);
    if (n) return 4 * Number(n[1]);
    if (["nano", "micro", "small", "medium"].includes(size)) return family.startsWith("t") ? 2 : 1;
    return 4;
}

/** The Service Quotas name of the quota an instance class draws on. */
export function quotaName(cls: InstanceClass, capacity: "ON_DEMAND" | "SPOT"): string {
    return capacity === "SPOT" ? `All ${cls} Spot Instance Requests` : `Running On-Demand ${cls} instances`;
}
