export { checkRequestPaths, covers, HOPS, type Hop, type PathKind, type PathReport, type RequestPath } from "./check";
export { brokenPathMessage, requestPathSection } from "./render";
