/**
 * The sections made of the policy's `security`, `precedence`, `changes` and `section`
 * declarations: their items become statements, their prose follows.
 */
import type { BlockContent } from "mdast";
import type { Statement } from "../../../model/types.js";
import { where } from "../context.js";
import { list, listItem, paragraph, pushAll } from "../mdast.js";
import { bySource } from "../phrases.js";
import { fact, type Section, type Writer } from "../section.js";

function itemList(w: Writer, s: Statement, kind: string, field: string): BlockContent[] {
  const items = s.items.map((item, i) =>
    w.ctx.statement(
      listItem([paragraph(w.ctx.textNodes(item, where(kind, s.id, s.items.length > 1 ? `\`${field}\` (item ${i + 1})` : `\`${field}\``, s.sourceRef)))]),
      `${kind}-${s.id}-${i + 1}`,
      [s.sourceRef],
    ),
  );
  return items.length > 0 ? [list(items)] : [];
}

export function security(w: Writer): Section | null {
  const { ctx } = w;
  const decls = bySource(ctx, ctx.model.security);
  if (decls.length === 0) return null;
  const blocks: BlockContent[] = [];
  for (const s of decls) {
    if (decls.length > 1) blocks.push(ctx.heading(3, ctx.textNodes(s.label, where("security", s.id, "`label`", s.sourceRef))));
    if (s.items.length > 0) pushAll(blocks, fact(w, "security-measures", { count: s.items.length }, `security-${s.id}`, [s.sourceRef]));
    pushAll(blocks, itemList(w, s, "security", "measures"));
    pushAll(blocks, ctx.prose(s.prose, where("security", s.id, "`prose`", s.sourceRef), `security-${s.id}`));
  }
  return { key: "security", blocks };
}

export function precedence(w: Writer): Section | null {
  const { ctx } = w;
  const p = ctx.model.precedence;
  if (!p.sourceRef) return null;
  const ref = p.sourceRef;
  const blocks: BlockContent[] = [
    ...fact(
      w,
      "precedence",
      { prevails: ctx.tList(p.prevails, "precedence", "precedence", "prevails", ref) },
      "precedence-prevails",
      [ref],
    ),
    ...fact(w, "precedence-strategy", { denyOverrides: p.strategyStated && p.strategy === "deny_overrides" }, "precedence-strategy", [ref]),
    ...ctx.prose(p.prose, where("precedence", "precedence", "`prose`", ref), "precedence"),
  ];
  return blocks.length > 0 ? { key: "precedence", blocks } : null;
}

export function changes(w: Writer): Section | null {
  const { ctx } = w;
  const decls = bySource(ctx, ctx.model.changes);
  if (decls.length === 0) return null;
  const blocks: BlockContent[] = [];
  for (const s of decls) {
    blocks.push(
      ...fact(w, "changes", { notify: ctx.tList(s.items, "changes", s.id, "notify", s.sourceRef) }, `changes-${s.id}`, [s.sourceRef]),
    );
    pushAll(blocks, ctx.prose(s.prose, where("changes", s.id, "`prose`", s.sourceRef), `changes-${s.id}`));
  }
  return { key: "changes", blocks };
}

/** The policy's own `section` declarations, each a section titled by its label. */
export function custom(w: Writer): Section[] {
  const { ctx } = w;
  return bySource(ctx, ctx.model.sections)
    .map((s): Section => ({
      key: `section-${s.id}`,
      title: ctx.textNodes(s.label, where("section", s.id, "`label`", s.sourceRef)),
      blocks: ctx.prose(s.prose, where("section", s.id, "`prose`", s.sourceRef), `section-${s.id}`),
    }))
    .filter((s) => s.blocks.length > 0);
}
