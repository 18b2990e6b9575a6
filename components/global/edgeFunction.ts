/**
 * Residency-aware origin selection at the edge: a CloudFront Function (cloudfront-js-2.0, viewer
 * request) picks the origin of the user's residency zone, whatever edge the request entered.
 * Pure: the routing table and the function's code as data; cdn.ts wires them.
 *
 * Origin selection from a viewer-request function is documented in "Helper methods for origin
 * modification" (CloudFront Developer Guide: `import cf from 'cloudfront'`, runtime 2.0,
 * `cf.selectRequestOriginById(id)` and `cf.createRequestOriginGroup({ originIds, failoverCriteria })`).
 *
 * The residency contract the application follows (README "Residency at the edge"):
 * - After sign-in the application sets the cookie `aip_residency` to `<zone>.<expiry>.<signature>`:
 *   `<zone>` the user's residency zone (eu, us, ...), `<expiry>` Unix seconds, `<signature>` the
 *   lowercase hex HMAC-SHA256 of `<zone>.<expiry>` under the stack's residency key (stack output
 *   `global.residencyKeySecret`; the function reads the same key from a CloudFront KeyValueStore).
 * - Without a valid claim (anonymous, expired, forged) the viewer's country decides
 *   (CloudFront-Viewer-Country), and a country in no zone of the stack goes to the default zone
 *   (the primary region's). The function forwards its decision as `x-residency-zone` /
 *   `x-residency-source` (claim | country | default) and drops any value a viewer sent.
 * - A zone has only its own origins in the table, so no claim, country or failure picks another zone.
 */
import { COUNTRY_ZONE_REGIONS, RESIDENCY_ZONE_REGIONS } from "../../functions/residencyZones";

/** The cookie carrying the signed residency claim. */
export const RESIDENCY_COOKIE = "aip_residency";
/** The KeyValueStore key holding the HMAC key. */
export const RESIDENCY_KEY_NAME = "residency-hmac-key";
/** Status codes on which a GET/HEAD/OPTIONS fails over to the zone's second origin. */
export const ORIGIN_FAILOVER_STATUS_CODES = [500, 502, 503, 504] as const;

/** EU member states plus the EEA states GDPR applies to (ISO 3166-1 alpha-2, as CloudFront sends them). */
export const EU_EEA_COUNTRIES = [
    "AT", "BE", "BG", "HR", "CY", "CZ", "DK", "EE", "FI", "FR", "DE", "GR", "HU", "IE", "IT", "LV", "LT", "LU",
    "MT", "NL", "PL", "PT", "RO", "SK", "SI", "ES", "SE", "IS", "LI", "NO",
] as const;

/** Viewer countries whose anonymous users belong to a zone, by zone. */
export const ZONE_COUNTRIES: Readonly<Record<string, readonly string[]>> = {
    eu: EU_EEA_COUNTRIES,
    us: ["US", "PR", "GU", "VI", "AS", "MP", "UM"],
    uk: ["GB"],
    ch: ["CH"],
    ca: ["CA"],
};

/**
 * The viewer countries of a zone: its listed countries, or for a zone that is one country
 * (`jp`, `in`: config/residency.ts) that country itself. A multi-country jurisdiction without a
 * list (apac, me, sa, af) has none: its anonymous users go to the default zone, and the plan's
 * residency proof fails such a stack rather than guess.
 */
export function zoneCountries(zone: string): readonly string[] {
    if (Object.prototype.hasOwnProperty.call(ZONE_COUNTRIES, zone)) return ZONE_COUNTRIES[zone];
    const isCountryZone = Object.prototype.hasOwnProperty.call(COUNTRY_ZONE_REGIONS, zone) && !Object.prototype.hasOwnProperty.call(RESIDENCY_ZONE_REGIONS, zone);
    return isCountryZone ? [zone.toUpperCase()] : [];
}

/** The origin IDs of a zone's origins in the distribution. */
export function zoneOriginIds(zone: string): { readonly primary: string; readonly secondary: string } {
    return { primary: `zone-${zone}-accelerator`, secondary: `zone-${zone}-dns` };
}

export interface ZoneRoute {
    /** Origin every method goes to. */
    readonly origin: string;
    /** Second origin of the zone for GET/HEAD/OPTIONS failover; null: none. */
    readonly failover: string | null;
}

