/**
 * What policyc knows of places by their names and codes: the countries (ISO 3166-1 alpha-2, by
 * the runtime's English region names), the regions whose law it checks, the regions businesses
 * name, and other ways of writing a country. The model builder reports jurisdictions by it
 * (PC2018, PC2024).
 *
 * Pipeline position: beside rights.ts, read by the model builder.
 */
import { CCPA_JURISDICTIONS, GDPR_JURISDICTIONS } from "./rights.js";
import { editDistance } from "../util/suggest.js";

/**
 * PC2024: a jurisdiction that is neither a region policyc knows nor a country (ISO 3166-1 alpha-2
 * by the runtime's region names; a subdivision by its country), when it reads as one meant: two
 * or three letters (`XX`, `GER`, `USA`), or a country written out (`GERMANY`). With the country
 * it most likely means: the one whose English name it spells or begins (`GER`, `GERMANY`: DE).
 */
export function unknownPlace(name: string): { meant?: { code: string; name: string } } | undefined {
  const country = name.split("-")[0]!;
  if (KNOWN_JURISDICTIONS.includes(name) || KNOWN_REGIONS.has(country) || BUSINESS_REGIONS.has(country) || countryName(country) !== undefined) return undefined;
  const letters = country.replace(/[^A-Z]/g, "");
  const byName = letters.length >= 3 ? countries().filter((c) => c.key.startsWith(letters)) : [];
  const alias = OTHER_SPELLINGS.get(letters);
  const meant = alias !== undefined ? { code: alias, name: countryName(alias) ?? alias } : byName.length === 1 ? byName[0]! : countries().find((c) => c.key === letters);
  if (country.length > 3 && meant === undefined) return undefined; // `APAC`, `EMEA`: a region of the policy's own
  return meant ? { meant: { code: meant.code + name.slice(country.length), name: meant.name } } : {};
}

/** Regions policyc knows besides the countries. */
const KNOWN_REGIONS = new Set(["EU", "EEA", "UK"]);

/**
 * Regions businesses name that are no country and that policyc has no law for: a policy's own,
 * reported by neither PC2018 (`EMEA` is not a misspelt `EEA`) nor PC2024.
 */
const BUSINESS_REGIONS = new Set(["APAC", "EMEA", "LATAM", "AMER", "AMERICAS", "NORAM", "ANZ", "DACH", "NORDICS", "BENELUX", "MENA", "GCC", "ASEAN"]);

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

let countryList: { code: string; name: string; key: string }[] | undefined;
/** Every country code the runtime names, with its English name as capital letters alone (`UNITEDSTATES`). */
function countries(): { code: string; name: string; key: string }[] {
  if (countryList === undefined) {
    countryList = [];
    for (let a = 65; a <= 90; a++) {
      for (let b = 65; b <= 90; b++) {
        const code = String.fromCharCode(a, b);
        const name = countryName(code);
        if (name !== undefined) countryList.push({ code, name, key: name.toUpperCase().replace(/[^A-Z]/g, "") });
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
  return KNOWN_JURISDICTIONS.find((k) => editDistance(normalized, k) === 1);
}
