/** The global layer: one GlobalLayer per stack, over every region's ingress. */
export { GlobalLayer, GLOBAL_LAYER_TYPE, NO_DOMAIN_NOTE, stackHostedZoneId, stackZones, type GlobalLayerArgs, type GlobalTableOutputs, type ZoneEntry } from "./globalLayer";
export type { RegionalIngress } from "./accelerator";
export { trafficPlan, acceleratorDials, route53Weights, type TrafficShare, type TrafficInput } from "./traffic";
export { placeTable, placeTables, type TablePlacement } from "./replicas";
export { zoneEntryName, zoneWeightedName, regionName, ingressCertificateNames } from "./names";
export { edgeRoutingTable, edgeFunctionCode, RESIDENCY_COOKIE, ZONE_COUNTRIES } from "./edgeFunction";
