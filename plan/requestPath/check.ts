/**
 * The request-path check: for every entry (Route 53 name, CloudFront distribution, Global
 * Accelerator) trace a request hop by hop through the registered resources to the workload that
 * answers it, in each region it can reach; and for every caller (a workload calling a Lambda
 * function URL, a health probe calling a name) check what it calls exists and lets it.
 *
 * A hop is broken when the next resource is missing or cannot accept the request (no TLS listener,
 * no certificate covering the name, no registration in the target group, no grant). The plan
 * exits 4 when any hop is broken, naming it. Everything is read from resource types and their
 * provider-defined fields, so renaming a resource cannot hide a hop.
 */
import type { PlannedResource } from "../model";
import { dnsName, str } from "../values";
import { T } from "../resourceTypes";
import { arr, obj, ResourceGraph, type Obj } from "./graph";

export const HOPS = {
    name: "name -> record",
    recordTarget: "record -> target",
    viewerCertificate: "distribution -> viewer certificate",
    origin: "distribution -> origin",
    acceleratorListener: "accelerator -> listener",
    endpointGroup: "accelerator listener -> endpoint group",
    endpoint: "endpoint group -> load balancer",
    tlsListener: "load balancer -> TLS listener with a certificate covering the name",
    targetGroup: "listener -> target group",
    registration: "target group -> registration",
    service: "registration -> service",
    workload: "service -> deployment",
    network: "load balancer -> pods (security group rule)",
    callerUrl: "caller -> function URL",
    urlFunction: "function URL -> function",
    callerIdentity: "caller -> pod role",
    grant: "pod role -> invoke grant",
    sameRegion: "caller -> own region's function",
    probeName: "probe -> name a certificate can cover",
    regionReached: "entries -> region",
} as const;

export interface Hop {
    readonly hop: string;
    readonly from: string;
    readonly to?: string;
    readonly ok: boolean;
    readonly problem?: string;
}

export type PathKind = "route53" | "cloudfront" | "accelerator" | "function-url-caller" | "health-probe" | "region";

export interface RequestPath {
    readonly kind: PathKind;
    readonly entry: string;
    /** The region the path ends in (the load balancer's or the caller's). */
    readonly region?: string;
    readonly ok: boolean;
    /** The first broken hop's name, when the path is broken. */
    readonly brokenHop?: string;
    readonly hops: readonly Hop[];
}

export interface PathReport {
    readonly ok: boolean;
    readonly broken: number;
    readonly paths: readonly RequestPath[];
}

interface Branch {
    readonly hops: Hop[];
    readonly region?: string;
    readonly loadBalancer?: string;
}

const AWS_GENERATED = /(\.elb\.amazonaws\.com|\.elb\.[a-z0-9-]+\.amazonaws\.com|\.awsglobalaccelerator\.com|\.cloudfront\.net|\.on\.aws|\.amazonaws\.com)$/;
const MAX_DEPTH = 8;

const ok = (hop: string, from: string, to?: string): Hop => ({ hop, from, to, ok: true });
const broken = (hop: string, from: string, problem: string): Hop => ({ hop, from, ok: false, problem });
const label = (r: PlannedResource) => `${r.type.split(":").pop()} ${r.name}`;

/** Whether a certificate for `domains` (wildcards allowed one label deep) covers `name`. */
export function covers(domains: readonly string[], name: string): boolean {
    const n = dnsName(name);
    return domains.some((d) => {
        const c = dnsName(d);
        if (c === n) return true;
        return c.startsWith("*.") && n.endsWith(c.slice(1)) && !n.slice(0, n.length - c.length + 1).includes(".");
    });
}

