/**
 * What the AWS account (and the stack files) must have before a first `pulumi up` can succeed,
 * derived from what the program registered and the stack's config: quotas, the delegated hosted
 * zone, Bedrock first use per model and region, the cluster API reachability of the runner, and
 * placeholders still in the committed files. Listed in deploy order; `blocking` items make the
 * first deploy fail if missing.
 */
import type { PlannedResource } from "../model";
import { instanceClass, instanceVcpus, quotaName } from "./quotas";

export type PreflightCategory = "placeholder" | "dns" | "quota" | "bedrock" | "cluster-access";

export interface PreflightItem {
    readonly category: PreflightCategory;
    /** The region the item applies to, or "account" for the whole account. */
    readonly scope: string;
    readonly requirement: string;
    readonly why: string;
    /** A command that shows whether the account meets it. */
    readonly check?: string;
    readonly blocking: boolean;
}

export interface Preflight {
    readonly stack: string;
    readonly items: readonly PreflightItem[];
}

export interface PreflightInput {
    readonly stack: string;
    readonly resources: readonly PlannedResource[];
    /** The stack config as the CLI passes it (`namespace:key` -> string). */
    readonly stackConfig: Readonly<Record<string, string>>;
    /** Other committed files of the stack (e.g. Pulumi.<stack>.deploy.yaml), name -> text. */
    readonly stackFiles?: Readonly<Record<string, string>>;
}

const ORDER: readonly PreflightCategory[] = ["placeholder", "dns", "quota", "bedrock", "cluster-access"];

const obj = (v: unknown): Record<string, unknown> => (typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {});
const arr = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

// ---- placeholders ----------------------------------------------------------------------------
const PLACEHOLDERS: ReadonlyArray<{ pattern: RegExp; what: string }> = [
    { pattern: /\b(111111111111|222222222222|123456789012|000000000000)\b/, what: "an example AWS account ID" },
    { pattern: /@example\.(com|org|net)\b/i, what: "an @example address (nobody receives its mail)" },
    { pattern: /(^|[^@\w-])([\w-]+\.)*example\.(com|org|net)\b/i, what: "a domain under example.com/org/net (reserved, RFC 2606: it can never be delegated to you)" },
    { pattern: /\bexample-org\b/, what: "the example Pulumi organization" },
];

export function placeholderItems(sources: Readonly<Record<string, string>>): PreflightItem[] {
    const items: PreflightItem[] = [];
    for (const [where, text] of Object.entries(sources)) {
        for (const { pattern, what } of PLACEHOLDERS) {
            const m = pattern.exec(text);
            if (!m) continue;
            items.push({ category: "placeholder", scope: "account", requirement: `replace ${what} in ${where} ("${m[0].replace(/^[^\w@]/, "")}")`, why: "must change before deploy: placeholders deploy resources that point at nothing", blocking: true });
        }
    }
    return items;
}

function flatten(config: Readonly<Record<string, string>>): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [k, v] of Object.entries(config)) out[`stack config ${k}`] = v;
    return out;
}

// ---- DNS -----------------------------------------------------------------------------------
function dnsItems(resources: readonly PlannedResource[]): PreflightItem[] {
    const created = resources.filter((r) => r.type === "aws:route53/zone:Zone").map((r) => String(r.inputs.name));
    const records = resources.filter((r) => r.type === "aws:route53/record:Record");
    const items: PreflightItem[] = created.map((zone) => ({
        category: "dns" as const,
        scope: "account",
        requirement: `delegate ${zone} to the new hosted zone's name servers (NS records at the parent zone or registrar)`,
        why: "ACM DNS validation and every entry name resolve only once the zone is delegated; certificate validation waits until then",
        check: `dig +short NS ${zone}`,
        blocking: true,
    }));
    if (created.length === 0 && records.length > 0) {
        const zoneIds = [...new Set(records.map((r) => String(r.inputs.zoneId ?? "")).filter(Boolean))];
        const names = [...new Set(records.map((r) => String(r.inputs.name ?? "")).filter((n) => n && !n.startsWith("_")))].sort();
        items.push({
            category: "dns",
            scope: "account",
            requirement: `a public hosted zone holding ${names.join(", ")} exists in this account and is delegated from its parent (zone ${zoneIds.join(", ") || "looked up by name"})`,
            why: "the program looks the zone up and writes records and ACM validation records into it",
            check: "aws route53 list-hosted-zones-by-name --query 'HostedZones[].Name'",
            blocking: true,
        });
    }
    return items;
}

