/**
 * A small policy model written by hand (no parser involved) that exercises what the Xiaomi
 * example does not: contact details and a DPO, an effective date, periods and maxima, jurisdiction
 * variants, transfers, a sale opt-out, declared rights, `changes`, a custom section, a pixel with an
 * opt-out page, a rule with several exceptions and negated conditions. German translations are complete except where
 * a test wants them missing (`untranslated` below).
 */
import type {
  Audience,
  Category,
  LText,
  PolicyModel,
  Purpose,
  Recipient,
  Retention,
  Right,
  Rule,
  SourceRef,
  Statement,
  Tracker,
} from "../../../src/model/types.js";

const at = (line: number): SourceRef => ({ file: "tiny.policy", line, column: 1 });
export const l = (text: string, de?: string): LText => ({ text, translations: de === undefined ? {} : { de } });

function category(id: string, line: number, label: LText, extra: Partial<Category> = {}): Category {
  return {
    id,
    label,
    parent: null,
    children: [],
    leaves: [id],
    classification: "personal",
    source: "provided",
    from: null,
    examples: [],
    scope: null,
    provision: null,
    consequence: null,
    prose: null,
    sourceRef: at(line),
    ...extra,
  };
}

function purpose(id: string, line: number, label: LText, extra: Partial<Purpose> = {}): Purpose {
  return {
    id,
    label,
    parent: null,
    children: [],
    leaves: [id],
    bases: ["contract"],
    basisIn: [],
    interest: null,
    consentMode: "notice",
    needsConsent: false,
    uses: [],
    usesDeclared: [],
    profiling: false,
    specialCondition: null,
    automatedDecisions: null,
    withdraw: null,
    optOut: null,
    optOutUrl: null,
    excludes: [],
    channels: [],
    marketing: false,
    prose: null,
    sourceRef: at(line),
    ...extra,
  };
}

function recipient(id: string, line: number, label: LText, extra: Partial<Recipient> = {}): Recipient {
  return {
    id,
    label,
    parent: null,
    children: [],
    leaves: [id],
    type: null,
    sectors: [],
    safeguards: [],
    ownPolicy: false,
    transfers: [],
    transferSafeguards: [],
    needsConsent: false,
    prose: null,
    sourceRef: at(line),
    ...extra,
  };
}

function rule(id: string, line: number, extra: Partial<Rule> & Pick<Rule, "effect" | "action" | "written">): Rule {
  return {
    id,
    categories: [],
    recipients: [],
    purposes: [],
    conditions: [],
    exceptions: [],
    origin: "rule",
    prose: null,
    sourceRef: at(line),
    ...extra,
  };
}

export interface TinyOptions {
  /** Drop the German translation of these texts (matched on the English text). */
  readonly untranslated?: readonly string[];
}

