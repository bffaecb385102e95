/**
 * Deterministic generator of the synthetic policy of the guard benchmark: `categories` leaf data
 * categories (in groups of 5), 10 leaf purposes with every kind of legal basis and consent mode,
 * 8 leaf recipients (some needing their own consent), an audience of minors, and `rules`
 * allow/deny statements with conditions (consent, explicit and recipient consent, laws,
 * jurisdictions, minors) and exceptions. The base is 20 x 10 x 8 with 40 rules; the scaling
 * benchmark uses 10x the categories and rules (200 x 10 x 8, 400 rules).
 *
 *   npx tsx bench/synthetic.ts [categories] [rules]   # prints the policy
 */
import { rng } from "./lib/random.js";

export interface SyntheticOptions {
  readonly categories?: number;
  readonly rules?: number;
  readonly seed?: number;
}

const PURPOSES = [
  `purpose svc "Providing the service" { basis contract }`,
  `purpose svc.core "Core service"  { basis contract  uses USES }`,
  `purpose svc.support "Customer support" { basis contract  uses USES }`,
  `purpose mkt "Marketing" { marketing yes }`,
  `purpose mkt.email "Email newsletter" {
  basis consent_or_no_objection { EU explicit_consent }
  consent opt_in
  uses USES
  channels email
  excludes minors
  marketing yes
  withdraw "Use the unsubscribe link."
}`,
  `purpose mkt.ads "Interest-based advertising" {
  basis consent
  consent opt_out
  uses USES
  profiling yes
  marketing yes
  opt_out "Use the advertising opt-out."
}`,
  `purpose mkt.promo "Promotions" {
  basis consent
  consent opt_in
  uses USES
  channels sms, push
  marketing yes
  withdraw "Reply STOP."
}`,
  `purpose ana "Analytics"`,
  `purpose ana.usage "Usage analytics" { basis legitimate_interests  interest "improving the product"  consent opt_out  uses USES  opt_out "Settings > Privacy." }`,
  `purpose ana.product "Product statistics" { basis legitimate_interests  interest "product planning"  uses USES }`,
  `purpose legal_records "Legal records" { basis legal_obligation  uses USES }`,
  `purpose fraud "Fraud prevention" { basis legitimate_interests  interest "security"  uses USES }`,
  `purpose social "Social features" { basis consent  consent opt_in  uses USES  withdraw "Unlink the account." }`,
];

const RECIPIENTS = [
  `recipient affiliates "Affiliated companies" { type affiliate }`,
  `recipient vendors "Service providers" { type processor  safeguards "data processing agreements" }`,
  `recipient vendors.cloud "Cloud hosting"`,
  `recipient vendors.payments "Payment processors"`,
  `recipient partners "Business partners" { type partner  needs_consent yes }`,
  `recipient partners.ads "Advertising partners" { type advertiser }`,
  `recipient partners.retail "Retail partners"`,
  `recipient authorities "Public authorities" { type authority }`,
  `recipient social_net "Social network" { type social  needs_consent yes }`,
  `recipient brokers "Data brokers" { type partner }`,
];
const RECIPIENT_REFS = ["affiliates", "vendors", "vendors.cloud", "vendors.payments", "partners", "partners.ads", "partners.retail", "authorities", "social_net", "brokers"];
const RECIPIENT_CHILDREN: Record<string, string[]> = { vendors: ["vendors.cloud", "vendors.payments"], partners: ["partners.ads", "partners.retail"] };
const PURPOSE_REFS = ["svc", "svc.core", "svc.support", "mkt", "mkt.email", "mkt.ads", "mkt.promo", "ana", "ana.usage", "ana.product", "legal_records", "fraud", "social"];
const PURPOSE_CHILDREN: Record<string, string[]> = {
  svc: ["svc.core", "svc.support"],
  mkt: ["mkt.email", "mkt.ads", "mkt.promo"],
  ana: ["ana.usage", "ana.product"],
};
const CONDITIONS = ["consent", "explicit_consent", "recipient_consent", "required_by_law", "permitted_by_law", "at_request", "anonymised", "aggregated", "in EU", "in US-CA"];