// ---- quotas ----------------------------------------------------------------------------------
function quotaItems(resources: readonly PlannedResource[]): PreflightItem[] {
    const need = new Map<string, { region: string; quota: string; vcpus: number; groups: string[] }>();
    for (const ng of resources.filter((r) => r.type === "eks:index:ManagedNodeGroup")) {
        const types = arr(ng.inputs.instanceTypes).map(String);
        if (types.length === 0) continue;
        const capacity = ng.inputs.capacityType === "SPOT" ? "SPOT" : "ON_DEMAND";
        const max = Number(obj(ng.inputs.scalingConfig).maxSize ?? 0);
        const perNode = Math.max(...types.map(instanceVcpus));
        const quota = quotaName(instanceClass(types[0]), capacity);
        const key = `${ng.region}|${quota}`;
        const entry = need.get(key) ?? { region: ng.region, quota, vcpus: 0, groups: [] };
        entry.vcpus += max * perNode;
        entry.groups.push(`${ng.name} (${max} x ${types.join("/")})`);
        need.set(key, entry);
    }
    const items: PreflightItem[] = [...need.values()].map((n) => ({
        category: "quota",
        scope: n.region,
        requirement: `EC2 quota "${n.quota}" >= ${n.vcpus} vCPUs`,
        why: `node groups at their maximum size: ${n.groups.join(", ")}; new accounts start with 0 for G and VT / P and 5 for Standard Spot, and nodes then never launch`,
        check: `aws service-quotas list-service-quotas --service-code ec2 --region ${n.region} --query "Quotas[?QuotaName=='${n.quota}'].Value"`,
        blocking: true,
    }));
    const reserved = new Map<string, number>();
    for (const fn of resources.filter((r) => r.type === "aws:lambda/function:Function")) {
        const r = Number(fn.inputs.reservedConcurrentExecutions ?? 0);
        if (r > 0) reserved.set(fn.region, (reserved.get(fn.region) ?? 0) + r);
    }
    const lambdaRegions = [...new Set(resources.filter((r) => r.type === "aws:lambda/function:Function").map((r) => r.region))].sort();
    for (const region of lambdaRegions) {
        const r = reserved.get(region) ?? 0;
        items.push({
            category: "quota",
            scope: region,
            requirement: r > 0 ? `Lambda "Concurrent executions" >= ${r + 100} (${r} reserved + the 100 Lambda keeps unreserved)` : `Lambda "Concurrent executions" above the expected peak of model calls (new accounts may start at 10)`,
            why: r > 0 ? "PutFunctionConcurrency fails when reserving would leave fewer than 100 unreserved executions" : "every model call holds one failover-function execution for its whole duration; throttled calls fail",
            check: `aws lambda get-account-settings --region ${region} --query AccountLimit.ConcurrentExecutions`,
            blocking: r > 0,
        });
    }
    return items;
}

// ---- Bedrock first use -------------------------------------------------------------------
function modelSteps(v: unknown, out: Array<{ region: string; modelId: string }>): void {
    if (typeof v === "string" && (v.startsWith("{") || v.startsWith("["))) {
        try {
            modelSteps(JSON.parse(v), out);
        } catch {
            /* not JSON */
        }
        return;
    }
    if (Array.isArray(v)) v.forEach((x) => modelSteps(x, out));
    else if (typeof v === "object" && v !== null) {
        const o = v as Record<string, unknown>;
        if (typeof o.region === "string" && typeof o.modelId === "string") out.push({ region: o.region, modelId: o.modelId });
        Object.values(o).forEach((x) => modelSteps(x, out));
    }
}