/** The model; `patch` lets a test put hostile text anywhere. */
export function tinyModel(options: TinyOptions = {}, patch: (m: PolicyModel) => PolicyModel = (m) => m): PolicyModel {
  const drop = new Set(options.untranslated ?? []);
  const t = (text: string, de: string): LText => (drop.has(text) ? l(text) : l(text, de));

  const categories: Category[] = [
    category("account", 20, t("Account", "Konto"), { children: ["account.email", "account.name"], leaves: ["account.email", "account.name"], provision: "contractual", consequence: t("you cannot create an account", "Sie können kein Konto anlegen"), examples: [t("login name", "Anmeldename")] }),
    category("account.email", 21, t("Email address", "E-Mail-Adresse"), { parent: "account", provision: "contractual", consequence: t("you cannot create an account", "Sie können kein Konto anlegen") }),
    category("account.name", 22, t("Name", "Name"), { parent: "account", provision: "contractual", consequence: t("you cannot create an account", "Sie können kein Konto anlegen"), examples: [t("first name", "Vorname"), t("last name", "Nachname")] }),
    category("health", 24, t("Health notes", "Gesundheitsnotizen"), { classification: "sensitive", provision: "voluntary", prose: t("Only if you *choose* to write them down.", "Nur wenn Sie sie *selbst* notieren.") }),
    category("notes", 26, t("Notes you write", "Ihre Notizen"), { examples: [t("shopping lists", "Einkaufslisten")] }),
    category("usage", 28, t("Usage data", "Nutzungsdaten"), { source: "automatic", classification: "pseudonymous", scope: t("only in the app", "nur in der App") }),
  ];

  const purposes: Purpose[] = [
    purpose("service", 40, t("Running the notes service", "Betrieb des Notizdienstes"), { uses: ["account.email", "account.name", "notes"], usesDeclared: ["account", "notes"], prose: t("See our [terms](https://acme.example/terms).", "Siehe unsere [Bedingungen](https://acme.example/de/terms).") }),
    purpose("newsletter", 44, t("Newsletter", "Newsletter"), { bases: ["consent"], basisIn: [{ jurisdiction: "US-CA", bases: ["legitimate_interests"] }], consentMode: "opt_in", needsConsent: true, uses: ["account.email"], usesDeclared: ["account.email"], marketing: true, channels: ["email", "carrier_pigeon"], withdraw: t("Click “unsubscribe” in any newsletter.", "Klicken Sie in einem Newsletter auf „Abbestellen“."), optOutUrl: l("https://acme.example/unsubscribe"), excludes: ["kids"] }),
    purpose("security", 50, t("Keeping accounts secure", "Schutz der Konten"), { bases: ["legitimate_interests"], interest: t("preventing fraud and abuse", "Betrug und Missbrauch zu verhindern"), uses: ["usage"], usesDeclared: ["usage"], profiling: true, automatedDecisions: t("we may block a login that looks fraudulent; you can ask a person to review it", "wir können eine verdächtige Anmeldung sperren; Sie können eine Prüfung durch einen Menschen verlangen") }),
  ];

  const recipients: Recipient[] = [
    recipient("hosting", 60, t("Cloud hosting provider", "Cloud-Hosting-Anbieter"), { type: "processor", safeguards: [t("a data processing agreement", "ein Auftragsverarbeitungsvertrag")], transfers: [t("the United States", "die Vereinigten Staaten")], transferSafeguards: [t("standard contractual clauses", "Standardvertragsklauseln")] }),
    recipient("ads", 64, t("Ad network", "Werbenetzwerk"), { type: "advertiser", ownPolicy: true, prose: t("They never see your notes.", "Sie sehen Ihre Notizen nie.") }),
    recipient("police", 67, t("Law enforcement", "Strafverfolgungsbehörden"), { type: "authority" }),
  ];

  // as the compiler expands them: a rule without `for` covers every (leaf) purpose
  const ALL_PURPOSES = purposes.map((p) => p.id);
  const rules: Rule[] = [
    rule("hosting_all", 80, { effect: "allow", action: "share", categories: ["account.email", "account.name", "notes", "usage"], recipients: ["hosting"], purposes: ["service"], written: { categories: ["personal"], recipients: ["hosting"], purposes: ["service"] }, prose: t("Our host stores everything on our behalf.", "Unser Hoster speichert alles in unserem Auftrag.") }),
    rule("ads_usage", 82, { effect: "allow", action: "sell", categories: ["usage"], recipients: ["ads"], purposes: ALL_PURPOSES, written: { categories: ["usage"], recipients: ["ads"], purposes: [] }, conditions: [{ atom: "consent", negated: false }, { atom: "in:US-CA", negated: false }] }),
    rule("no_health_sharing", 84, {
      effect: "deny",
      action: "share",
      categories: ["health"],
      recipients: ["ads", "hosting", "police"],
      purposes: ALL_PURPOSES,
      written: { categories: ["health"], recipients: ["anyone"], purposes: [] },
      exceptions: [
        rule("except:tiny.policy:85", 85, { effect: "allow", action: "share", categories: ["health"], recipients: ["police"], purposes: ALL_PURPOSES, written: { categories: [], recipients: ["police"], purposes: [] }, conditions: [{ atom: "required_by_law", negated: false }] }),
        rule("except:tiny.policy:86", 86, { effect: "allow", action: "share", categories: ["health"], recipients: ["hosting"], purposes: ["service"], written: { categories: [], recipients: ["hosting"], purposes: ["service"] }, conditions: [{ atom: "explicit_consent", negated: false }] }),
      ],
      prose: t("Your health notes stay between you and us.", "Ihre Gesundheitsnotizen bleiben zwischen Ihnen und uns."),
    }),
    rule("no_notes_without_consent", 88, { effect: "deny", action: "use", categories: ["notes"], purposes: ["security"], written: { categories: ["notes"], recipients: [], purposes: ["security"] }, conditions: [{ atom: "consent", negated: true }] }),
    rule("lawful", 90, { effect: "allow", action: "share", categories: ["account.email", "account.name", "notes", "usage"], recipients: ["police"], purposes: ALL_PURPOSES, written: { categories: ["personal"], recipients: ["police"], purposes: [] }, conditions: [{ atom: "required_by_law", negated: false }] }),
    rule("purpose:service:collect", 40, { effect: "allow", action: "collect", origin: "purpose", categories: ["account.email", "account.name", "notes"], purposes: ["service"], written: { categories: ["account", "notes"], recipients: [], purposes: ["service"] } }),
  ];

  const retention: Retention[] = [
    { id: "accounts", label: t("Account data", "Kontodaten"), categories: ["account.email", "account.name"], categoriesDeclared: ["account"], purposes: ["service"], period: { amount: 30, unit: "day", days: 30 }, criteria: ["until_account_deletion"], from: "account_deletion", end: ["delete"], max: { amount: 1, unit: "year", days: 365 }, prose: null, sourceRef: at(100) },
    { id: "logs", label: t("Logs", "Protokolle"), categories: ["usage"], categoriesDeclared: ["usage"], purposes: [], period: "indefinite", criteria: [], from: null, end: ["anonymise"], max: null, prose: t("Logs are anonymised, never deleted.", "Protokolle werden anonymisiert, nie gelöscht."), sourceRef: at(104) },
  ];

  const trackers: Tracker[] = [
    { id: "pixel", label: t("Conversion pixel", "Konversionspixel"), type: "pixel", providers: ["ads"], firstParty: false, scope: t("acme.example", "acme.example"), collects: ["usage"], purposes: ["newsletter"], gate: "consent", optOut: null, optOutUrl: l("https://acme.example/privacy-settings"), prose: null, sourceRef: at(110) },
  ];

  const rights: Right[] = [
    { id: "export", label: t("Right to export your notes", "Recht auf Export Ihrer Notizen"), type: "portability", how: t("use Settings › Export", "nutzen Sie Einstellungen › Export"), url: l("https://acme.example/export"), prose: null, derived: false, jurisdiction: null, sourceRef: at(120) },
    { id: "gdpr.access", label: l("Right of access (GDPR Art. 15)"), type: "access", how: null, url: null, prose: null, derived: true, jurisdiction: "EU", sourceRef: at(1) },
    { id: "ccpa.opt_out_sale", label: l("Right to opt out of sale or sharing (Cal. Civ. Code 1798.120)"), type: "opt_out_sale", how: null, url: null, prose: null, derived: true, jurisdiction: "US-CA", sourceRef: at(1) },
  ];

  const audiences: Audience[] = [
    { id: "kids", label: t("Children", "Kinder"), ageUnder: 13, collect: false, marketing: false, removal: t("write to privacy@acme.example", "schreiben Sie an privacy@acme.example"), prose: null, sourceRef: at(130) },
  ];

  const security: Statement[] = [
    { id: "measures", label: t("Security", "Sicherheit"), items: [t("encryption at rest", "Verschlüsselung ruhender Daten"), t("two-factor authentication", "Zwei-Faktor-Authentifizierung")], prose: null, sourceRef: at(140) },
  ];
  const changes: Statement[] = [
    { id: "notice", label: t("Changes", "Änderungen"), items: [t("by email", "per E-Mail"), t("in the app", "in der App")], prose: t("We never apply changes retroactively.", "Änderungen gelten nie rückwirkend."), sourceRef: at(150) },
  ];
  const sections: Statement[] = [
    { id: "ai", label: t("Artificial intelligence", "Künstliche Intelligenz"), items: [], prose: t("We do not train AI models on your notes.", "Wir trainieren keine KI-Modelle mit Ihren Notizen."), sourceRef: at(160) },
  ];

  const model: PolicyModel = {
    $schema: "https://policyc.dev/schema/policy-model-6.json",
    header: {
      id: "tiny",
      title: t("Acme Notes Privacy Policy", "Datenschutzerklärung von Acme Notes"),
      controller: { name: l("Acme Notes"), legalName: l("Acme Notes GmbH"), address: t("Hauptstraße 1, 10115 Berlin, Germany", "Hauptstraße 1, 10115 Berlin, Deutschland"), email: l("privacy@acme.example"), phone: l("+49 30 1234567"), url: l("https://acme.example") },
      dpo: { name: l("Dana Schutz"), legalName: null, address: null, email: l("dpo@acme.example"), phone: null, url: null },
      version: "2.1",
      effective: "2024-05-01",
      jurisdictions: ["EU", "US-CA"],
      languages: ["en", "de"],
      languageRefs: [],
      textRefs: {},
      authority: t("the Berlin Commissioner for Data Protection", "die Berliner Beauftragte für Datenschutz"),
      url: l("https://acme.example/privacy"),
      doNotSellUrl: l("https://acme.example/do-not-sell"),
      prose: t("We keep this short.", "Wir fassen uns kurz."),
      acceptsConsentFrom: [],
      source: at(1),
    },
    hash: "sha256:0000000000000000000000000000000000000000000000000000000000000000",
    consentHash: "sha256:1111111111111111111111111111111111111111111111111111111111111111",
    categories,
    purposes,
    recipients,
    rules,
    retention,
    trackers,
    rights,
    audiences,
    security,
    changes,
    sections,
    precedence: { strategy: "deny_overrides", strategyStated: true, prevails: [t("the Acme Terms of Service", "die Acme-Nutzungsbedingungen")], prose: null, sourceRef: at(170) },
    assertions: [],
  };
  return patch(model);
}
