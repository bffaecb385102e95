/**
 * What policyc knows of places by their names and codes: the countries (ISO 3166-1 alpha-2, by
 * the runtime's English region names), the subdivisions of the United States (ISO 3166-2:US),
 * the regions whose law it checks, the regions businesses name, and other ways of writing a
 * country. The model builder reports jurisdictions by it (PC2013's help, PC2018, PC2020's help,
 * PC2024, PC2025), and `explain` the places it is asked about.
 *
 * Pipeline position: beside rights.ts, read by the model builder and by explain.
 */
import { CCPA_JURISDICTIONS, GDPR_JURISDICTIONS } from "./rights.js";
import { BUSINESS_REGIONS, US_SUBDIVISIONS } from "./codes.js";
import { editDistance } from "../util/suggest.js";

/** A place policyc can name: its code as the guards are given it, and its English name. */
export interface Place {
  readonly code: string;
  readonly name: string;
}

/**
 * Why a jurisdiction written as a code is taken for no place, and the places it most likely
 * means (none, one, or several that share a name: Georgia the country and the US state).
 * `country`: neither a country nor a region policyc knows (PC2024). `subdivision`: a country's
 * subdivision that does not exist, or one written the wrong way round (PC2025).
 */
export type PlaceProblem =
  | { readonly kind: "country"; readonly meant: readonly Place[] }
  | { readonly kind: "subdivision"; readonly reason: string; readonly meant: readonly Place[] };

/**
 * A jurisdiction that is neither a region policyc knows nor a country (ISO 3166-1 alpha-2 by the
 * runtime's region names), when it reads as one meant: two or three letters (`XX`, `GER`,
 * `USA`), or a country or a US state written out (`GERMANY`, `CALIFORNIA`); with the place it
 * most likely means. Or a subdivision of a country that is none (`US-XX`, `CA-US`): policyc
 * knows the subdivisions of the United States only, and takes any other country's.
 */
export function unknownPlace(name: string): PlaceProblem | undefined {
  const dash = name.indexOf("-");
  const country = dash < 0 ? name : name.slice(0, dash);
  const subdivision = dash < 0 ? undefined : name.slice(dash + 1);
  if (KNOWN_JURISDICTIONS.includes(name) || KNOWN_REGIONS.has(country) || BUSINESS_REGIONS.has(country)) return undefined;
  if (countryName(country) !== undefined) return subdivision === undefined ? undefined : unknownSubdivision(country, subdivision);
  const letters = country.replace(/[^A-Z]/g, "");
  const alias = OTHER_SPELLINGS.get(letters);
  const byPrefix = letters.length >= 3 ? countries().filter((c) => c.key.startsWith(letters)) : [];
  // `NY` is no country, but New York's code within the United States
  const state = letters.length === 2 && subdivision === undefined && US_SUBDIVISIONS.has(letters) ? [usSubdivision(letters)] : [];
  const named = placesNamed(letters);
  const meant: readonly Place[] = alias !== undefined ? [{ code: alias, name: countryName(alias) ?? alias }] : named.length > 0 ? named : byPrefix.length === 1 ? byPrefix : state;
  if (country.length > 3 && meant.length === 0) return undefined; // `APAC`, `EMEA`: a region of the policy's own
  // a subdivision stays with the country meant (`GER-BY`: `DE-BY`); a state has none
  const within = (p: Place): Place => {
    if (subdivision === undefined || p.code.includes("-")) return p;
    const code = `${p.code}-${subdivision}`;
    return { code, name: placeName(code) ?? p.name };
  };
  return { kind: "country", meant: meant.map(within) };
}

/** `US-XX` (no such state), `US-TEXAS` (a state written out), `CA-US` (California the wrong way round). */
function unknownSubdivision(country: string, subdivision: string): PlaceProblem | undefined {
  if (country === "US") {
    if (US_SUBDIVISIONS.has(subdivision)) return undefined;
    const byName = placesNamed(subdivision).filter((p) => p.code.startsWith("US-"));
    const byPrefix = subdivision.length >= 3 ? [...US_SUBDIVISIONS.keys()].filter((s) => key(US_SUBDIVISIONS.get(s)!).startsWith(subdivision)).map(usSubdivision) : [];
    return {
      kind: "subdivision",
      reason: `the United States has no subdivision \`${subdivision}\` (ISO 3166-2:US)`,
      meant: byName.length > 0 ? byName : byPrefix.length === 1 ? byPrefix : [],
    };
  }
  if (subdivision === "US" && US_SUBDIVISIONS.has(country)) {
    return { kind: "subdivision", reason: `it reads as \`US-${country}\` with the country and the subdivision swapped`, meant: [usSubdivision(country)] };
  }
  return undefined;
}

