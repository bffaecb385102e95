/**
 * The opening of the document (title, version, fingerprint, effective date, the policy's own
 * introduction) and the two sections about the controller: who we are, and how to contact us.
 */
import { hasContact } from "../../../model/party.js";
import type { BlockContent, Paragraph } from "mdast";
import type { Party, SourceRef } from "../../../model/types.js";
import { gdprApplies } from "../../../model/rights.js";
import { headerWhere } from "../context.js";
import { list, listItem, paragraph, pushAll, text } from "../mdast.js";
import { fact, type Section, type Writer } from "../section.js";

/** Title, the line naming version and fingerprint, and the header's prose. */
export function opening(w: Writer): BlockContent[] {
  const { ctx } = w;
  const h = ctx.model.header;
  const title = ctx.heading(1, ctx.textNodes(h.title, headerWhere(h, "title", "`title`")));
  const meta = ctx.para("document-meta", {
    version: h.version !== null ? ctx.slot([text(h.version)]) : null,
    effective: h.effective,
    hash: ctx.slot([{ type: "inlineCode", value: ctx.model.hash }]),
  });
  const out: BlockContent[] = [title];
  if (meta) {
    meta.data = { hProperties: { className: ["meta"] } };
    out.push(ctx.statement(meta, "policy-version", [h.source]));
  }
  pushAll(out, ctx.prose(h.prose, headerWhere(h, "prose", "`prose`"), "policy"));
  return out;
}

/** Who we are: the controller and the data protection officer (GDPR Art. 13(1)(a)-(b)). */
export function whoWeAre(w: Writer): Section {
  const { ctx } = w;
  const h = ctx.model.header;
  const c = h.controller;
  const blocks: BlockContent[] = [
    ...fact(
      w,
      "controller",
      {
        name: w.ctx.asWritten(c?.name),
        // "TaskFlow GmbH (TaskFlow GmbH)" says nothing more: the legal name only when it differs
        legalName: c?.legalName && c.legalName.text === c.name?.text ? null : w.ctx.asWritten(c?.legalName),
      },
      "controller",
      [h.source],
    ),
    ...fact(
      w,
      "dpo",
      {
        appointed: h.dpo !== null,
        name: w.ctx.asWritten(h.dpo?.name),
        // a DPO named without a way to reach them: "Contact us" would not list them (PC4002)
        reachable: hasContact(h.dpo),
        gdpr: h.jurisdictions.some(gdprApplies),
        contactSection: ctx.label("sections.contact"),
      },
      "dpo",
      [h.source],
    ),
  ];
  return { key: "who", blocks };
}

function contactList(w: Writer, p: Party, role: "controller" | "dpo", ref: SourceRef): BlockContent[] {
  const { ctx } = w;
  const h = ctx.model.header;
  const at = (field: string) => headerWhere(h, `${role}.${field}`, `\`${field}\` of the ${role === "controller" ? "controller" : "data protection officer"}`);
  const details: [string, string | null][] = [
    // an address reads the same in every language: a translation when given, never reported
    ["address", ctx.asWritten(p.address)],
    ["email", ctx.urlOpt(p.email, at("email"), "email")],
    ["phone", ctx.urlOpt(p.phone, at("phone"), "phone")],
    ["url", ctx.urlOpt(p.url, at("url"))],
  ];
  const items = details
    .filter((d): d is [string, string] => d[1] !== null)
    .map(([kind, value]) => {
      const nodes = ctx.say("contact-detail", { kind: ctx.label(`contact.${kind}`), value });
      return ctx.statement(listItem([paragraph(nodes)]), `${role}-${kind}`, [ref]);
    });
  if (items.length === 0) return [];
  const intro: Paragraph[] = fact(
    w,
    "contact-intro",
    { dpo: role === "dpo", name: w.ctx.asWritten(p.name) },
    `${role}-contact`,
    [ref],
  );
  return [...intro, list(items)];
}

/** How to reach the controller and the DPO, and where this policy is published. */
export function contact(w: Writer): Section {
  const { ctx } = w;
  const h = ctx.model.header;
  const blocks: BlockContent[] = [
    ...(h.controller ? contactList(w, h.controller, "controller", h.source) : []),
    ...(h.dpo ? contactList(w, h.dpo, "dpo", h.source) : []),
  ];
  if (blocks.length === 0) {
    blocks.push(
      ...fact(w, "contact-missing", { name: w.ctx.asWritten(h.controller?.name) }, "contact-missing", [h.source]),
    );
  }
  if (h.url) {
    pushAll(blocks, fact(w, "policy-url", { url: ctx.url(h.url, headerWhere(h, "url", "`url`")) }, "policy-url", [h.source]));
  }
  return { key: "contact", blocks };
}