export function checkRequestPaths(resources: readonly PlannedResource[]): PathReport {
    const g = new ResourceGraph(resources);
    const paths: RequestPath[] = [];
    const reached = new Set<string>();

    const finish = (kind: PathKind, entry: string, branches: Branch[], prefix: Hop[] = []) => {
        for (const b of branches) {
            const hops = [...prefix, ...b.hops];
            const first = hops.find((h) => !h.ok);
            if (b.loadBalancer) reached.add(b.loadBalancer);
            paths.push({ kind, entry, region: b.region, ok: first === undefined, brokenHop: first?.hop, hops });
        }
    };

    // ---- downstream of a load balancer -------------------------------------------------------
    function certificateDomains(arns: readonly string[]): string[] {
        return arns.flatMap((a) => g.withValue(T.certificate, a)).flatMap((c) => {
            const s = g.state(c);
            return [str(s.domainName), ...arr(s.subjectAlternativeNames).map(str)].filter((d): d is string => d !== undefined);
        });
    }

    function traceWorkload(tg: PlannedResource, lb: PlannedResource): Branch[] {
        const tgArn = str(g.state(tg).arn);
        const bindings = g.ofType(T.targetGroupBinding).filter((b) => str(obj(b.inputs.spec).targetGroupARN) === tgArn);
        const attachments = g.referencing(T.targetGroupAttachment, "targetGroupArn", tgArn);
        if (bindings.length === 0 && attachments.length === 0) {
            return [{ hops: [broken(HOPS.registration, label(tg), "nothing registers targets in this target group (no TargetGroupBinding or attachment)")], region: lb.region, loadBalancer: lb.urn }];
        }
        if (bindings.length === 0) return [{ hops: [ok(HOPS.registration, label(tg), attachments.map(label).join(", "))], region: lb.region, loadBalancer: lb.urn }];
        return bindings.map((b) => {
            const hops: Hop[] = [ok(HOPS.registration, label(tg), label(b))];
            const spec = obj(b.inputs.spec);
            const ref = obj(spec.serviceRef);
            const ns = str(obj(b.inputs.metadata).namespace) ?? "default";
            const svc = g.ofType(T.service).find((s) => str(obj(g.state(s).metadata).name) === str(ref.name) && (str(obj(g.state(s).metadata).namespace) ?? "default") === ns);
            const svcPort = svc && arr(obj(svc.inputs.spec).ports).map(obj).find((p) => p.port === ref.port || p.name === ref.port);
            if (!svc || !svcPort) {
                hops.push(broken(HOPS.service, label(b), `no Service ${String(ref.name)}:${String(ref.port)} in namespace ${ns}`));
                return { hops, region: lb.region, loadBalancer: lb.urn };
            }
            hops.push(ok(HOPS.service, label(b), label(svc)));
            const selector = obj(obj(svc.inputs.spec).selector);
            const targetPort = svcPort.targetPort ?? svcPort.port;
            const deployment = g.ofType(T.deployment).find((d) => {
                const labels = obj(obj(obj(obj(d.inputs.spec).template).metadata).labels);
                const dns = str(obj(g.state(d).metadata).namespace) ?? "default";
                return dns === ns && Object.keys(selector).length > 0 && Object.entries(selector).every(([k, v]) => labels[k] === v);
            });
            const containerPorts = deployment ? arr(obj(obj(obj(deployment.inputs.spec).template).spec).containers).flatMap((c) => arr(obj(c).ports).map(obj)) : [];
            const port = containerPorts.find((p) => p.containerPort === targetPort || p.name === targetPort);
            if (!deployment || !port) {
                hops.push(broken(HOPS.workload, label(svc), deployment ? `no container of ${label(deployment)} listens on target port ${String(targetPort)}` : `no Deployment in ${ns} matches the Service's selector`));
                return { hops, region: lb.region, loadBalancer: lb.urn };
            }
            hops.push(ok(HOPS.workload, label(svc), label(deployment)));
            hops.push(networkHop(lb, Number(port.containerPort)));
            return { hops, region: lb.region, loadBalancer: lb.urn };
        });
    }

    function networkHop(lb: PlannedResource, port: number): Hop {
        const groups = arr(lb.inputs.securityGroups).map(str).filter((s): s is string => s !== undefined);
        if (groups.length === 0) return ok(HOPS.network, label(lb), "no load balancer security group");
        const rule = g.ofType(T.sgIngressRule).find((r) => {
            const s = r.inputs;
            return groups.includes(str(s.referencedSecurityGroupId) ?? "") && Number(s.fromPort) <= port && port <= Number(s.toPort);
        });
        return rule ? ok(HOPS.network, label(lb), label(rule)) : broken(HOPS.network, label(lb), `no security group rule admits the load balancer's security group to the pods on port ${port}`);
    }

    function traceLoadBalancer(lb: PlannedResource, name: string): Branch[] {
        const lbArn = str(g.state(lb).arn);
        const listeners = g.referencing(T.lbListener, "loadBalancerArn", lbArn).filter((l) => Number(l.inputs.port) === 443);
        const tls = listeners.filter((l) => ["TLS", "HTTPS"].includes(String(l.inputs.protocol)));
        const generated = AWS_GENERATED.test(dnsName(name));
        const fail = (problem: string): Branch[] => [{ hops: [broken(HOPS.tlsListener, label(lb), problem)], region: lb.region, loadBalancer: lb.urn }];
        if (tls.length === 0) {
            return fail(listeners.length > 0
                ? `the 443 listener is ${listeners.map((l) => String(l.inputs.protocol)).join("/")} (passthrough): nothing presents a certificate for ${name}`
                : "no listener on port 443");
        }
        const covering = tls.filter((l) => {
            const arns = [str(l.inputs.certificateArn), ...g.referencing(T.listenerCertificate, "listenerArn", str(g.state(l).arn)).map((c) => str(c.inputs.certificateArn))];
            return covers(certificateDomains(arns.filter((a): a is string => a !== undefined)), name);
        });
        if (covering.length === 0) {
            return fail(generated ? `${name} is an AWS-generated name: no certificate can cover it` : `no listener certificate covers ${name}`);
        }
        return covering.flatMap((l) => {
            const head = ok(HOPS.tlsListener, label(lb), label(l));
            const tgArns = arr(l.inputs.defaultActions).map(obj).filter((a) => a.type === "forward").flatMap((a) => [str(a.targetGroupArn), ...arr(obj(a.forward).targetGroups).map((t) => str(obj(t).arn))]);
            const tgs = tgArns.flatMap((a) => g.withValue(T.targetGroup, a));
            if (tgs.length === 0) return [{ hops: [head, broken(HOPS.targetGroup, label(l), "the listener forwards to no registered target group")], region: lb.region, loadBalancer: lb.urn }];
            return tgs.flatMap((tg) => traceWorkload(tg, lb).map((b) => ({ ...b, hops: [head, ok(HOPS.targetGroup, label(l), label(tg)), ...b.hops] })));
        });
    }

    // ---- upstream: names, distributions, accelerators ----------------------------------------
    function traceAccelerator(acc: PlannedResource, name: string): Branch[] {
        const listeners = g.referencing(T.gaListener, "acceleratorArn", str(g.state(acc).arn)).filter((l) => arr(l.inputs.portRanges).map(obj).some((p) => Number(p.fromPort) <= 443 && 443 <= Number(p.toPort)));
        if (listeners.length === 0) return [{ hops: [broken(HOPS.acceleratorListener, label(acc), "no accelerator listener on port 443")] }];
        return listeners.flatMap((l) => {
            const groups = g.referencing(T.endpointGroup, "listenerArn", str(g.state(l).arn));
            const head = ok(HOPS.acceleratorListener, label(acc), label(l));
            if (groups.length === 0) return [{ hops: [head, broken(HOPS.endpointGroup, label(l), "the listener has no endpoint group")] }];
            return groups.flatMap((eg) => {
                const ids = arr(eg.inputs.endpointConfigurations).map((e) => str(obj(e).endpointId));
                const lbs = ids.flatMap((id) => g.withValue(T.loadBalancer, id));
                const egHop = ok(HOPS.endpointGroup, label(l), label(eg));
                if (lbs.length === 0) return [{ hops: [head, egHop, broken(HOPS.endpoint, label(eg), "no endpoint is a registered load balancer")], region: str(eg.inputs.endpointGroupRegion) }];
                return lbs.flatMap((lb) => traceLoadBalancer(lb, name).map((b) => ({ ...b, hops: [head, egHop, ok(HOPS.endpoint, label(eg), label(lb)), ...b.hops] })));
            });
        });
    }

    function traceDistribution(d: PlannedResource, depth: number): Branch[] {
        const origins = arr(d.inputs.origins).map(obj);
        if (origins.length === 0) return [{ hops: [broken(HOPS.origin, label(d), "the distribution has no origin")] }];
        return origins.flatMap((o) => {
            const domain = str(o.domainName) ?? "";
            // CloudFront connects to the origin by its domain name (SNI and certificate check).
            return traceName(domain, depth + 1).map((b) => ({ ...b, hops: [ok(HOPS.origin, label(d), domain), ...b.hops] }));
        });
    }

    function viewerHop(d: PlannedResource, name: string): Hop {
        const s = g.state(d);
        if (dnsName(name) === dnsName(str(s.domainName) ?? "")) return ok(HOPS.viewerCertificate, label(d), "CloudFront default certificate");
        const aliases = arr(d.inputs.aliases).map(str).filter((a): a is string => a !== undefined);
        const certArn = str(obj(d.inputs.viewerCertificate).acmCertificateArn);
        if (!aliases.map(dnsName).includes(dnsName(name))) return broken(HOPS.viewerCertificate, label(d), `${name} is not an alias of the distribution`);
        if (!certArn || !covers(certificateDomains([certArn]), name)) return broken(HOPS.viewerCertificate, label(d), `the viewer certificate does not cover ${name}`);
        return ok(HOPS.viewerCertificate, label(d), certArn);
    }

    function traceName(name: string, depth: number): Branch[] {
        if (depth > MAX_DEPTH) return [{ hops: [broken(HOPS.recordTarget, name, "name resolution loops")] }];
        const n = dnsName(name);
        const records = g.ofType(T.record).filter((r) => dnsName(str(g.state(r).fqdn) ?? str(r.inputs.name) ?? "") === n);
        if (records.length > 0) {
            return records.flatMap((r) => {
                const s = r.inputs;
                const targets = [...arr(s.aliases).map((a) => str(obj(a).name)), ...arr(s.records).map(str)].filter((t): t is string => t !== undefined);
                const head = ok(HOPS.name, name, label(r));
                if (targets.length === 0) return [{ hops: [head, broken(HOPS.recordTarget, label(r), "the record has no target")] }];
                return targets.flatMap((t) => {
                    const next = traceTarget(t, name, depth);
                    return next.map((b) => ({ ...b, hops: [head, ...b.hops] }));
                });
            });
        }
        const target = traceTarget(name, name, depth);
        return target;
    }

    /** `target` is what a record points at (or the name itself); `name` is what the client asked for. */
    function traceTarget(target: string, name: string, depth: number): Branch[] {
        const dist = g.withValue(T.distribution, target).find((d) => dnsName(str(g.state(d).domainName) ?? "") === dnsName(target));
        if (dist) return [{ hops: [ok(HOPS.recordTarget, target, label(dist)), viewerHop(dist, name)] }].flatMap((b) => traceDistribution(dist, depth).map((x) => ({ ...x, hops: [...b.hops, ...x.hops] })));
        const acc = g.ofType(T.accelerator).find((a) => dnsName(str(g.state(a).dnsName) ?? "") === dnsName(target));
        if (acc) return traceAccelerator(acc, name).map((b) => ({ ...b, hops: [ok(HOPS.recordTarget, target, label(acc)), ...b.hops] }));
        const lb = g.ofType(T.loadBalancer).find((l) => dnsName(str(g.state(l).dnsName) ?? "") === dnsName(target));
        if (lb) return traceLoadBalancer(lb, name).map((b) => ({ ...b, hops: [ok(HOPS.recordTarget, target, label(lb)), ...b.hops] }));
        if (dnsName(target) !== dnsName(name)) return traceName(target, depth + 1);
        return [{ hops: [broken(HOPS.name, name, `no Route 53 record, distribution, accelerator or load balancer answers for ${name}`)] }];
    }

    // ---- entries ------------------------------------------------------------------------------
    const entryRecords = g.ofType(T.record).filter((r) => {
        const nm = str(g.state(r).fqdn) ?? str(r.inputs.name) ?? "";
        // DNS validation records (_<hash>.name CNAME ...acm-validations.aws) are not entries.
        return !nm.startsWith("_") && !arr(r.inputs.records).some((v) => String(v).includes("acm-validations.aws"));
    });
    const recordNames = [...new Set(entryRecords.map((r) => dnsName(str(g.state(r).fqdn) ?? str(r.inputs.name) ?? "")))].sort();
    for (const name of recordNames) finish("route53", name, traceName(name, 0));

    for (const d of g.ofType(T.distribution)) {
        const s = g.state(d);
        const aliases = arr(d.inputs.aliases).map(str).filter((a): a is string => a !== undefined);
        const name = aliases[0] ?? str(s.domainName) ?? d.name;
        finish("cloudfront", name, traceDistribution(d, 0), [viewerHop(d, name)]);
    }

    for (const acc of g.ofType(T.accelerator)) {
        const accName = str(g.state(acc).dnsName) ?? acc.name;
        const names = entryRecords.filter((r) => arr(r.inputs.aliases).some((a) => dnsName(str(obj(a).name) ?? "") === dnsName(accName))).map((r) => dnsName(str(g.state(r).fqdn) ?? str(r.inputs.name) ?? ""));
        for (const name of names.length > 0 ? [...new Set(names)] : [accName]) finish("accelerator", name, traceAccelerator(acc, name));
    }

    // ---- callers: workloads calling function URLs ---------------------------------------------
    const urls = g.ofType(T.functionUrl);
    for (const dep of g.ofType(T.deployment)) {
        const podSpec = obj(obj(obj(dep.inputs.spec).template).spec);
        const envValues = arr(podSpec.containers).flatMap((c) => arr(obj(c).env).map((e) => str(obj(e).value))).filter((v): v is string => v !== undefined);
        for (const url of urls) {
            const u = str(g.state(url).functionUrl);
            if (!u || !envValues.includes(u)) continue;
            finish("function-url-caller", `${label(dep)} -> ${u}`, [{ hops: callerHops(dep, url, podSpec), region: dep.region }]);
        }
    }

    function callerHops(dep: PlannedResource, url: PlannedResource, podSpec: Obj): Hop[] {
        const hops: Hop[] = [ok(HOPS.callerUrl, label(dep), label(url))];
        const fnName = str(url.inputs.functionName);
        const fn = g.withValue(T.lambda, fnName)[0];
        if (!fn) return [...hops, broken(HOPS.urlFunction, label(url), `no registered function named ${fnName ?? "?"}`)];
        hops.push(ok(HOPS.urlFunction, label(url), label(fn)));
        hops.push(fn.region === dep.region ? ok(HOPS.sameRegion, label(dep), fn.region) : broken(HOPS.sameRegion, label(dep), `calls a function in ${fn.region} from ${dep.region}`));
        const ns = str(obj(dep.inputs.metadata).namespace) ?? str(obj(g.state(dep).metadata).namespace) ?? "default";
        const sa = str(podSpec.serviceAccountName) ?? "default";
        const assoc = g.ofType(T.podIdentity).find((a) => str(a.inputs.namespace) === ns && str(a.inputs.serviceAccount) === sa && a.region === dep.region);
        const role = assoc && g.withValue(T.role, str(assoc.inputs.roleArn))[0];
        if (!assoc || !role) return [...hops, broken(HOPS.callerIdentity, label(dep), `no Pod Identity association gives service account ${ns}/${sa} a role`)];
        hops.push(ok(HOPS.callerIdentity, label(dep), label(role)));
        const fnArn = str(g.state(fn).arn) ?? "";
        const statements = g.referencing(T.rolePolicy, "role", str(g.state(role).name)).flatMap((p) => {
            try {
                return arr(obj(JSON.parse(String(p.inputs.policy))).Statement).map(obj);
            } catch {
                return [];
            }
        });
        const allows = (action: string) => statements.some((s) => s.Effect === "Allow"
            && ([] as unknown[]).concat(s.Action).includes(action)
            && ([] as unknown[]).concat(s.Resource).some((r) => r === fnArn || r === "*"));
        const authType = str(url.inputs.authorizationType);
        const missing = [authType === "AWS_IAM" && !allows("lambda:InvokeFunctionUrl") ? "lambda:InvokeFunctionUrl" : undefined, !allows("lambda:InvokeFunction") ? "lambda:InvokeFunction" : undefined].filter(Boolean);
        hops.push(missing.length === 0 ? ok(HOPS.grant, label(role), fnArn) : broken(HOPS.grant, label(role), `the role is not granted ${missing.join(" and ")} on ${fnArn}`));
        return hops;
    }

    // ---- callers: health probes ---------------------------------------------------------------
    const probeHosts: Array<{ from: string; host: string }> = [];
    for (const fn of g.ofType(T.lambda)) {
        const vars = obj(obj(fn.inputs.environment).variables);
        for (const v of Object.values(vars)) for (const u of urlsIn(v)) probeHosts.push({ from: label(fn), host: new URL(u).hostname });
    }
    for (const hc of g.ofType(T.healthCheck)) {
        const type = String(hc.inputs.type ?? "");
        const fqdn = str(hc.inputs.fqdn);
        if (fqdn && type.startsWith("HTTPS")) probeHosts.push({ from: label(hc), host: fqdn });
    }
    for (const p of probeHosts) {
        const generated = AWS_GENERATED.test(dnsName(p.host));
        const head = generated ? broken(HOPS.probeName, p.from, `probes ${p.host}, an AWS-generated name no certificate can cover`) : ok(HOPS.probeName, p.from, p.host);
        finish("health-probe", `${p.from} -> ${p.host}`, generated ? [{ hops: [] }] : traceName(p.host, 0), [head]);
    }

    // ---- every region with a load balancer is reached by some entry ---------------------------
    for (const lb of g.ofType(T.loadBalancer)) {
        if (!reached.has(lb.urn)) paths.push({ kind: "region", entry: label(lb), region: lb.region, ok: false, brokenHop: HOPS.regionReached, hops: [broken(HOPS.regionReached, label(lb), "no entry's request reaches this load balancer")] });
    }

    const brokenCount = paths.filter((p) => !p.ok).length;
    return { ok: brokenCount === 0, broken: brokenCount, paths };
}

/** https:// URLs in a value, including inside JSON strings (settings documents). */
function urlsIn(v: unknown): string[] {
    if (typeof v === "string") {
        if (/^https:\/\/[^\s"]+$/.test(v)) return [v];
        if (v.startsWith("{") || v.startsWith("[")) {
            try {
                return urlsIn(JSON.parse(v));
            } catch {
                return [];
            }
        }
        return [];
    }
    if (Array.isArray(v)) return v.flatMap(urlsIn);
    if (typeof v === "object" && v !== null) return Object.values(v).flatMap(urlsIn);
    return [];
}
