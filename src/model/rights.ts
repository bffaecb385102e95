/**
 * Rights derived from the declared jurisdictions (as PolicyStack does): a policy that declares
 * the EU, the EEA or the UK, or a place within them (`DE`), gets the GDPR rights of Art. 15-22 and 7(3) and 77; one that declares
 * California gets the CCPA/CPRA rights. A right the policy declares itself (same `type`) replaces
 * the derived one, so the wording of how to exercise it is the policy's own.
 */
import type { Right, RightType, Rule, SourceRef } from "./types.js";
import { BUSINESS_REGIONS, COUNTRY_CODES, US_SUBDIVISIONS } from "./codes.js";

interface Template {
  readonly type: RightType;
  readonly label: string;
}

const GDPR: readonly Template[] = [
  { type: "access", label: "Right of access (GDPR Art. 15)" },
  { type: "rectification", label: "Right to rectification (GDPR Art. 16)" },
  { type: "erasure", label: "Right to erasure (GDPR Art. 17)" },
  { type: "restriction", label: "Right to restriction of processing (GDPR Art. 18)" },
  { type: "portability", label: "Right to data portability (GDPR Art. 20)" },
  { type: "objection", label: "Right to object (GDPR Art. 21)" },
  { type: "withdraw_consent", label: "Right to withdraw consent at any time (GDPR Art. 7(3))" },
  { type: "complain", label: "Right to lodge a complaint with a supervisory authority (GDPR Art. 77)" },
];

const CCPA: readonly Template[] = [
  { type: "know", label: "Right to know what personal information is collected (Cal. Civ. Code 1798.110)" },
  { type: "delete", label: "Right to delete personal information (Cal. Civ. Code 1798.105)" },
  { type: "correct", label: "Right to correct inaccurate personal information (Cal. Civ. Code 1798.106)" },
  { type: "opt_out_sale", label: "Right to opt out of sale or sharing (Cal. Civ. Code 1798.120)" },
  { type: "limit_sensitive", label: "Right to limit use of sensitive personal information (Cal. Civ. Code 1798.121)" },
  { type: "non_discrimination", label: "Right to non-discrimination (Cal. Civ. Code 1798.125)" },
];

/** A right's name without its citation: "Right of access" for "Right of access (GDPR Art. 15)". */
export function uncited(label: string): string {
  return label.replace(/ \((?:[^()]|\([^()]*\))*\)$/, "");
}

/** The name a law gives a right of this type, in English (`Right of access (GDPR Art. 15)`); none for a type no law here names. */
export function rightTypeLabel(type: RightType): string | undefined {
  return [...GDPR, ...CCPA].find((t) => t.type === type)?.label;
}

/** The right types only the CCPA gives (their GDPR counterparts have types of their own). */
export const CCPA_ONLY_RIGHTS: ReadonlySet<RightType> = new Set(CCPA.map((t) => t.type));

export const GDPR_JURISDICTIONS = new Set(["EU", "EEA", "UK"]);
export const CCPA_JURISDICTIONS = new Set(["US-CA"]);

/**
 * Whether the GDPR (or the UK GDPR) is the law of a jurisdiction: the EU, the EEA, the UK, or a
 * place within them (`DE`, `DE-BY`, `NO`, `GB`). A policy for Germany alone owes the same
 * notice as one for the whole EU.
 */
export const gdprApplies = (jurisdiction: string): boolean => regionsOf(jurisdiction).some((j) => GDPR_JURISDICTIONS.has(j));
/** Whether the CCPA is the law of a jurisdiction: California, or a place within it. */
export const ccpaApplies = (jurisdiction: string): boolean => regionsOf(jurisdiction).some((j) => CCPA_JURISDICTIONS.has(j));

export function derivedRights(jurisdictions: readonly string[], declared: readonly Right[], at: SourceRef): Right[] {
  const have = new Set(declared.map((r) => r.type).filter((t) => t !== null));
  const out: Right[] = [];
  const add = (set: readonly Template[], jurisdiction: string, prefix: string) => {
    for (const t of set) {
      if (have.has(t.type)) continue;
      have.add(t.type);
      out.push({
        id: `${prefix}.${t.type}`,
        label: { text: t.label, translations: {} },
        type: t.type,
        how: null,
        url: null,
        prose: null,
        derived: true,
        jurisdiction,
        sourceRef: at,
      });
    }
  };
  const gdpr = jurisdictions.find(gdprApplies);
  if (gdpr) add(GDPR, gdpr, "gdpr");
  const ccpa = jurisdictions.find(ccpaApplies);
  if (ccpa) add(CCPA, ccpa, "ccpa");
  return out;
}

/**
 * The jurisdiction of the policy whose law gives a right of this type (the GDPR's for `access`,
 * the CCPA's for `know`), or null for a right no law of the policy names (`opt_out_marketing`).
 */
export function lawOfRight(type: RightType | null, jurisdictions: readonly string[]): string | null {
  if (type === null) return null;
  if (GDPR.some((t) => t.type === type)) return jurisdictions.find(gdprApplies) ?? null;
  if (CCPA.some((t) => t.type === type)) return jurisdictions.find(ccpaApplies) ?? null;
  return null;
}

