/**
 * Deterministic generator of large synthetic policies for the compile-throughput benchmark, as
 * `.policy` text (one file, or a root file importing one file per module of 100 declarations)
 * and as the same declarations in YAML and JSON.
 *
 * A corpus of N declarations is a core (the policy header, 13 purposes, 10 recipients and an
 * audience: 25 declarations) and modules of 100 declarations: 4 category groups of 9 leaf
 * categories each (40), 15 retention rules, 10 trackers, 10 allow/deny rules (some with
 * exceptions), 1 assertion, 5 security blocks and 19 prose sections. The last module may be
 * partial; its declarations come in an order where every reference points backwards, so any
 * prefix of a module is a valid policy. Purposes and recipients stay fixed as the corpus grows,
 * so the decision domain (categories x purposes x recipients) grows linearly with it.
 *
 *   npx tsx bench/corpus.ts 1000 > /tmp/c.policy
 */
import { dump } from "js-yaml";
import { rng, type Rng } from "./lib/random.js";

type Kind = "text" | "texts" | "ref" | "refs" | "word" | "words" | "duration" | "bool" | "number" | "date";
/** A field: its name, how the policy language writes its value, and the value. */
type Field = readonly [name: string, kind: Kind, value: string | number | boolean | readonly string[]];

export type Decl =
  | { readonly kind: "policy" | "category" | "purpose" | "recipient" | "retention" | "tracker" | "section" | "security" | "audience"; readonly id: string; readonly label: string; readonly fields: readonly Field[]; readonly basisIn?: readonly [string, string] }
  | RuleDecl
  | { readonly kind: "assert"; readonly mode: "never"; readonly action: string; readonly data: readonly string[]; readonly to?: readonly string[]; readonly unless?: readonly string[] };

interface RuleDecl {
  readonly kind: "rule";
  readonly effect: "allow" | "deny";
  readonly action?: string;
  readonly data?: readonly string[];
  readonly to?: readonly string[];
  readonly for?: readonly string[];
  readonly when?: readonly string[];
  readonly as?: string;
  readonly text?: string;
  readonly except?: readonly RuleDecl[];
}

export interface Corpus {
  /** Every declaration: the core first, then the modules in order. */
  readonly decls: readonly Decl[];
  readonly core: readonly Decl[];
  readonly modules: readonly (readonly Decl[])[];
}

export const CORE_SIZE = 25;
export const MODULE_SIZE = 100;

const WORDS = "data service account device usage order payment support review record profile message update report notice request partner analysis security content history setting region product network feature".split(" ");

function sentence(r: Rng, words: number): string {
  const w: string[] = [];
  for (let i = 0; i < words; i++) w.push(r.pick(WORDS));
  const s = w.join(" ");
  return s.charAt(0).toUpperCase() + s.slice(1) + ".";
}