export interface EdgeRoutingTable {
    readonly zones: Readonly<Record<string, ZoneRoute>>;
    /** Viewer country -> zone, for countries of the stack's zones only. */
    readonly countries: Readonly<Record<string, string>>;
    readonly defaultZone: string;
    readonly cookie: string;
    readonly keyName: string;
}

/** The table for a stack's zones (stack order, the primary's zone first = the default zone). */
export function edgeRoutingTable(zones: readonly string[], withFailover: boolean, defaultZone: string = zones[0]): EdgeRoutingTable {
    if (zones.length === 0) throw new Error("edge routing needs at least one residency zone");
    if (!zones.includes(defaultZone)) throw new Error(`default zone ${defaultZone} is not one of ${zones.join(", ")}`);
    const routes: Record<string, ZoneRoute> = {};
    const countries: Record<string, string> = {};
    for (const zone of zones) {
        const ids = zoneOriginIds(zone);
        routes[zone] = { origin: ids.primary, failover: withFailover ? ids.secondary : null };
        for (const c of zoneCountries(zone)) countries[c] = zone;
    }
    return { zones: routes, countries, defaultZone, cookie: RESIDENCY_COOKIE, keyName: RESIDENCY_KEY_NAME };
}

const TABLE_BEGIN = "/*ROUTES*/";
const TABLE_END = "/*END-ROUTES*/";

/** The routing table a function's code carries, or undefined when it carries none. */
export function routingTableOf(code: string): EdgeRoutingTable | undefined {
    const start = code.indexOf(TABLE_BEGIN);
    const end = code.indexOf(TABLE_END);
    if (start < 0 || end < start) return undefined;
    return JSON.parse(code.slice(start + TABLE_BEGIN.length, end)) as EdgeRoutingTable;
}

/**
 * The viewer-request function. It verifies the claim's HMAC with the key from the associated
 * KeyValueStore (a store's values never appear in the function code or the distribution config).
 * The claim comparison is not constant time: CloudFront Functions has no timingSafeEqual, and a
 * forged claim gains nothing but the choice among the zones its own country could not reach anyway
 * (it never reaches data: the application authorises every read against the user's zone).
 */
export function edgeFunctionCode(table: EdgeRoutingTable): string {
    return `import cf from 'cloudfront';
import crypto from 'crypto';
var kvs = cf.kvs();
var ROUTES = ${TABLE_BEGIN}${JSON.stringify(table)}${TABLE_END};
var FAILOVER_METHODS = { GET: true, HEAD: true, OPTIONS: true };

async function claimedZone(request) {
    var cookie = request.cookies[ROUTES.cookie];
    if (!cookie || !cookie.value) return undefined;
    var parts = cookie.value.split('.');
    if (parts.length !== 3 || !ROUTES.zones[parts[0]]) return undefined;
    var expiry = parseInt(parts[1], 10);
    if (!(expiry > Date.now() / 1000)) return undefined;
    var key;
    try { key = await kvs.get(ROUTES.keyName); } catch (e) { return undefined; }
    var expected = crypto.createHmac('sha256', key).update(parts[0] + '.' + parts[1]).digest('hex');
    return expected === parts[2] ? parts[0] : undefined;
}

async function handler(event) {
    var request = event.request;
    delete request.headers['x-residency-zone'];
    delete request.headers['x-residency-source'];
    var zone = await claimedZone(request);
    var source = 'claim';
    if (!zone) {
        var country = request.headers['cloudfront-viewer-country'];
        zone = country ? ROUTES.countries[country.value] : undefined;
        source = 'country';
    }
    if (!zone) { zone = ROUTES.defaultZone; source = 'default'; }
    var route = ROUTES.zones[zone];
    if (route.failover && FAILOVER_METHODS[request.method]) {
        cf.createRequestOriginGroup({ originIds: [route.origin, route.failover], failoverCriteria: { statusCodes: ${JSON.stringify(ORIGIN_FAILOVER_STATUS_CODES)} } });
    } else {
        cf.selectRequestOriginById(route.origin);
    }
    request.headers['x-residency-zone'] = { value: zone };
    request.headers['x-residency-source'] = { value: source };
    return request;
}
`;
}
