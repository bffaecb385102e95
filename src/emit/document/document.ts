/**
 * The document as one mdast tree: opening, table of contents, then the sections in the order a
 * reader (and GDPR Art. 13/14) expects them. A section appears when the model has something for
 * it; the ones the law expects (who we are, what we collect, how we use it, who we share with,
 * retention, rights, contact) always appear and say so when the policy states nothing.
 */
import type { BlockContent, Heading, Root } from "mdast";
import { createDiagnostic } from "../../diagnostics/diagnostic.js";
import { locatedAt } from "../types.js";
import { plainText, type DocContext } from "./context.js";
import { cloneTree, link, list, listItem, paragraph, text } from "./mdast.js";
import { Names } from "./phrases.js";
import type { Section, Writer } from "./section.js";
import { collect, retention } from "./sections/data.js";
import { contact, opening, whoWeAre } from "./sections/identity.js";
import { children, rights } from "./sections/people.js";
import { choices, uses } from "./sections/purposes.js";
import { law, never, sharing } from "./sections/sharing.js";
import { changes, custom, precedence, security } from "./sections/statements.js";
import { cookies, thirdParty } from "./sections/trackers.js";

/** Section writers in document order; each returns null (or nothing) when it has nothing to say. */
const SECTIONS: readonly ((w: Writer) => Section | Section[] | null)[] = [
  whoWeAre,
  collect,
  uses,
  choices,
  cookies,
  sharing,
  never,
  law,
  security,
  retention,
  rights,
  children,
  precedence,
  thirdParty,
  changes,
  custom,
  contact,
];

/**
 * PC5011: a section of the policy's own (`section contact_us "Contact us"`) headed as a section
 * the document writes itself: the page would have two "Contact us", and its contents list both.
 */
function sameTitles(ctx: DocContext, sections: readonly { key: string; heading: Heading }[]): void {
  const title = (h: Heading) => plainText(h).replace(/\s+/g, " ").trim().toLocaleLowerCase(ctx.lang);
  // the document's own sections first, then each of the policy's as it comes: a later one that
  // takes a title already there (the document's, or an earlier section's) is the finding
  const taken = new Map<string, { text: string; by: string | null }>(
    sections.filter((s) => !s.key.startsWith("section-")).map((s) => [title(s.heading), { text: plainText(s.heading), by: null }]),
  );
  for (const s of sections) {
    if (!s.key.startsWith("section-")) continue;
    const id = s.key.slice("section-".length);
    const same = taken.get(title(s.heading));
    if (same === undefined) {
      taken.set(title(s.heading), { text: plainText(s.heading), by: id });
      continue;
    }
    const decl = ctx.model.sections.find((x) => x.id === id);
    if (decl === undefined) continue;
    const whose = same.by === null ? "as a section the document writes itself" : `as section \`${same.by}\``;
    ctx.reports.report(`PC5011|${ctx.lang}|${id}`, () =>
      locatedAt(createDiagnostic("PC5011", { section: `\`${id}\``, title: `“${same.text}”`, lang: ctx.lang, whose }, undefined), decl.sourceRef),
    );
  }
}

export function buildDocument(ctx: DocContext): Root {
  const w: Writer = { ctx, names: new Names(ctx) };
  const head = opening(w);
  // Sections are built before their headings so that statement order follows the document.
  const sections: { key: string; heading: ReturnType<DocContext["heading"]>; blocks: BlockContent[] }[] = [];
  const tocTitle = ctx.heading(2, [text(ctx.label("sections.contents"))], "toc-title");
  for (const [i, write] of SECTIONS.entries()) {
    const result = ctx.written(String(i), () => write(w));
    for (const s of result === null ? [] : Array.isArray(result) ? result : [result]) {
      const title = s.title ?? [text(ctx.label(`sections.${s.key}`))];
      sections.push({ key: s.key, heading: ctx.heading(2, title), blocks: s.blocks });
    }
  }
  sameTitles(ctx, sections);
  const links = sections.map((s) => link("#", cloneTree(s.heading.children)));
  const toc = list(links.map((l) => listItem([paragraph([l])])), true);
  toc.data = { hProperties: { className: ["toc"] } };
  const root: Root = {
    type: "root",
    children: [...head, tocTitle, toc, ...sections.flatMap((s) => [s.heading, ...s.blocks])],
  };
  ctx.finish(root);
  sections.forEach((s, i) => (links[i]!.url = `#${String(s.heading.data!.hProperties!.id)}`));
  return root;
}