const PURPOSES: readonly { id: string; label: string; fields: Field[]; basisIn?: [string, string]; uses: boolean }[] = [
  { id: "svc", label: "Providing the service", fields: [["basis", "word", "contract"]], uses: false },
  { id: "svc.core", label: "Core service", fields: [["basis", "word", "contract"]], uses: true },
  { id: "svc.support", label: "Customer support", fields: [["basis", "word", "contract"]], uses: true },
  { id: "mkt", label: "Marketing", fields: [["marketing", "bool", true]], uses: false },
  {
    id: "mkt.email",
    label: "Email newsletter",
    fields: [["consent", "word", "opt_in"], ["channels", "words", ["email"]], ["marketing", "bool", true], ["withdraw", "text", "Use the unsubscribe link."], ["opt_out", "text", "Use the unsubscribe link."]],
    basisIn: ["consent_or_no_objection", "EU explicit_consent"],
    uses: true,
  },
  { id: "mkt.ads", label: "Interest-based advertising", fields: [["basis", "word", "consent"], ["consent", "word", "opt_out"], ["profiling", "bool", true], ["automated_decisions", "text", "Ads are chosen from your interests."], ["marketing", "bool", true], ["opt_out", "text", "Use the advertising opt-out."], ["excludes", "refs", ["minors"]]], uses: true },
  { id: "mkt.promo", label: "Promotions", fields: [["basis", "word", "consent"], ["consent", "word", "opt_in"], ["marketing", "bool", true], ["withdraw", "text", "Reply STOP."], ["opt_out", "text", "Reply STOP."], ["excludes", "refs", ["minors"]]], uses: true },
  { id: "ana", label: "Analytics", fields: [], uses: false },
  { id: "ana.usage", label: "Usage analytics", fields: [["basis", "word", "legitimate_interests"], ["interest", "text", "improving the product"], ["consent", "word", "opt_out"], ["opt_out", "text", "Settings, then Privacy."]], uses: true },
  { id: "ana.product", label: "Product statistics", fields: [["basis", "word", "legitimate_interests"], ["interest", "text", "product planning"]], uses: true },
  { id: "legal_records", label: "Legal records", fields: [["basis", "word", "legal_obligation"]], uses: true },
  { id: "fraud", label: "Fraud prevention", fields: [["basis", "word", "legitimate_interests"], ["interest", "text", "security"]], uses: true },
  { id: "social", label: "Social features", fields: [["basis", "word", "consent"], ["consent", "word", "opt_in"], ["withdraw", "text", "Unlink the account."]], uses: true },
];
const PURPOSE_LEAVES = PURPOSES.filter((p) => p.uses).map((p) => p.id);
const RECIPIENTS: readonly [string, string, Field[]][] = [
  ["affiliates", "Affiliated companies", [["type", "word", "affiliate"]]],
  ["vendors", "Service providers", [["type", "word", "processor"], ["safeguards", "texts", ["data processing agreements"]]]],
  ["vendors.cloud", "Cloud hosting", []],
  ["vendors.payments", "Payment processors", []],
  ["partners", "Business partners", [["type", "word", "partner"], ["needs_consent", "bool", true]]],
  ["partners.ads", "Advertising partners", [["type", "word", "advertiser"]]],
  ["partners.retail", "Retail partners", []],
  ["authorities", "Public authorities", [["type", "word", "authority"]]],
  ["social_net", "Social network", [["type", "word", "social"], ["needs_consent", "bool", true]]],
  ["brokers", "Data brokers", [["type", "word", "partner"]]],
];
const RECIPIENT_REFS = RECIPIENTS.map((r) => r[0]);

function moduleDecls(m: number, r: Rng): Decl[] {
  const out: Decl[] = [];
  const groups: string[] = [];
  const leaves: string[] = [];
  const classes = ["personal", "pseudonymous", "personal", "anonymous"];
  for (let g = 0; g < 4; g++) {
    const id = `m${m}_g${g}`;
    groups.push(id);
    out.push({
      kind: "category",
      id,
      label: `Module ${m} data group ${g}`,
      fields: [
        ["class", "word", classes[g]!],
        ["source", "word", g % 2 ? "automatic" : "provided"],
        ["provision", "word", "contractual"],
        ["consequence", "text", sentence(r, 8)],
      ],
    });
  }
  for (let g = 0; g < 4; g++) {
    for (let c = 0; c < 9; c++) {
      const id = `m${m}_g${g}.c${c}`;
      leaves.push(id);
      out.push({ kind: "category", id, label: `${sentence(r, 3).slice(0, -1)} ${m}.${g}.${c}`, fields: c % 3 === 0 ? [["examples", "texts", [sentence(r, 4), sentence(r, 3)]]] : [] });
    }
  }
  for (let k = 0; k < 15; k++) {
    out.push({
      kind: "retention",
      id: `m${m}_ret${k}`,
      label: `Retention ${m}.${k}`,
      fields: [
        ["applies_to", "refs", k < 4 ? [groups[k]!] : r.sample(leaves, 3)],
        ["period", "duration", `${1 + r.int(36)} months`],
        ["criteria", "words", ["while_needed"]],
        ["end", "words", [r.pick(["delete", "anonymise"])]],
        ...(k % 5 === 0 ? ([["prose", "text", sentence(r, 20)]] as Field[]) : []),
      ],
    });
  }
  for (let k = 0; k < 10; k++) {
    out.push({
      kind: "tracker",
      id: `m${m}_t${k}`,
      label: `Tracker ${m}.${k}`,
      fields: [
        ["type", "word", r.pick(["cookie", "pixel", "sdk", "local_storage"])],
        ["providers", "refs", [r.pick(["vendors", "partners.ads", "affiliates"])]],
        ["collects", "refs", r.sample(leaves, 2)],
        ["purposes", "refs", [r.pick(["ana.usage", "ana.product", "svc.core"])]],
        ["gate", "word", r.pick(["consent", "opt_out", "none"])],
      ],
    });
  }
  const data = () => (r.chance(0.5) ? [r.pick(groups)] : r.sample(leaves, 1 + r.int(3)));
  for (let k = 0; k < 10; k++) {
    const id = `m${m}_r${k}`;
    const kind = k % 5;
    if (kind === 0) out.push({ kind: "rule", effect: "allow", action: "share", data: data(), to: r.sample(["affiliates", "vendors"], 1 + r.int(2)), when: ["consent"], as: id, text: sentence(r, 12) });
    else if (kind === 1) out.push({ kind: "rule", effect: "deny", action: "sell", data: data(), to: ["anyone"], as: id });
    else if (kind === 2)
      out.push({
        kind: "rule",
        effect: "deny",
        action: "share",
        data: data(),
        to: ["partners"],
        for: ["mkt"],
        as: id,
        except: [
          { kind: "rule", effect: "allow", to: ["partners.retail"], when: ["recipient_consent", "consent"] },
          { kind: "rule", effect: "allow", when: ["required_by_law"] },
        ],
      });
    else if (kind === 3) out.push({ kind: "rule", effect: "allow", action: "transfer", data: data(), to: ["vendors.cloud"], for: [r.pick(["svc.core", "svc.support"])], when: ["in EU"], as: id });
    else out.push({ kind: "rule", effect: "allow", action: "use", data: data(), for: [r.pick(PURPOSE_LEAVES)], when: ["consent", "not minor"], as: id });
  }
  out.push({ kind: "assert", mode: "never", action: "sell", data: [groups[0]!], to: ["anyone"] });
  for (let k = 0; k < 5; k++) out.push({ kind: "security", id: `m${m}_sec${k}`, label: `Security ${m}.${k}`, fields: [["measures", "texts", [sentence(r, 3), sentence(r, 4)]]] });
  for (let k = 0; k < 19; k++) out.push({ kind: "section", id: `m${m}_s${k}`, label: sentence(r, 4).slice(0, -1), fields: [["prose", "text", `${sentence(r, 18)} ${sentence(r, 14)}`]] });
  if (out.length !== MODULE_SIZE) throw new Error(`module of ${out.length} declarations`);
  return out;
}