/**
 * The places a name spells out, by its capital letters alone (`California`, `new_york`,
 * `UNITED_STATES`, `US_California`): a country by its English name or another common spelling,
 * a US state or territory by its name. A territory with a country code of its own (Puerto Rico,
 * `PR`) is that code; a name two places share (Georgia) gives both.
 */
export function placesNamed(name: string): Place[] {
  const letters = key(name);
  if (letters.length < 4) return [];
  const alias = OTHER_SPELLINGS.get(letters);
  const out: Place[] = alias !== undefined ? [{ code: alias, name: countryName(alias) ?? alias }] : countries().filter((c) => c.key === letters);
  const stateKey = letters.startsWith("US") && US_BY_NAME.has(letters.slice(2)) ? letters.slice(2) : letters;
  const state = US_BY_NAME.get(stateKey);
  // an outlying area named as a country (`PR`) is not offered again as `US-PR`
  if (state !== undefined && !out.some((p) => p.code === state)) out.push(usSubdivision(state));
  return out;
}

/** `did you mean \`US-CA\` (California)?`, naming which is which where places share a name. */
export function meantHelp(meant: readonly Place[], prefix = ""): string {
  const shared = meant.length > 1 && meant.every((p) => p.name === meant[0]!.name);
  const named = meant.map((p) => `\`${prefix}${p.code}\` (${p.name}${shared ? (p.code.startsWith("US-") ? ", the US state" : ", the country") : ""})`);
  return `did you mean ${named.join(" or ")}?`;
}

/**
 * PC2013's help: the jurisdiction a condition on an undeclared place was meant to be. A near
 * miss of one policyc knows (`EUU`), a declared one in another case, a declared subdivision the
 * place is the namesake of (`in CA`, Canada, where the policy declares `US-CA`, California), or
 * the place a name spells (`in CALIFORNIA`).
 */
export function undeclaredHelp(name: string, declared: readonly string[]): string | undefined {
  const meant = meantJurisdiction(name) ?? declared.find((j) => j.toUpperCase() === name.toUpperCase());
  if (meant !== undefined) return `did you mean \`${meant}\`?`;
  const namesakes = namesakesOf(name, declared);
  if (namesakes !== undefined) return `${namesakes.what}; the policy declares ${namesakes.declared}: did you mean ${namesakes.codes.map((j) => `\`${j}\``).join(" or ")}?`;
  const place = unknownPlace(name);
  return place !== undefined && place.meant.length > 0 ? meantHelp(place.meant) : undefined;
}

/**
 * The declared subdivisions whose code ends in a place's (`US-CA` for `CA`), for a place the
 * policy does not declare: Canada tested where California was meant. `what` says what the place
 * is (`` `CA` is Canada ``), `declared` names the subdivisions (`` `US-CA` (California) ``).
 */
export function namesakesOf(place: string, declared: readonly string[], shown = place): { what: string; declared: string; codes: string[] } | undefined {
  const codes = declared.filter((j) => j.endsWith(`-${place}`));
  if (codes.length === 0) return undefined;
  const country = countryName(place);
  return {
    what: country !== undefined ? `\`${shown}\` is ${country}` : `\`${shown}\` is no jurisdiction of the policy`,
    declared: codes.map((j) => `\`${j}\`${placeName(j) !== undefined ? ` (${placeName(j)})` : ""}`).join(" and "),
    codes,
  };
}

/** The English name of a place code: a country's (`CA`: Canada), a US subdivision's (`US-CA`: California). */
export function placeName(code: string): string | undefined {
  if (code.startsWith("US-")) return US_SUBDIVISIONS.get(code.slice(3));
  return countryName(code);
}

/** Capital letters alone: `New_York` -> `NEWYORK`. */
const key = (name: string): string => name.toUpperCase().replace(/[^A-Z]/g, "");


