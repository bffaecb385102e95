import type { CodeInfo } from "../catalogue.js";

/** PC2xxx: names, references, imports and the shape of rules (binder and model builder). */
export const NAME_CODES: readonly CodeInfo[] = [
  {
    code: "PC2001",
    name: "unknown-name",
    severity: "error",
    message: "unknown {kind} {name}",
    help: "declare it, or check the spelling",
    description: "A reference names a declaration that does not exist in this policy or its imports.",
    example: "purpose support { uses contact.emial }",
    fix: "Correct the name (the help line suggests the closest one) or declare the missing category, purpose or recipient.",
  },
  {
    code: "PC2002",
    name: "wrong-kind",
    severity: "error",
    message: "{name} is a {actual}, but {role} expects a {expected}",
    description: "A reference resolves, but to a declaration of the wrong kind: a purpose where a category is expected, for instance.",
    example: "purpose support { uses marketing.direct }",
    fix: "Refer to a declaration of the kind the position expects.",
  },
  {
    code: "PC2003",
    name: "duplicate-declaration",
    severity: "error",
    message: "{kind} {name} is declared more than once",
    help: "rename one of them; to refine an imported declaration, redeclare it in the importing file",
    description: "Two declarations of the same kind share a name and neither refines the other (a declaration in a file refines one from a file it imports).",
    example: 'category contact "Contact"\ncategory contact "Contact details"',
    fix: "Remove or rename the second declaration.",
  },
  {
    code: "PC2004",
    name: "missing-parent",
    severity: "error",
    message: "{kind} {name} has no parent declaration {parent}",
    help: "declare {parent} too (anywhere in the policy or its imports: order does not matter), or import a taxonomy that declares it",
    description: "Dotted names form hierarchies; a child needs its parent declared so that a rule on the parent covers it.",
    example: 'category web.ip_address "IP address"   // no `category web`',
    fix: "Declare the parent, or use a name under an existing parent.",
  },
  {
    code: "PC2005",
    name: "import-cycle",
    severity: "error",
    message: "import of {path} forms a cycle",
    help: "move what both files need into a third file that neither imports",
    description: "Files that import each other, directly or through others, have no order in which one refines the other.",
    example: 'import "./b"   // and b.policy imports "./a"',
    fix: "Break the cycle by moving shared declarations into their own file.",
  },
  {
    code: "PC2006",
    name: "missing-import",
    severity: "error",
    message: "cannot find {path} (looked for {resolved})",
    help: "paths are relative to the importing file; the standard library is `std/taxonomy`",
    description: "An import names a file that does not exist.",
    example: 'import "./shared/taxonomy"',
    fix: "Correct the path or create the file.",
  },
  {
    code: "PC2007",
    name: "missing-policy-header",
    severity: "error",
    message: "{file} has no `policy` declaration",
    help: 'start the file with `policy <id> "Title" { controller "..." { ... } }`',
    description: "Every policy needs one header naming it and its controller; documents and consent records are versioned by it.",
    example: 'category contact "Contact details"',
    fix: "Add a `policy` declaration.",
  },
  {
    code: "PC2008",
    name: "duplicate-singleton",
    severity: "error",
    message: "a policy has only one {what} declaration",
    description: "The `policy` header and `precedence` may appear once.",
    example: "policy a { }\npolicy b { }",
    fix: "Merge the two declarations.",
  },
  {
    code: "PC2009",
    name: "reserved-name",
    severity: "error",
    message: "{name} is reserved",
    help: "`personal`, `sensitive`, `all_data`, `anyone`, `third_parties` and `any` stand for sets; pick another name",
    description: "Selector names cannot be declared, nor can `none`, which empties a field. Nor can `__proto__` name a purpose, a recipient or a channel: those ids are keys of consent records, and JavaScript cannot store that key.",
    example: 'category personal "Personal data"',
    fix: "Rename the declaration.",
  },
  {
    code: "PC2010",
    name: "exception-polarity",
    severity: "error",
    message: "an exception to a rule must have the opposite effect, not {effect}",
    help: "`deny ... except allow ...` or `allow ... except deny ...`; a same-effect exception changes nothing",
    description: "Exceptions alternate polarity (as in Legalease): they carve a part out of the rule they belong to.",
    example: "deny share personal except deny when minor",
    fix: "Flip the exception's effect, or make it a rule of its own.",
  },
  {
    code: "PC2011",
    name: "exception-outside-rule",
    severity: "error",
    message: "an exception can only narrow its rule, but its {what} is outside it",
    help: "leave out what the exception inherits; list only a subset of the rule's categories, recipients and purposes",
    description: "An exception applies to part of its rule's scope; anything outside that scope would be a rule of its own.",
    example: "deny share contact with partners except allow share device with partners",
    fix: "Narrow the exception, or write it as a separate rule.",
  },
  {
    code: "PC2012",
    name: "recipient-on-internal-action",
    severity: "error",
    message: "{action} happens inside the organisation; `with`/`to` only fits share, sell and transfer",
    description: "Collecting and using data involve no recipient.",
    example: "allow use contact with partners",
    fix: "Remove the recipients, or change the action to `share`.",
  },
  {
    code: "PC2013",
    name: "undeclared-jurisdiction",
    severity: "warning",
    message: "jurisdiction {name} is not declared in the policy header",
    help: "add it to `jurisdictions` in the `policy` declaration",
    description:
      "A condition `in XX` tests a jurisdiction the policy does not say it covers; its regulatory profile is not checked. " +
      "A place within a declared jurisdiction (`in DE` where the policy declares `EU`), or one a declared place lies in (`in EU` where it declares `DE`), is covered. " +
      "Where the policy declares a subdivision of the same code (`in CA`, Canada, where it declares `US-CA`, California), the help says so.",
    example: "allow share contact with partners when in BR",
    fix: "Declare the jurisdiction, or correct the code.",
  },
  {
    code: "PC2015",
    name: "unused-suppression",
    severity: "warning",
    message: "nothing here raises {code}; the suppression is stale",
    description:
      "An inline suppression that suppresses nothing hides the next real finding at this place. " +
      "While errors stop the checks (PC3xxx, PC4xxx), a suppression of one of their codes is not called stale: whether it still silences something is known once they run again.",
    example: '// policyc-ignore PC3002: no longer needed\ncategory contact.fax "Fax number"   // a purpose uses it now',
    fix: "Remove the comment.",
  },
  {
    code: "PC2016",
    name: "empty-scope",
    severity: "warning",
    message: "this {what} covers nothing: {detail}",
    help: "name what the policy declares: a group or selector that holds no category, purpose or recipient of this policy matches nothing",
    description:
      "After expansion a rule or assertion matches no request: it has no effect, which is rarely what was meant. " +
      "A promise about everyone outside (`deny sell personal to anyone`, `assert never share ... with third_parties`) in a policy that declares no recipient is not reported: it holds, and the document states it.",
    example: "deny share sensitive with anyone   // no sensitive category is declared",
    fix: "Correct the names, or remove the statement.",
  },
  {
    code: "PC2017",
    name: "too-many-jurisdictions",
    severity: "error",
    message: "the policy names {count} jurisdictions; at most {max} fit, and {name} is one too many",
    help: "group jurisdictions that share their rules under one name (for example `EEA` instead of each member state)",
    description: "Each jurisdiction is one condition of the decision table, and the generated guards hold a request's conditions as bits of one integer: the header, basis variants and `in` conditions together may name at most 21 jurisdictions, one fewer for each age the policy tests (an audience's `age_under`, an `age_under` condition).",
    example: "policy p { jurisdictions AT, BE, BG, HR, CY, CZ, DK, EE, FI, FR, DE, GR, HU, IE, IT, LV, LT, LU, MT, NL, PL, PT }",
    fix: "Name fewer jurisdictions: one per distinct set of rules.",
  },

  {
    code: "PC2018",
    name: "misspelt-jurisdiction",
    severity: "warning",
    message: "jurisdiction {name} looks like a misspelling of one whose law policyc checks",
    help: "write it exactly as policyc knows it: `EU`, `EEA`, `UK` or `US-CA`",
    description:
      "The GDPR and CCPA checks, and the rights they add to the policy, apply to the jurisdictions `EU`, `EEA`, `UK` and `US-CA` and the places within them (`DE`, `NO`, `GB`), written exactly so. " +
      "A near miss (`eu`, `us_ca`, `EUU`) is taken as another jurisdiction, and those checks are silently off.",
    example: "policy shop { jurisdictions EUU }",
    fix: "Correct the code.",
  },
  {
    code: "PC2019",
    name: "nothing-to-clear",
    severity: "warning",
    message: "`{field} none` empties nothing: {reason}",
    help: "remove it; `none` empties a field that an imported declaration of the same name, or a parent, sets",
    description:
      "A declaration that redeclares an imported one refines it: the fields it writes replace the imported ones and the others are inherited, " +
      "and a field written `none` (`examples none`) is emptied instead of inherited. " +
      "A `none` also keeps a child declaration from taking the field from its parent. " +
      "Here there is nothing to empty: neither an imported declaration of the same name nor a parent sets that field, or it is the policy header, which refines nothing.",
    example: 'category contact.phone "Phone number" { examples none }',
    fix: "Remove the field; if an imported declaration was meant, check that its file is imported and the name is spelt the same.",
  },
  {
    code: "PC2020",
    name: "jurisdiction-not-a-code",
    severity: "error",
    message: "jurisdiction {name} is not a code: 2 to 10 upper-case letters or digits, with `-` before a subdivision (`DE`, `EU`, `US-CA`)",
    help: "write the jurisdiction as such a code",
    description:
      "The generated guards are told where a person is as an upper-case code (`DE`, `EU`, `US-CA`; a lower-case one is a malformed context), so a " +
      "jurisdiction written otherwise (`us`, `eu`, `us_ca`) could never hold: `when in us` would never apply and `unless in us` always would. " +
      "A place written out (`California`, `new_york`, `Germany`) is offered by its code (`US-CA`, `US-NY`, `DE`): its name in capitals would be a jurisdiction of the policy's own.",
    example: "policy shop { jurisdictions us }",
    fix: "Write the code in upper case, with `-` before a subdivision: `US`, `US-CA`.",
  },
  {
    code: "PC2021",
    name: "too-many-ages",
    severity: "error",
    message: "the policy tests {count} different ages (its audiences' `age_under` and its `age_under` conditions); at most {max} fit",
    help: "give audiences with the same restrictions the same `age_under`, and test ages the audiences already have",
    description:
      "Each age the policy tests (an audience's `age_under` that restricts something, an `age_under` condition of a rule or an assertion) is one condition of the decision table, " +
      "which the generated guards hold as bits of one integer: at most 21, fewer when the policy names jurisdictions.",
    example: "audience a1 { age_under 1  collect no }\naudience a2 { age_under 2  collect no }\n// ... 22 audiences of 22 different ages",
    fix: "Use fewer distinct ages.",
  },
  {
    code: "PC2022",
    name: "unreadable-import",
    severity: "error",
    message: "cannot read {path} ({resolved}): {reason}",
    help: "an import must be a regular, readable text file of at most 64 MiB",
    description:
      "An import names a file that exists but cannot be read as a policy: a folder, a device or a pipe (reading `/dev/zero` would never end), a file over 64 MiB, or one the user may not read. " +
      "The rest of the program is still checked; names the import would have declared may be reported as unknown.",
    example: 'import "./shared.policy" // a folder of that name, not a file',
    fix: "Import the `.policy` file itself, or give the user read permission.",
  },

  {
    code: "PC2023",
    name: "earlier-version-unusable",
    severity: "error",
    message: "cannot accept the consent records of {path}: {reason}",
    help: "`accepts_consent_from` names earlier versions of this policy, as paths relative to this file",
    description:
      "Each file `accepts_consent_from` names is compiled on its own, as an earlier version of this policy, so that the compiler can prove its consent records still hold (PC3026, PC3027). " +
      "It must be a `.policy` file (no other file is read, so that an error in it cannot show its text), exist, parse and bind without errors (what the checker finds in a published version, PC3xxx and PC4xxx, does not stop its records being accepted), be the same policy (a consent record names its policy's id), and not accept this version in turn.",
    example: 'policy p "P" { accepts_consent_from "archive/privacy-2024.policy" }',
    fix: "Correct the path, fix the earlier version, or drop it from `accepts_consent_from`.",
  },
  {
    code: "PC2024",
    name: "unknown-jurisdiction",
    severity: "warning",
    message: "jurisdiction {name} is not a country code (ISO 3166-1 alpha-2, such as `DE`) or a region policyc knows (`EU`, `EEA`, `UK`), so no law's checks apply to it",
    help: "write the place as a country code, with `-` before a subdivision (`US-CA`)",
    description:
      "The GDPR and CCPA checks, and the rights they add, apply to `EU`, `EEA`, `UK` and `US-CA` and the places within them, which policyc knows by their ISO 3166-1 codes. " +
      "A code of two or three letters that is no country (`XX`, `GER`, `USA`), or a country or a US state written out (`GERMANY`, `CALIFORNIA`), is taken as a jurisdiction of its own: " +
      "`when in` rules still apply to it, but those checks are silently off; the help gives the code meant (`DE`, `US-CA`). " +
      "A longer code that names no country or US state (`APAC`, `EMEA`) is taken as a region of the policy's own, and not reported.",
    example: "policy shop { jurisdictions GER }",
    fix: "Write the country's two-letter code (`DE` for Germany); if the code is a region of your own, set `\"PC2024\": \"off\"` in the configuration's `rules`.",
  },
  {
    code: "PC2025",
    name: "unknown-subdivision",
    severity: "warning",
    message: "jurisdiction {name} names no subdivision policyc knows: {reason}",
    help: "write the country's code, `-` and the subdivision's code (`US-CA` for California, `US-NY` for New York)",
    description:
      "A subdivision is written after its country's two-letter code (`US-CA`, `DE-BY`). policyc knows the subdivisions of the United States (ISO 3166-2:US: the 50 states, `DC` and the six outlying areas) " +
      "and reports a code that is none of them (`US-XX`), or a state written out (`US-TEXAS`), and a US subdivision written the wrong way round (`CA-US`, the country `CA`, Canada, with a subdivision `US`). " +
      "Such a place is no one's: `when in` rules on it never apply, and the checks of the law meant (the CCPA's, for `US-CA`) are silently off. " +
      "The subdivisions of other countries are taken as written.",
    example: "policy shop { jurisdictions CA-US }",
    fix: "Write the country's code first and the subdivision's after it: `US-CA`.",
  },
  {
    code: "PC2026",
    name: "us-without-california",
    severity: "warning",
    message: "jurisdiction `US` does not turn on the CCPA's checks and rights: they apply to California, `US-CA`",
    help: "if the policy covers California, add `US-CA` to `jurisdictions`; if it does not, suppress this with a reason",
    description:
      "The CCPA/CPRA is California's law: its checks (PC4020-PC4022) and the rights it gives (\"Under the law of California\") apply where the policy declares `US-CA`, and `US` alone does not turn them on. " +
      "Reported at `US` in the header when no US subdivision is declared beside it (`US, US-CA` or `US, US-NY` is not reported).",
    example: "policy shop { jurisdictions US }",
    fix: "Declare `US-CA` as well, where the policy covers people in California; otherwise suppress it (`// policyc-ignore PC2026: we do not serve California`) or set `\"PC2026\": \"off\"` in the configuration's `rules`.",
  },
  {
    code: "PC2027",
    name: "policy-too-large",
    severity: "error",
    message: "the policy's decision table would have {cells} cells ({categories} categories x {purposes} purposes x {recipients} recipients, for each action), more than the {max} policyc checks",
    help: "declare the categories, purposes or recipients that the rules treat alike as one (a group's leaves are its cells), or split the policy",
    description:
      "Every check, the guards and the published policy are computed from the decision table: one cell per leaf category and leaf purpose for collecting and using, and per leaf recipient too for sharing, selling and transferring. " +
      "Its size is the product of the three counts, so a policy of a few hundred of each needs gigabytes of memory and writes guards of hundreds of megabytes. Above the limit the compiler stops before building the table, instead of running out of memory.",
    example: "a policy of 400 categories, 400 purposes and 400 recipients (192 million cells)",
    fix: "Use fewer leaves: the rules name groups, and a leaf is needed only where the policy treats it differently.",
  },
  {
    code: "PC2031",
    name: "rules-too-broad",
    severity: "error",
    message: "the policy's {rules} rules cover {entries} cells of its decision table in all, more than the {max} policyc checks",
    help: "merge rules that share their conditions into one, or narrow their scope (`all_data`, `anyone` and a rule without `for` each cover every leaf): each rule counts once for every cell it covers",
    description:
      "The decision table lists, in each cell, the rules that cover it, so its memory grows with the sum of the rules' scopes, not only with its cells: two hundred rules over all data, every recipient and every purpose of a large policy asked for tens of gigabytes. " +
      "Above the limit the compiler stops before building the table, instead of running out of memory.",
    example: "a policy of 100 categories, 100 purposes and 100 recipients with 60 rules `deny share all_data with anyone when ...`",
    fix: "Merge rules with the same conditions, or name the groups the rules are about.",
  },
  {
    code: "PC2030",
    name: "too-many-conditional-exceptions",
    severity: "error",
    message: "this rule has {count} exceptions with conditions, counting those of its exceptions, more than the {max} whose combinations policyc computes",
    help: "write the exceptions that stand on their own as rules of their own (a deny beside the allow decides as its exception would, by deny-overrides), or give several exceptions one shared condition",
    description:
      "An exception applies where no earlier one does, so each exception's cell formula holds the negation of all the earlier ones' conditions. That formula grows with the product of their conditions: eight exceptions that share conditions pairwise take seconds to compute, ten take minutes. " +
      "Above the limit the compiler stops with this error instead of seeming to hang. Exceptions without conditions (a narrower scope only) do not count; the exceptions of exceptions do, at every depth, since they enter the formulas of their parent's siblings.",
    example:
      'recipient partners "Partners" { type partner }\ncategory c "C" { class personal }\npurpose p { basis contract  uses c }\nallow share c with partners except {\n' +
      "  deny when minor\n  deny when consent\n  deny when explicit_consent\n  deny when recipient_consent\n  deny when at_request\n  deny when anonymised\n  deny when aggregated\n  deny when required_by_law\n  deny when permitted_by_law\n}",
    fix: "Split the rule: most exceptions can be rules of their own.",
  },
  {
    code: "PC2032",
    name: "import-outside-project",
    severity: "error",
    message: "{path} leads to {resolved}, outside {folders}, where policyc reads policies from",
    help: "keep the policy's files inside the folder policyc runs in, or run it from a folder that holds them all; a link must point inside it too",
    description:
      "policyc reads a policy's files only inside the folder it runs in and the root file's folder (and the standard library), links followed. " +
      "Otherwise a policy, or a link committed beside it, could make a build in CI read another file on the machine, such as a key under the home folder, and print its lines in an error's code frame in a public log. " +
      "It applies to imports, to the files `accepts_consent_from` names, and to a root file that is a link; a `std/` import must stay inside the standard library.",
    example: 'import "../../../home/runner/.ssh/id_rsa"',
    fix: "Move or copy the file into the project, or run policyc from a folder that holds both files.",
  },
  {
    code: "PC2028",
    name: "canada-for-california",
    severity: "warning",
    message: "jurisdiction `CA` is Canada, but the policy declares what California's CCPA asks for: {what}",
    help: "did you mean `US-CA`? (keep `CA` too if the policy covers Canada)",
    description:
      "`CA` is the country code of Canada. The CCPA's checks (PC4020-PC4022) and the rights it gives apply where the policy declares `US-CA`, so a policy with a \"Do Not Sell\" link or California's rights (`know`, `delete`, `correct`, `opt_out_sale`, `limit_sensitive`, `non_discrimination`) and `CA` alone gets none of them. " +
      "Reported at `CA` when the policy does not declare `US-CA` as well.",
    example: 'policy shop { jurisdictions EU, CA  do_not_sell_url "https://shop.example/do-not-sell" }',
    fix: "Declare `US-CA` (in place of `CA`, or beside it when the policy covers Canada too).",
  },  {
    code: "PC2029",
    name: "region-without-countries",
    severity: "warning",
    message: "a rule names {region}, a region policyc knows no countries of: only a context that says {region} itself meets it",
    help: "write a rule for each country it should cover (`when in DE`), or use a region policyc knows (`EU`, `EEA`, `UK`)",
    description:
      "Business regions (`EMEA`, `APAC`, `DACH`, `NORDICS`...) are the business's own, and policyc does not know which countries they hold. " +
      "A rule `when in EMEA` is met only when the service passes `jurisdiction: \"EMEA\"`; a person whose place is given as a country (`DE`), as the README asks, is not in it, so a deny for the region does not reach them.",
    example: 'policy shop { jurisdictions EMEA }\ndeny sell personal to anyone when in EMEA',
    fix: "Write the rule for the countries, or for the EU, the EEA or the UK.",
  },

];
