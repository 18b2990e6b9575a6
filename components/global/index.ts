/** The global layer: one GlobalLayer per stack, over every region's ingress. */
export { GlobalLayer, GLOBAL_LAYER_TYPE, NO_DOMAIN_NOTE, type GlobalLayerArgs, type GlobalTableOutputs } from "./globalLayer";
export type { RegionalIngress } from "./accelerator";
export { trafficPlan, acceleratorDials, route53Weights, type TrafficShare, type TrafficInput } from "./traffic";
export { placeTable, placeTables, type TablePlacement } from "./replicas";