/** A US subdivision's code by its name in capitals alone (`NEWYORK`), and `WASHINGTONDC`. */
const US_BY_NAME: ReadonlyMap<string, string> = new Map([...[...US_SUBDIVISIONS].map(([code, name]) => [key(name), code] as const), ["WASHINGTONDC", "DC"]]);

const usSubdivision = (code: string): Place => ({ code: `US-${code}`, name: US_SUBDIVISIONS.get(code)! });

/** Regions policyc knows besides the countries. */
const KNOWN_REGIONS = new Set(["EU", "EEA", "UK"]);

/**
 * Regions businesses name that are no country and that policyc has no law for: a policy's own,
 * reported by neither PC2018 (`EMEA` is not a misspelt `EEA`) nor PC2024.
 */

/** Common ways of writing a country that its English name does not begin. */
const OTHER_SPELLINGS = new Map<string, string>(
  (
    // the EU's own code for Greece (and its institutions' style guide), ISO's is GR; and aliases
    "EL GR UAE AE ENGLAND GB " +
    // ISO 3166-1 alpha-3 codes of the places whose law policyc checks (the EU's members, the
    // EEA's, the UK) and of other large markets: `DEU` is Germany, not a misspelt `EU`
    "AUT AT BEL BE BGR BG CYP CY CZE CZ DEU DE DNK DK EST EE ESP ES FIN FI FRA FR GRC GR HRV HR HUN HU IRL IE ITA IT LTU LT LUX LU LVA LV " +
    "MLT MT NLD NL POL PL PRT PT ROU RO SWE SE SVN SI SVK SK ISL IS LIE LI NOR NO GBR GB CHE CH USA US CAN CA AUS AU BRA BR CHN CN JPN JP " +
    "IND IN MEX MX KOR KR ZAF ZA NZL NZ SGP SG ARE AE"
  )
    .match(/[A-Z]+ [A-Z]{2}/g)!
    .map((pair) => pair.split(" ") as [string, string]),
);

/** ICU's codes that are no current place: unknown region, pseudo-locales, countries that no longer exist, groupings. */
const NOT_PLACES = new Set(["ZZ", "XA", "XB", "DD", "BU", "CS", "DY", "FX", "HV", "NH", "RH", "SU", "TP", "YD", "YU", "ZR", "AN", "VD", "QO", "EZ", "UN"]);

let regionNames: Intl.DisplayNames | undefined;
/** The English name of a two-letter country code, or undefined when it is none. */
function countryName(code: string): string | undefined {
  if (!/^[A-Z]{2}$/.test(code) || NOT_PLACES.has(code)) return undefined;
  regionNames ??= new Intl.DisplayNames(["en"], { type: "region", fallback: "code" });
  const shown = regionNames.of(code);
  return shown === undefined || shown === code ? undefined : shown;
}

let countryList: (Place & { key: string })[] | undefined;
/** Every country code the runtime names, with its English name as capital letters alone (`UNITEDSTATES`). */
function countries(): (Place & { key: string })[] {
  if (countryList === undefined) {
    countryList = [];
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = countryName(code);
        if (name !== undefined) countryList.push({ code, name, key: key(name) });
      }
    }
  }
  return countryList;
}

/** The jurisdictions whose law policyc checks (and whose rights it derives). */
const KNOWN_JURISDICTIONS: readonly string[] = [...GDPR_JURISDICTIONS, ...CCPA_JURISDICTIONS];

/**
 * The known jurisdiction a name was almost certainly meant to be (`eu`, `us_ca`, `EUU`, `USCA`):
 * the same letters in another case or with `_`, or one edit away from a known code when the name
 * does not have the shape of an ISO 3166 code itself (`EE` and `US-CO` are real places).
 */
export function meantJurisdiction(name: string): string | undefined {
  if (KNOWN_JURISDICTIONS.includes(name) || BUSINESS_REGIONS.has(name)) return undefined;
  const normalized = name.toUpperCase().replace(/[_ ]/g, "-");
  if (KNOWN_JURISDICTIONS.includes(normalized)) return normalized;
  // `us`, `es`, `ee` are other real places, whatever their case
  if (/^[A-Z]{2}(-[A-Z0-9]{1,3})?$/.test(normalized)) return undefined;
  return KNOWN_JURISDICTIONS.find((k) => editDistance(normalized, k, 1) === 1);
}