/** The `.policy` text of the synthetic policy. */
export function syntheticPolicy(options: SyntheticOptions = {}): string {
  const nCat = options.categories ?? 20;
  const nRules = options.rules ?? 40;
  const r = rng(options.seed ?? 20240601);
  const out: string[] = [];
  out.push(`// Synthetic policy for the guard benchmark: ${nCat} categories x 10 purposes x 8 recipients, ${nRules} rules.`);
  out.push(`policy synth "Synthetic Co. Privacy Policy" {
  controller "Synthetic Co." { email "privacy@synthetic.example" }
  version "1.0"
  jurisdictions EU, US-CA
  languages en
}`);
  // categories: groups of 5 leaves
  const groups: string[] = [];
  const leaves: string[] = [];
  // purposes use only non-sensitive data (sensitive data is for rules), so that the policy checks
  // without errors (PC3006)
  const usable: string[] = [];
  const usableLeaves: string[] = [];
  const classes = ["personal", "personal", "sensitive", "pseudonymous", "personal"];
  for (let g = 0; g * 5 < nCat; g++) {
    const gid = `g${g}`;
    groups.push(gid);
    const cls = classes[g % classes.length]!;
    if (cls !== "sensitive") usable.push(gid);
    out.push(`category ${gid} "Data group ${g}" { class ${cls}  source ${g % 2 ? "automatic" : "provided"} }`);
    for (let c = 0; c < 5 && g * 5 + c < nCat; c++) {
      leaves.push(`${gid}.c${c}`);
      if (cls !== "sensitive") usableLeaves.push(`${gid}.c${c}`);
      out.push(`category ${gid}.c${c} "Item ${c} of group ${g}"`);
    }
  }
  /** Data for a rule; allows only name non-sensitive data (PC3006). */
  const dataRef = (forAllow = false): string => {
    const gs = forAllow ? usable : groups;
    const ls = forAllow ? usableLeaves : leaves;
    const k = r.int(10);
    if (k < 4) return r.pick(ls);
    if (k < 8) return r.pick(gs);
    if (k < 9 || forAllow) return r.sample([...gs, ...ls], 2 + r.int(2)).join(", ");
    return r.pick(["personal", "sensitive"]);
  };
  // purposes use a random quarter of the groups plus a few leaves
  for (const p of PURPOSES) {
    out.push(p.replace("USES", () => [...r.sample(usable, Math.max(1, Math.round(groups.length / 4))), ...r.sample(usableLeaves, 2)].join(", ")));
  }
  out.push(...RECIPIENTS);
  out.push(`audience minors "Children" { age_under 16  collect no  marketing no }`);

  const conds = (max: number, pool: readonly string[] = CONDITIONS): string => {
    const n = r.int(max + 1);
    if (n === 0) return "";
    const picked = r.sample(pool, n).map((c) => (!c.startsWith("not ") && r.chance(0.25) ? `not ${c}` : c));
    return ` when ${picked.join(", ")}`;
  };
  const recipients = (): string => r.sample(RECIPIENT_REFS, 1 + r.int(3)).join(", ");
  const purposes = (): string => (r.chance(0.4) ? "" : ` for ${r.sample(PURPOSE_REFS, 1 + r.int(3)).join(", ")}`);

  for (let i = 0; i < nRules; i++) {
    const kind = r.int(10);
    const id = ` as r${i}`;
    if (kind < 4) {
      // allow a flow under conditions
      const action = r.pick(["share", "share", "transfer", "sell"]);
      out.push(`allow ${action} ${dataRef(true)} ${action === "share" ? "with" : "to"} ${recipients()}${purposes()}${conds(3)}${id}`);
    } else if (kind < 6) {
      // allow collect/use under conditions
      const action = r.pick(["collect", "use"]);
      out.push(`allow ${action} ${dataRef(true)}${purposes()}${conds(2)}${id}`);
    } else if (kind < 8) {
      // a deny with exceptions: a member of a group, or the law
      const group = r.pick(["partners", "vendors"]);
      const member = r.pick(RECIPIENT_CHILDREN[group]!);
      const action = r.pick(["share", "sell", "transfer"]);
      const prep = action === "share" ? "with" : "to";
      const purp = r.chance(0.5) ? ` for ${r.pick(Object.keys(PURPOSE_CHILDREN))}` : "";
      out.push(`deny ${action} ${dataRef(true)} ${prep} ${group}${purp}${conds(1, ["not consent", "minor", "not in EU"])}${id} except {
  allow ${prep} ${member} when recipient_consent${r.chance(0.5) ? ", consent" : ""}
  allow when required_by_law
}`);
    } else if (kind < 9) {
      // a deny on a use, with a nested exception chain
      const p = r.pick(Object.keys(PURPOSE_CHILDREN));
      const sub = r.pick(PURPOSE_CHILDREN[p]!);
      out.push(`deny use ${dataRef(true)} for ${p}${id} except allow for ${sub} when consent, not minor except deny when in EU, not explicit_consent`);
    } else {
      // a plain deny
      const action = r.pick(["sell", "share", "transfer"]);
      out.push(`deny ${action} ${dataRef()} ${action === "share" ? "with" : "to"} ${recipients()}${purposes()}${conds(2, ["minor", "not consent", "in US-CA", "not at_request"])}${id}`);
    }
  }
  return out.join("\n") + "\n";
}

if (/[\\/]synthetic\.(ts|mjs)$/.test(process.argv[1] ?? "")) {
  const [c, n] = process.argv.slice(2).map(Number);
  process.stdout.write(syntheticPolicy({ ...(c ? { categories: c } : {}), ...(n ? { rules: n } : {}) }));
}
