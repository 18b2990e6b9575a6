/** The residency proof (issue 10): routing simulated over the registered resources. */
export { routingProof, proveGraph, routingSection, routingFailureMessage, subsets, type RoutingProof, type RoutingRow, type RoutingLeak } from "./proof";
export { routingGraph, type RoutingGraph } from "./graph";
export { Simulator } from "./simulate";