/**
 * Places with an ISO 3166-1 code of their own that are part of a country whose law applies there:
 * the EU's outermost regions and Åland, the Spanish places ISO reserves a code for, and the
 * territories of the United States (also its subdivisions, `US-PR`).
 */
const TERRITORIES: ReadonlyMap<string, string> = new Map([
  ["GF", "FR"], ["GP", "FR"], ["MQ", "FR"], ["RE", "FR"], ["YT", "FR"], ["MF", "FR"],
  ["AX", "FI"], ["EA", "ES"], ["IC", "ES"],
  ["PR", "US"], ["GU", "US"], ["VI", "US"], ["AS", "US"], ["MP", "US"], ["UM", "US"],
]);

/**
 * Subdivision codes of territories outside the EU that have an ISO 3166-1 code of their own
 * (ISO 3166-2 lists French Polynesia as `FR-PF`, Aruba as `NL-AW`, Greenland as `DK-GL`): each is
 * the same place as that code, so neither is in the country's jurisdictions (nor the EU) where the
 * other is not.
 */
export const TERRITORY_SUBDIVISIONS: ReadonlyMap<string, string> = new Map([
  ["FR-BL", "BL"], ["FR-NC", "NC"], ["FR-PF", "PF"], ["FR-PM", "PM"], ["FR-TF", "TF"], ["FR-WF", "WF"], ["FR-CP", "CP"],
  ["NL-AW", "AW"], ["NL-CW", "CW"], ["NL-SX", "SX"], ["DK-FO", "FO"], ["DK-GL", "GL"],
  // Bonaire, Sint Eustatius and Saba are each in `BQ`; Svalbard and Jan Mayen each in `SJ`
  // (outside the EEA, as `SJ` is)
  ["NL-BQ1", "BQ"], ["NL-BQ2", "BQ"], ["NL-BQ3", "BQ"], ["NO-21", "SJ"], ["NO-22", "SJ"],
]);

/** The subdivision that is the same place as a territory, where one is (`PF` is `FR-PF`; `BQ` holds three). */
const SUBDIVISION_OF_TERRITORY: ReadonlyMap<string, string> = new Map(
  [...TERRITORY_SUBDIVISIONS]
    .filter(([, code]) => [...TERRITORY_SUBDIVISIONS.values()].filter((c) => c === code).length === 1)
    .map(([sub, code]) => [code, sub]),
);

/** The member states of the European Union (ISO 3166-1 alpha-2). */
const EU_MEMBERS = ["AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT", "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK"];

/**
 * The jurisdictions a place lies in, itself included: a member state is in the EU and the EEA,
 * the EU in the EEA, Iceland, Liechtenstein and Norway in the EEA, GB in the UK, a subdivision
 * (`DE-BY`, `US-CA`) in its country. A service that
 * says where a person is (`jurisdiction: "DE"`) meets the policy's `in EU` rules.
 */
export function regionsOf(place: string): string[] {
  // a territory outside the EU is the same place under its own code and as a subdivision
  // (`PF` and `FR-PF`), in neither its country nor the EU
  const territory = TERRITORY_SUBDIVISIONS.get(place);
  if (territory !== undefined) return [place, territory];
  const subdivision = SUBDIVISION_OF_TERRITORY.get(place);
  if (subdivision !== undefined) return [place, subdivision];
  // a subdivision (`DE-BY`, `US-CA`) is in its country, and in what its country is in
  const dash = place.indexOf("-");
  if (dash > 0) {
    // a territory of the United States is the same place as a subdivision (`US-PR`) and as a
    // country (`PR`)
    const sub = place.slice(dash + 1);
    const same = place.slice(0, dash) === "US" && TERRITORIES.get(sub) === "US" ? [sub] : [];
    return [place, ...same, ...regionsOf(place.slice(0, dash))];
  }
  // a territory with a code of its own that is part of a country (`GF`, French Guiana, is France
  // and so in the EU; `PR` is in the United States, and `US-PR`)
  const country = TERRITORIES.get(place);
  if (country !== undefined) return [place, ...(country === "US" ? [`US-${place}`] : []), ...regionsOf(country)];
  const out = [place];
  if (EU_MEMBERS.includes(place)) out.push("EU", "EEA");
  else if (place === "EU" || place === "IS" || place === "LI" || place === "NO") out.push("EEA");
  else if (place === "GB") out.push("UK");
  return out;
}

/** What a jurisdiction given to the guards looks like: `DE`, `EU`, `US-CA`, `APAC`: upper case, without spaces. */
export const JURISDICTION_PATTERN = "^[A-Z][A-Z0-9]{1,9}(?:-[A-Z0-9]{1,8})?$";
export const JURISDICTION_CODE = new RegExp(JURISDICTION_PATTERN, "u");

/** The jurisdictions the rules' conditions name (`when in EU`), their exceptions' too. */
export function placesInRules(rules: readonly Rule[], out: Set<string> = new Set()): Set<string> {
  for (const r of rules) {
    for (const l of r.conditions) if (l.atom.startsWith("in:")) out.add(l.atom.slice(3));
    placesInRules(r.exceptions, out);
  }
  return out;
}