function bedrockItems(resources: readonly PlannedResource[]): PreflightItem[] {
    const steps: Array<{ region: string; modelId: string }> = [];
    for (const fn of resources.filter((r) => r.type === "aws:lambda/function:Function")) modelSteps(obj(obj(fn.inputs.environment).variables), steps);
    const seen = new Set<string>();
    const items: PreflightItem[] = [];
    const anthropic = steps.some((s) => s.modelId.includes("anthropic."));
    if (anthropic) {
        items.push({
            category: "bedrock",
            scope: "account",
            requirement: "submit Anthropic's first-time-use form (use-case details) once for the account or its organization's management account",
            why: "Anthropic models refuse invocations until it is submitted; no IAM permission replaces it (Bedrock user guide, \"Request access to models\")",
            check: "Bedrock console > Model catalog > an Anthropic model > Submit use case details",
            blocking: true,
        });
    }
    for (const s of steps.sort((a, b) => a.region.localeCompare(b.region) || a.modelId.localeCompare(b.modelId))) {
        const key = `${s.region}|${s.modelId}`;
        if (seen.has(key)) continue;
        seen.add(key);
        items.push({
            category: "bedrock",
            scope: s.region,
            requirement: `first invocation of ${s.modelId} in ${s.region} succeeds (auto-subscription through AWS Marketplace; the invoking roles hold aws-marketplace:Subscribe/ViewSubscriptions; the account needs a valid payment method)`,
            why: "model access is enabled on first invoke; a failed subscription returns AccessDeniedException for up to 15 minutes",
            check: `aws bedrock-runtime converse --region ${s.region} --model-id ${s.modelId} --messages '[{"role":"user","content":[{"text":"ping"}]}]'`,
            blocking: false,
        });
    }
    return items;
}

// ---- cluster API access ----------------------------------------------------------------------
function clusterAccessItems(resources: readonly PlannedResource[]): PreflightItem[] {
    return resources.filter((r) => r.type === "eks:index:Cluster").map((c) => {
        const cidrs = arr(c.inputs.publicAccessCidrs).map(String);
        const publicOn = c.inputs.endpointPublicAccess === true;
        return publicOn
            ? { category: "cluster-access" as const, scope: c.region, requirement: `the runner that applies the in-cluster layer egresses from ${cidrs.join(", ")}`, why: "the API server's public endpoint admits only these CIDRs; the Kubernetes provider (Helm releases, edge service) fails otherwise", blocking: true }
            : { category: "cluster-access" as const, scope: c.region, requirement: "the runner that applies the in-cluster layer reaches the private API endpoint (runs inside this VPC or a network routed to it), or set environment.clusterApi.publicAccessCidrs to the runner's egress CIDR (and allowPublicEndpointWithCidrs in the stack's policy config)", why: "the endpoint is private only; Pulumi Deployments' hosted runners are outside the VPC", blocking: true };
    });
}

export function preflight(input: PreflightInput): Preflight {
    const items = [
        ...placeholderItems({ ...flatten(input.stackConfig), ...(input.stackFiles ?? {}) }),
        ...dnsItems(input.resources),
        ...quotaItems(input.resources),
        ...bedrockItems(input.resources),
        ...clusterAccessItems(input.resources),
    ];
    const rank = (c: PreflightCategory) => ORDER.indexOf(c);
    return { stack: input.stack, items: items.map((it, i) => ({ it, i })).sort((a, b) => rank(a.it.category) - rank(b.it.category) || a.i - b.i).map((x) => x.it) };
}

export function preflightSection(p: Preflight): string[] {
    const out = [`== preflight: what the account must have before the first deploy of "${p.stack}" (${p.items.filter((i) => i.blocking).length} blocking)`];
    p.items.forEach((it, i) => {
        out.push(`   ${String(i + 1).padStart(2)}. [${it.category}${it.blocking ? ", blocking" : ""}] ${it.scope}: ${it.requirement}`);
        out.push(`       why: ${it.why}`);
        if (it.check) out.push(`       check: ${it.check}`);
    });
    return out;
}
