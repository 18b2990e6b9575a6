export { RegionalStack, REGIONAL_STACK_TYPE, type RegionalStackArgs } from "./regionalStack";
export { regionalStackIssues } from "./validation";