function coreDecls(groups: readonly string[], r: Rng): Decl[] {
  const out: Decl[] = [
    {
      kind: "policy",
      id: "big",
      label: "Big Co. Privacy Policy",
      fields: [
        ["version", "text", "1.0"],
        ["effective", "date", "2024-01-01"],
        ["jurisdictions", "words", ["EU", "US-CA"]],
        ["languages", "words", ["en"]],
        ["authority", "text", "The Data Protection Commission"],
      ],
    },
  ];
  for (const p of PURPOSES) {
    const uses = p.uses ? r.sample(groups, Math.max(1, Math.round(groups.length * 0.3))) : [];
    out.push({ kind: "purpose", id: p.id, label: p.label, fields: [...p.fields, ...(uses.length ? ([["uses", "refs", uses]] as Field[]) : [])], ...(p.basisIn ? { basisIn: p.basisIn } : {}) });
  }
  for (const [id, label, fields] of RECIPIENTS) out.push({ kind: "recipient", id, label, fields });
  out.push({ kind: "audience", id: "minors", label: "Children", fields: [["age_under", "number", 16], ["collect", "bool", false], ["marketing", "bool", false]] });
  if (out.length !== CORE_SIZE) throw new Error(`core of ${out.length} declarations`);
  return out;
}

/** A corpus of exactly `n` declarations (n > CORE_SIZE). */
export function corpus(n: number, seed = 1): Corpus {
  if (n <= CORE_SIZE) throw new Error(`a corpus needs more than ${CORE_SIZE} declarations`);
  const modules: Decl[][] = [];
  let left = n - CORE_SIZE;
  for (let m = 0; left > 0; m++) {
    const mod = moduleDecls(m, rng(seed * 7919 + m));
    modules.push(mod.slice(0, Math.min(MODULE_SIZE, left)));
    left -= MODULE_SIZE;
  }
  const groups = modules.flatMap((mod) => mod.filter((d) => d.kind === "category" && !d.id.includes(".")).map((d) => (d as { id: string }).id));
  const core = coreDecls(groups, rng(seed));
  return { decls: [...core, ...modules.flat()], core, modules };
}

// ---- .policy text ------------------------------------------------------------------------------

const q = (s: string) => JSON.stringify(s);

function value(kind: Kind, v: Field[2]): string {
  switch (kind) {
    case "text":
      return q(v as string);
    case "texts":
      return (v as string[]).map(q).join(", ");
    case "refs":
    case "words":
      return (v as string[]).join(", ");
    case "bool":
      return v ? "yes" : "no";
    default:
      return String(v);
  }
}

