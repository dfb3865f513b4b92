import type { K8sObject } from "./render";

/**
 * NetworkPolicy semantics (networking.k8s.io/v1), enough to decide whether one endpoint may open a
 * connection to another: a pod selected by a policy of a type is isolated for that direction, and
 * is then reached only where some selecting policy's rule allows the peer and the port; traffic
 * needs the source's egress and the destination's ingress both to allow it.
 */

export interface Endpoint {
  name: string;
  /** Pods have a namespace and labels; an address outside the cluster has neither. */
  namespace?: string;
  namespaceLabels?: Record<string, string>;
  labels?: Record<string, string>;
  ip: string;
  /** Named ports of a pod's containers, for rules that name a port. */
  namedPorts?: Record<string, number>;
}

export interface Connection {
  port: number;
  protocol?: "TCP" | "UDP" | "SCTP";
}

interface LabelSelector {
  matchLabels?: Record<string, string>;
  matchExpressions?: { key: string; operator: "In" | "NotIn" | "Exists" | "DoesNotExist"; values?: string[] }[];
}
interface Peer {
  podSelector?: LabelSelector;
  namespaceSelector?: LabelSelector;
  ipBlock?: { cidr: string; except?: string[] };
}
interface PortRule {
  port?: number | string;
  endPort?: number;
  protocol?: string;
}
interface Rule {
  from?: Peer[];
  to?: Peer[];
  ports?: PortRule[];
}
interface PolicySpec {
  podSelector: LabelSelector;
  policyTypes?: ("Ingress" | "Egress")[];
  ingress?: Rule[];
  egress?: Rule[];
}

export function selectorMatches(selector: LabelSelector | undefined, labels: Record<string, string> = {}): boolean {
  if (!selector) return false;
  for (const [k, v] of Object.entries(selector.matchLabels ?? {})) if (labels[k] !== v) return false;
  for (const e of selector.matchExpressions ?? []) {
    const has = Object.prototype.hasOwnProperty.call(labels, e.key);
    if (e.operator === "In" && !(has && e.values?.includes(labels[e.key]))) return false;
    if (e.operator === "NotIn" && has && e.values?.includes(labels[e.key])) return false;
    if (e.operator === "Exists" && !has) return false;
    if (e.operator === "DoesNotExist" && has) return false;
  }
  return true;
}

const ipNumber = (ip: string) => ip.split(".").reduce((n, part) => n * 256 + Number(part), 0);

export function inCidr(ip: string, cidr: string): boolean {
  const [base, bits] = cidr.split("/");
  const size = 2 ** (32 - Number(bits));
  const start = Math.floor(ipNumber(base) / size) * size;
  const n = ipNumber(ip);
  return n >= start && n < start + size;
}

/** Whether a rule's peer covers `other`, for a policy in `namespace`. */
function peerMatches(peer: Peer, other: Endpoint, namespace: string): boolean {
  if (peer.ipBlock) return inCidr(other.ip, peer.ipBlock.cidr) && !(peer.ipBlock.except ?? []).some((c) => inCidr(other.ip, c));
  if (other.namespace === undefined) return false; // selectors match pods only
  const namespaceOk = peer.namespaceSelector
    ? selectorMatches(peer.namespaceSelector, other.namespaceLabels)
    : other.namespace === namespace;
  const podOk = peer.podSelector ? selectorMatches(peer.podSelector, other.labels) : true;
  return namespaceOk && podOk;
}

function portMatches(rule: PortRule, target: Endpoint, connection: Connection): boolean {
  if ((rule.protocol ?? "TCP") !== (connection.protocol ?? "TCP")) return false;
  if (rule.port === undefined) return true;
  const port = typeof rule.port === "number" ? rule.port : target.namedPorts?.[rule.port];
  if (port === undefined) return false;
  return rule.endPort ? connection.port >= port && connection.port <= rule.endPort : connection.port === port;
}

const typesOf = (spec: PolicySpec) => spec.policyTypes ?? (spec.egress ? ["Ingress", "Egress"] : ["Ingress"]);

/** Allowed in one direction: `self` is the selected pod, `other` the far end, `target` the one listening. */
function allowedDirection(
  policies: K8sObject[],
  direction: "Ingress" | "Egress",
  self: Endpoint,
  other: Endpoint,
  target: Endpoint,
  connection: Connection,
): boolean {
  if (self.namespace === undefined) return true; // outside the cluster: no policy applies
  const selecting = policies.filter(
    (p) =>
      (p.metadata.namespace ?? self.namespace) === self.namespace &&
      selectorMatches((p.spec as PolicySpec).podSelector, self.labels) &&
      typesOf(p.spec as PolicySpec).includes(direction),
  );
  if (selecting.length === 0) return true;
  return selecting.some((p) => {
    const spec = p.spec as PolicySpec;
    const rules = (direction === "Ingress" ? spec.ingress : spec.egress) ?? [];
    return rules.some((rule) => {
      const peers = direction === "Ingress" ? rule.from : rule.to;
      const peerOk = !peers || peers.length === 0 || peers.some((peer) => peerMatches(peer, other, self.namespace!));
      const portOk = !rule.ports || rule.ports.length === 0 || rule.ports.some((r) => portMatches(r, target, connection));
      return peerOk && portOk;
    });
  });
}

/** Whether `from` may open `connection` to `to` under `policies` (NetworkPolicy objects). */
export function allowed(policies: K8sObject[], from: Endpoint, to: Endpoint, connection: Connection): boolean {
  const netpols = policies.filter((p) => p.kind === "NetworkPolicy");
  return allowedDirection(netpols, "Egress", from, to, to, connection) && allowedDirection(netpols, "Ingress", to, from, to, connection);
}

/** The pods a set of rendered objects would run: one per Deployment, from its pod template, with made-up addresses. */
export function podsOf(objects: K8sObject[], namespace: string): (Endpoint & { ports: number[] })[] {
  return objects
    .filter((o) => o.kind === "Deployment")
    .map((d, i) => {
      const containers = (d.spec.template.spec.containers ?? []) as { ports?: { name?: string; containerPort: number }[] }[];
      const ports = containers.flatMap((c) => c.ports ?? []);
      return {
        name: d.metadata.labels?.["app.kubernetes.io/component"] ?? d.metadata.name,
        namespace,
        namespaceLabels: { "kubernetes.io/metadata.name": namespace },
        labels: d.spec.template.metadata.labels as Record<string, string>,
        ip: `10.244.1.${10 + i}`,
        namedPorts: Object.fromEntries(ports.filter((p) => p.name).map((p) => [p.name!, p.containerPort])),
        ports: ports.map((p) => p.containerPort),
      };
    });
}
