export { placeholderItems, preflight, preflightSection, type Preflight, type PreflightCategory, type PreflightInput, type PreflightItem } from "./preflight";
export { instanceClass, instanceVcpus, quotaName } from "./quotas";