function ruleText(d: RuleDecl, indent: string): string {
  const parts: string[] = [d.effect];
  if (d.action) parts.push(d.action);
  if (d.data) parts.push(d.data.join(", "));
  if (d.to) parts.push(`${d.action === "share" || !d.action ? "with" : "to"} ${d.to.join(", ")}`);
  if (d.for) parts.push(`for ${d.for.join(", ")}`);
  if (d.when) parts.push(`when ${d.when.join(", ")}`);
  if (d.as) parts.push(`as ${d.as}`);
  let s = indent + parts.join(" ");
  if (d.text) s += `\n${indent}  ${q(d.text)}`;
  if (d.except) s += ` except {\n${d.except.map((e) => ruleText(e, indent + "  ")).join("\n")}\n${indent}}`;
  return s;
}

export function declText(d: Decl): string {
  if (d.kind === "rule") return ruleText(d, "");
  if (d.kind === "assert") return `assert never ${d.action} ${d.data.join(", ")}${d.to ? ` to ${d.to.join(", ")}` : ""}`;
  const lines = d.fields.map(([name, kind, v]) => `  ${name} ${value(kind, v)}`);
  if (d.kind === "purpose" && d.basisIn) {
    const [base, variant] = d.basisIn;
    lines.unshift(`  basis ${base} { ${variant} }`);
  }
  if (d.kind === "policy") lines.unshift(`  controller "Big Co." { legal_name "Big Co. Ltd."  email "privacy@big.example" }`, `  dpo { email "dpo@big.example" }`);
  return `${d.kind} ${d.id} ${q(d.label)}${lines.length ? ` {\n${lines.join("\n")}\n}` : ""}`;
}

/** The whole corpus as one `.policy` file. */
export function policyOneFile(c: Corpus): string {
  return c.decls.map(declText).join("\n") + "\n";
}

/**
 * The corpus as files: `root.policy` (the header and the imports), `core.policy` (purposes,
 * recipients, audience) and one `m<k>.policy` per module. Paths are relative to one folder.
 */
export function policyFiles(c: Corpus): Map<string, string> {
  const files = new Map<string, string>();
  const [header, ...rest] = c.core;
  const imports = ["core", ...c.modules.map((_, m) => `m${m}`)].map((f) => `import "./${f}.policy"`);
  files.set("root.policy", `${imports.join("\n")}\n${declText(header!)}\n`);
  files.set("core.policy", rest.map(declText).join("\n") + "\n");
  c.modules.forEach((mod, m) => files.set(`m${m}.policy`, mod.map(declText).join("\n") + "\n"));
  return files;
}

// ---- the same declarations as data (YAML, JSON) -------------------------------------------------

function ruleData(d: RuleDecl): Record<string, unknown> {
  const o: Record<string, unknown> = { [d.effect]: d.action ?? null };
  if (d.data) o["data"] = d.data;
  if (d.to) o["to"] = d.to;
  if (d.for) o["for"] = d.for;
  if (d.when) o["when"] = d.when;
  if (d.as) o["as"] = d.as;
  if (d.text) o["text"] = d.text;
  if (d.except) o["except"] = d.except.map(ruleData);
  return o;
}

export function declData(d: Decl): Record<string, unknown> {
  if (d.kind === "rule") return ruleData(d);
  if (d.kind === "assert") return { assert: d.mode, action: d.action, data: d.data, ...(d.to ? { to: d.to } : {}) };
  const o: Record<string, unknown> = { [d.kind]: d.id, label: d.label };
  if (d.kind === "purpose" && d.basisIn) o["basis"] = { default: d.basisIn[0], [d.basisIn[1].split(" ")[0]!]: d.basisIn[1].split(" ")[1] };
  if (d.kind === "policy") o["controller"] = { name: "Big Co.", legal_name: "Big Co. Ltd.", email: "privacy@big.example" };
  if (d.kind === "policy") o["dpo"] = { email: "dpo@big.example" };
  for (const [name, , v] of d.fields) o[name] = v;
  return o;
}

export function yamlText(c: Corpus): string {
  return dump(c.decls.map(declData), { lineWidth: 120, noRefs: true });
}

export function jsonText(c: Corpus): string {
  return JSON.stringify(c.decls.map(declData), null, 2) + "\n";
}

if (/[\\/]corpus\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  const n = Number(process.argv[2] ?? 1000);
  const format = process.argv[3] ?? "policy";
  const c = corpus(n);
  process.stdout.write(format === "yaml" ? yamlText(c) : format === "json" ? jsonText(c) : policyOneFile(c));
}