/**
 * The regions a context may name that hold places the rules tell apart (`US` where a rule names
 * `US-CA`, `EU` where one names `DE`), each with the sets of `jurisdictions` (the decision table's
 * `in:` atoms) a person there may be in: the region's own first (somewhere in it, in none of those
 * places), then each such place's. Only regions with more than one set: for the others, the
 * place is known well enough. The guards and the reference both read contexts by it.
 */
export function regionsHoldingPlaces(jurisdictions: readonly string[], named: ReadonlySet<string>): Map<string, string[][]> {
  const within = (place: string) => regionsOf(place).filter((j) => jurisdictions.includes(j)).sort();
  const out = new Map<string, string[][]>();
  for (const place of [...named].sort()) {
    for (const region of regionsOf(place)) {
      if (region === place) continue;
      const sets = out.get(region) ?? [within(region)];
      if (!sets.some((s) => s.join(" ") === within(place).join(" "))) sets.push(within(place));
      out.set(region, sets);
    }
  }
  // a region of the business's own (`EMEA`) holds countries policyc does not know: a person in it
  // may be in any place the rules name
  for (const region of jurisdictions.filter((j) => BUSINESS_REGIONS.has(j) && !named.has(j))) {
    const own = within(region);
    const sets = [own];
    for (const place of [...named].sort()) {
      const set = [...new Set([...own, ...within(place)])].sort();
      if (!sets.some((s) => s.join(" ") === set.join(" "))) sets.push(set);
    }
    out.set(region, sets);
  }
  return new Map([...out].filter(([, sets]) => sets.length > 1).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/** The codes of places a context may name: the countries and territories, and the regions whose law policyc checks. */
export const KNOWN_PLACE_CODES: ReadonlySet<string> = new Set([...COUNTRY_CODES, "EU", "EEA", "UK"]);

/** How the guards read places, for one policy: `read` a context's code, and the `regions` it may name. */
export interface PlaceReader {
  /**
   * A place code given in a context: null for one that names no place policyc knows (`USA`, `XX`,
   * `T1`; `EMEA` unless the jurisdictions have it): where the person is is then not known; else
   * the code whose region (`regions`) the person is in: the code itself, `US` for a state of the
   * United States that does not exist (`US-XX`), or the country of a subdivision that no
   * jurisdiction is, where the rules tell places in that country apart.
   */
  read(code: string): string | null;
  /** regionsHoldingPlaces of the policy's jurisdictions and the places its rules name. */
  readonly regions: ReadonlyMap<string, string[][]>;
}

/** The reader of place codes for `jurisdictions` (the decision table's `in:` places) and the places the rules name. */
export function placeReader(jurisdictions: readonly string[], named: ReadonlySet<string>): PlaceReader {
  const within = placesWithin(jurisdictions);
  const regions = regionsHoldingPlaces(jurisdictions, named);
  const read = (code: string): string | null => {
    // a territory outside the EU written as a subdivision (`FR-PF`) is read as the territory
    const territory = within.has(code) ? undefined : TERRITORY_SUBDIVISIONS.get(code);
    if (territory !== undefined) return read(territory);
    const dash = code.indexOf("-");
    const country = dash > 0 ? code.slice(0, dash) : code;
    if (!within.has(code) && !within.has(country) && !KNOWN_PLACE_CODES.has(country)) return null;
    // a US state written the other way round (`CA-US` for `US-CA`) is a mistake, not a place in
    // Canada: no place
    if (dash > 0 && !within.has(code) && code.slice(dash + 1) === "US" && US_SUBDIVISIONS.has(country)) return null;
    // a subdivision no jurisdiction is (`DE-BE`, `EU-DE`, `FR-973`) of a region that holds
    // places the rules tell apart is somewhere in that region: policyc knows the subdivisions of
    // the US only, and a US state that does not exist (`US-XX`) is somewhere in the US
    if (dash > 0 && !within.has(code)) {
      if (country === "US") return US_SUBDIVISIONS.has(code.slice(dash + 1)) ? code : "US";
      if (regions.has(country)) return country;
    }
    return code;
  };
  return { read, regions };
}

/** Every place the guards map to a jurisdiction of their own (regionsOf), for the policy's `jurisdictions`. */
export function placesWithin(jurisdictions: readonly string[]): Map<string, string[]> {
  const usTerritories = [...TERRITORIES].filter(([, c]) => c === "US").map(([t]) => `US-${t}`);
  const places = new Set<string>([
    ...jurisdictions,
    ...EU_MEMBERS,
    ...TERRITORIES.keys(),
    ...usTerritories,
    ...[...TERRITORY_SUBDIVISIONS].flat(),
    "EU",
    "EEA",
    "IS",
    "LI",
    "NO",
    "GB",
    "UK",
  ]);
  const out = new Map<string, string[]>();
  for (const place of [...places].sort()) {
    const within = regionsOf(place).filter((j) => jurisdictions.includes(j));
    if (within.length > 0) out.set(place, within);
  }
  return out;
}

