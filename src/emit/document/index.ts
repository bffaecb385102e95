/**
 * The document emitter: the human-readable policy, as Markdown and HTML, in every language the
 * policy declares (or the build asks for). `policy.md`/`policy.html` are in the policy's source
 * language, `policy.<lang>.md`/`policy.<lang>.html` in each other one.
 *
 * Pipeline: model -> mdast tree (document.ts; wording from the template packs in templates.ts,
 * the policy's text through context.ts) -> Markdown and HTML (render.ts). Output depends on
 * nothing but the model, the options and the templates: no clock, no environment, no map order.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";
import type { PolicyModel } from "../../model/types.js";
import type { EmitOptions, EmitResult, EmittedFile, Emitter } from "../types.js";
import { DocContext, headerWhere } from "./context.js";
import { documentLanguages, missingPack, missingTemplatesFolder, templateFolderProblems } from "./packs.js";
import { buildDocument } from "./document.js";
import { pushAll } from "./mdast.js";
import { toHtml, toMarkdown } from "./render.js";
import { WordingPack, type FolderFiles } from "./templates.js";

export const documentEmitter: Emitter = {
  name: "document",
  emit(model: PolicyModel, options: EmitOptions): EmitResult {
    const files: EmittedFile[] = [];
    const diagnostics: Diagnostic[] = [];
    const source = model.header.languages[0] ?? "en";
    const folders = new Map<string, FolderFiles>();
    const languages = documentLanguages(model, options.languages);
    if (options.templatesDir) {
      const missing = missingTemplatesFolder(options.templatesDir, options.cwd);
      if (missing) return { files, diagnostics: [missing] };
      pushAll(diagnostics, templateFolderProblems(options.templatesDir, languages, options.cwd));
    }
    const packs: WordingPack[] = [];
    const load = (lang: string) =>
      WordingPack.load({
        lang,
        folders,
        ...(options.templatesDir ? { overrideDir: options.templatesDir } : {}),
        ...(options.cwd !== undefined ? { cwd: options.cwd } : {}),
      });
    // The source language's wording, for what a document in another language decides as the
    // author wrote it (see `DocContext.inSourceLanguage`): a pack of its own, whose reports are
    // the source document's to make.
    let sourcePack: WordingPack | undefined | null = null;
    const sourceWording = () => (sourcePack === null ? (sourcePack = load(source)) : sourcePack);
    const loaded = languages.map((lang) => [lang, load(lang)] as const);
    // every page links to the others, each named in its own language (`page.language`; the tag
    // where a pack does not say it)
    const pageOf = (lang: string) => `${lang === source ? "policy" : `policy.${lang}`}.html`;
    const versions = loaded.flatMap(([lang, pack]) => (pack ? [{ lang, href: pageOf(lang), text: pack.ownLabel("page.language") ?? lang }] : []));
    for (const [lang, pack] of loaded) {
      if (!pack) {
        diagnostics.push(missingPack(model, lang, options.templatesDir, options.languages, options.cwd));
        continue;
      }
      packs.push(pack);
      const ctx = new DocContext(model, lang, pack, options, lang === source ? undefined : sourceWording);
      const root = buildDocument(ctx);
      const h = model.header;
      const title = ctx.resolve(h.title, headerWhere(h, "title", "`title`")).value.replace(/\s+/g, " ").trim();
      const base = lang === source ? "policy" : `policy.${lang}`;
      files.push({ path: `${base}.md`, content: toMarkdown(root, options.banner, options.memo) });
      // a pack written before the link existed has no label for it: the English one is used
      const skip = pack.optionalLabel("page.skip") ?? "Skip to the policy";
      const alternates = versions.length > 1 ? versions.filter((v) => v.lang !== lang) : [];
      files.push({ path: `${base}.html`, content: toHtml(root, { lang, title, banner: options.banner, skip, alternates }, options.memo) });
      pushAll(diagnostics, pack.diagnostics);
      pushAll(diagnostics, ctx.reports.diagnostics);
    }
    // the texts of the templates and labels files the diagnostics point into
    const sources = new Map<string, string>();
    for (const d of diagnostics) {
      for (const span of [d.span, ...d.related.map((r) => r.span)]) {
        if (span === undefined || span.whole || sources.has(span.file)) continue;
        const text = packs.map((p) => p.textOf(span.file)).find((t) => t !== undefined);
        if (text !== undefined) sources.set(span.file, text);
      }
    }
    return { files, diagnostics, ...(sources.size > 0 ? { sources } : {}) };
  },
};
