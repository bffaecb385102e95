import type { CodeInfo } from "../catalogue.js";

/**
 * PC5xxx: emitters. The model is already checked when an emitter runs, so these are about
 * producing the output: translations the document needs, and the wording templates a project
 * may override. The model carries no spans, so the location is named in the message.
 */
export const EMIT_CODES: readonly CodeInfo[] = [
  {
    code: "PC5001",
    name: "missing-translation",
    severity: "warning",
    message: "no `{lang}` translation of the {field} of {decl} ({at}): the `{lang}` document shows the `{source}` text, marked as untranslated",
    help: "add `@{lang} \"...\"` after the {field} text of {decl}, whose declaration starts at {at}",
    description:
      "The document is produced in every language the policy declares (or the build asks for). Every piece of the policy's own text that the document shows (labels, examples, prose, opt-out instructions...) needs a translation into that language. A missing one is shown in the source language, marked as untranslated (in HTML a `lang` attribute and an `untranslated` class, in both formats a visible note), never silently mixed in.",
    example: 'policy p "Privacy policy" { languages en, de }\ncategory contact.email "Email address"',
    fix: 'Add the translation after the string: `category contact.email "Email address" @de "E-Mail-Adresse"`.',
  },
  {
    code: "PC5002",
    name: "no-templates-for-language",
    severity: "error",
    message: "there are no wording templates for language `{lang}`, so no `{lang}` document can be written",
    help: "copy the built-in `templates/en` into the project's templates folder as `{lang}/`, translate it, and name that folder in the configuration's `templates`; or drop `{lang}` from `languages`",
    description:
      "The sentences of the document come from a template pack per language (`templates/<lang>/*.hbs` and `labels.json`). A language with no pack, neither built in nor in the project's templates folder, cannot be written.",
    example: 'policy p "Privacy policy" { languages en, fr }',
    fix: "Add the pack for the language in the project's templates folder (a copy of `templates/en`, translated).",
  },
  {
    code: "PC5003",
    name: "template-missing",
    severity: "error",
    message: "the `{lang}` template pack has no `{template}`: the English wording was used",
    help: "add `{lang}/{template}` (start from `templates/en/{template}`)",
    description:
      "A template pack must contain every template and label of the built-in English pack. A missing one falls back to English, which would put English sentences into another language's document.",
    example: "wording/fr/labels.json without `sections.rights` (a language no built-in pack has)",
    fix: "Copy the missing template or label from `templates/en` and translate it.",
  },
  {
    code: "PC5004",
    name: "template-failed",
    severity: "error",
    message: "template `{template}` ({lang}) failed: {reason}",
    help: "a template must be valid Handlebars, and in strict mode every field it names must be one the emitter passes (see the built-in `templates/en/{template}`)",
    description:
      "A wording template could not be read, compiled or rendered, usually because an overriding template names a field the emitter does not provide. The statement it should have produced is missing from the document.",
    example: "wording/en/deny-rule.hbs containing `{{reason}}`",
    fix: "Use only the fields the built-in template of the same name uses.",
  },
  {
    code: "PC5005",
    name: "unsafe-link",
    severity: "warning",
    message: "link `{url}` in the {field} of {decl} ({at}) is not an http, https, mailto or tel address and is shown as text",
    description:
      "The document links only to web, mail and phone addresses. Any other scheme (`javascript:`, `data:`, `file:`) could run code or leak data in a reader's browser, so it is shown as literal text instead.",
    example: 'purpose ads "Ads" { opt_out_url "javascript:optOut()" }',
    fix: "Give an `https://` address.",
  },
  {
    code: "PC5006",
    name: "template-shows-one-basis",
    severity: "warning",
    message: "the `{lang}` template `purpose-basis.hbs` shows one legal basis, but {purpose} has several: the document names only {shown}",
    help: "list `bases` in the template, as `templates/{lang}/purpose-basis.hbs` does (each with `basis`, `article`, `interest`)",
    description:
      "A purpose can rest on several legal bases (`basis legal_obligation, legitimate_interests`). A `purpose-basis.hbs` written before that shows only `basis`, the first of them, " +
      "so the published policy would leave the others out. The built-in templates list `bases`; an overriding template that never names `bases` is reported for each purpose it shortens.",
    example: "an overriding purpose-basis.hbs without `{{#each bases}}`, and `purpose records { basis legal_obligation, legitimate_interests }`",
    fix: "Update the template from the built-in one of its language.",
  },
  {
    code: "PC5007",
    name: "unknown-template",
    severity: "warning",
    message: "the project's template `{file}` is not one policyc uses, so it changes nothing{suggestion}",
    help: "name it after the built-in template it replaces (`templates/en/*.hbs`)",
    description:
      "A project overrides a built-in wording template by writing one of the same name in its templates folder. A file with any other name (a misspelling, a template renamed since) is never read, so the document keeps the built-in wording that legal meant to change.",
    example: "wording/en/chnages.hbs (meant as changes.hbs)",
    fix: "Rename the file after the template it replaces, or delete it.",
  },
  {
    code: "PC5008",
    name: "unknown-label",
    severity: "warning",
    message: "the project's `{file}` sets `{key}`{problem}, so it changes nothing{suggestion}",
    help: "use the keys of the built-in `templates/en/labels.json`",
    description:
      "A project changes the document's vocabulary (headings, names of legal bases, column titles...) by setting the same keys in its own `labels.json`. A key no built-in pack has (a misspelling, a key renamed since) is never read, so the document keeps the built-in text. " +
      "Open vocabularies, whose keys come from the policy itself (`jurisdictions`, `jurisdictionsIn`, `jurisdictionsOutside`, `channels`, `taxonomy`), take any key. A label that must be a text but is not is reported too.",
    example: 'wording/en/labels.json with `{ "sections": { "rigths": "Your rights" } }`',
    fix: "Spell the key as the built-in `labels.json` does, or delete it.",
  },
  {
    code: "PC5009",
    name: "misplaced-template",
    severity: "warning",
    message: "the project's {what}, so it changes nothing{suggestion}",
    help: "a project's templates are read from one folder per language: `<templates>/<lang>/<name>.hbs` and `<templates>/<lang>/labels.json`",
    description:
      "A project's templates folder holds one folder per language, named as the policy names the language (`en`, `de`). A template or `labels.json` put directly in the templates folder, or in a folder named for no language the document is written in " +
      "(`de-DE` for a policy in `de`, `English`), is never read, so the document keeps the built-in wording. A folder for a language that another policy of the project may use (`fr`) is not reported.",
    example: "wording/deny-rule.hbs (meant as wording/en/deny-rule.hbs)",
    fix: "Move the file into the folder of its language, or rename the folder after the language.",
  },
  {
    code: "PC5010",
    name: "template-leaves-out",
    severity: "error",
    message: "the project's template `{file}` {problem}: the document says less than the policy",
    help: "write it out as the built-in template does (testing it with `{{#if}}` does not say what it holds); if the shorter sentence is meant, set `\"PC5010\": \"warning\"` in the configuration's `rules`",
    description:
      "A project's template replaces a built-in one sentence by sentence. When it never writes out a field the built-in template writes and the statement has (a deny rule's purposes or recipients, an age, a period), " +
      "or writes nothing where the built-in template writes a statement, the published policy says less than the `.policy` file, and may promise what it does not do: \"We never share your email with our providers\" where the policy says \"... except for delivering the service\". " +
      "A field only tested (`{{#if purposes}} for some purposes{{/if}}`) is not written out. Fields that are only switches (`true`/`false`) are not counted. An error, so that nothing is published; a project that means the shorter wording sets it to a warning. A purpose's several legal bases are PC5006.",
    example: "wording/en/deny-rule.hbs containing `We never touch {{list (quoted categories)}}.`",
    fix: "Add the missing fields to the template (see the built-in one and `templates/README.md`), or turn PC5010 off if the shorter wording is deliberate.",
  },
  {
    code: "PC5011",
    name: "section-title-taken",
    severity: "warning",
    message: "section {section} is headed {title} in the `{lang}` document, {whose}: the page has two, and its contents list both",
    help: "give the section a title of its own (\"Visiting our office\"), so that each heading leads to one section",
    description:
      "The document writes its own sections (what we collect, who we share it with, your rights, contact us...). A `section` of the policy that takes one of their titles in a language, or the title of another `section`, makes two headings of the same name, and a reader who follows the contents list finds one of them only.",
    example: 'policy p "P" { controller "Acme" { email "privacy@acme.example" } }\nsection contact_us "Contact us" { prose "Write to us." }',
    fix: "Rename the section, or move its text into the declaration the built-in section shows.",
  },
  {
    code: "PC5012",
    name: "prose-not-formatted",
    severity: "warning",
    message: "a paragraph of {text} of {decl} ({at}) {reason}: it is shown as written, without emphasis, code or links",
    help: "split the paragraph with a blank line, or write it with fewer `*`, `_`, `~`, backticks and brackets",
    description:
      "Prose is inline Markdown: emphasis, code and links work. Pairing up the marks of a paragraph takes time that grows with the square of their number, so that a crafted or generated text of a few kilobytes could hold a build for minutes. A paragraph (the text between two blank lines) with more than 256 of these marks, or longer than 8,192 characters, far beyond any written paragraph, is therefore not read as Markdown: it is shown exactly as written, its marks included.",
    example: 'section notes "Notes" { prose "*a*a*a*a ... (more than 256 of `*`, `_`, `~`, backticks and brackets, with no blank line)" }',
    fix: "Split the paragraph at blank lines, or drop the marks it does not need.",
  },
];
