/**
 * What we collect (one table row per leaf category, then notes: what must be provided and what
 * happens if it is not, examples of whole groups, the categories' prose) and how long we keep it
 * (one row per retention declaration, and the personal data no declaration covers).
 */
import { collectedCategories, providedByPerson } from "../../../model/collected.js";
import type { BlockContent, ListItem } from "mdast";
import type { Category, Retention } from "../../../model/types.js";
import { where } from "../context.js";
import { list, listItem, paragraph, pushAll, text } from "../mdast.js";
import { bySource } from "../phrases.js";
import { fact, lead, proseItem, sentences, statementTable, type Section, type Writer } from "../section.js";
import { PERSONAL_CLASSIFICATIONS } from "../../../syntax/ast.js";
import { EVENT_FROM, hasTimeLimit } from "../../../model/retention.js";


function label(w: Writer, c: Category): string {
  return w.ctx.t(c.label, where("category", c.id, "`label`", c.sourceRef));
}

/** A category states `field` itself when its parent's (inherited) value differs. */
function ownValue<K extends "provision" | "consequence" | "scope">(w: Writer, c: Category, field: K): boolean {
  if (c[field] === null) return false;
  const parent = c.parent ? w.names.category(c.parent) : undefined;
  return !parent || JSON.stringify(parent[field]) !== JSON.stringify(c[field]);
}

/**
 * Whether the document says if providing `c` is required: of data the person provides
 * (Art. 13(2)(e)), and of other data where the policy states it for that data itself (location a
 * phone sends, without which no driver can be found), not where a group's requirement only reaches it.
 */
function saysRequirement(w: Writer, c: Category): boolean {
  return providedByPerson(c) || ownValue(w, c, "provision");
}

export function collect(w: Writer): Section {
  const { ctx, names } = w;
  // what the policy collects: not a category of the taxonomy it only promises not to share
  const collected = collectedCategories(ctx.model);
  const leaves = ctx.model.categories.filter((c) => c.children.length === 0 && collected.has(c.id));
  const col = (k: string) => ctx.label(`columns.collect.${k}`);
  const table = statementTable<Category>(
    w,
    leaves,
    [
      {
        label: col("information"),
        value: (c) =>
          ctx.say("category-name", {
            label: label(w, c),
            group: c.parent && names.category(c.parent) ? label(w, names.category(c.parent)!) : null,
          }),
      },
      {
        label: col("examples"),
        value: (c) => ctx.say("category-examples", { examples: ctx.tList(c.examples, "category", c.id, "examples", c.sourceRef) }),
        optional: true,
      },
      { label: col("kind"), value: (c) => [text(ctx.label(`classifications.${c.classification}`))] },
      {
        label: col("source"),
        value: (c) =>
          ctx.say("category-source", {
            // "not stated" rather than the empty mark, as in the last column
            source: c.source ? ctx.label(`sources.${c.source}`) : c.from ? null : ctx.label("sources.unstated"),
            from: c.from ? names.recipientName(c.from) : null,
          }),
      },
      {
        label: col("scope"),
        value: (c) => (c.scope ? ctx.textNodes(c.scope, whereDeclared(w, c, "scope")) : []),
        optional: true,
      },
      // "not stated" rather than the empty mark, which would read as "no"; the empty mark where
      // the person does not provide the data at all (Art. 13(2)(e) asks of what they provide)
      { label: col("required"), value: (c) => (saysRequirement(w, c) ? [text(ctx.label(`provisionsShort.${c.provision ?? "unstated"}`))] : []) },
    ],
    (c) => `category-${c.id}`,
    (c) => [c.sourceRef],
  );

  // Notes: facts a table row cannot hold, then the category's prose.
  const notes: ListItem[] = [];
  for (const c of ctx.model.categories) {
    if (!c.leaves.some((l) => collected.has(l))) continue;
    const at = where("category", c.id, "`prose`", c.sourceRef);
    const isGroup = c.children.length > 0;
    // what a requirement covers: the data the person provides, not what we observe or derive
    const covers = c.leaves.filter((id) => collected.has(id) && saysRequirement(w, names.category(id)!));
    const facts = sentences(w, [
      [
        "category-requirement",
        (ownValue(w, c, "provision") || ownValue(w, c, "consequence")) && covers.length > 0
          ? {
              prerequisite: c.provision === "prerequisite",
              contractual: c.provision === "contractual",
              statutory: c.provision === "statutory",
              voluntary: c.provision === "voluntary",
              covers: isGroup ? covers.map((id) => label(w, names.category(id)!)) : [],
              consequence: c.consequence ? ctx.t(c.consequence, whereDeclared(w, c, "consequence")) : null,
            }
          : { prerequisite: false, contractual: false, statutory: false, voluntary: false, covers: [], consequence: null },
      ],
      ["category-group-examples", { examples: isGroup ? ctx.tList(c.examples, "category", c.id, "examples", c.sourceRef) : [] }],
    ]);
    const prose = ctx.prose(c.prose, at, `category-${c.id}`);
    if (facts.length === 0 && prose.length === 0) continue;
    const head = { label: label(w, c) };
    if (facts.length > 0) {
      notes.push(ctx.statement(listItem([paragraph(lead(w, "note-lead", head, facts)), ...prose]), `category-${c.id}-note`, [c.sourceRef]));
    } else {
      notes.push(proseItem(w, `category-${c.id}-note`, [c.sourceRef], "note-lead", head, prose)!);
    }
  }

  const blocks: BlockContent[] = [...table];
  if (leaves.length === 0) pushAll(blocks, fact(w, "collect-missing", {}, "collect-missing", [ctx.model.header.source]));
  if (notes.length > 0) blocks.push(list(notes));
  return { key: "collect", blocks };
}

/** Where `field` of `c` was written: on the category itself or on the ancestor it inherits from. */
function whereDeclared(w: Writer, c: Category, field: "scope" | "consequence"): ReturnType<typeof where> {
  const d = declaring(w, c, field);
  return where("category", d.id, `\`${field}\``, d.sourceRef);
}

/** The category (itself or an ancestor) that states an inherited field, for diagnostics. */
function declaring(w: Writer, c: Category, field: "scope" | "consequence" | "provision"): Category {
  let cur = c;
  for (;;) {
    const parent = cur.parent ? w.names.category(cur.parent) : undefined;
    if (!parent || JSON.stringify(parent[field]) !== JSON.stringify(cur[field])) return cur;
    cur = parent;
  }
}

export function retention(w: Writer): Section {
  const { ctx, names } = w;
  const items = bySource(ctx, ctx.model.retention);
  const col = (k: string) => ctx.label(`columns.retention.${k}`);
  // what the period and the maximum count from ("after you delete your account"), when said
  const fromWords = (r: Retention) => (r.from === null ? null : ctx.label(`retentionFrom.${r.from}`));
  const table = statementTable<Retention>(
    w,
    items,
    [
      {
        label: col("information"),
        value: (r) =>
          ctx.say("retention-information", {
            selector: r.categoriesDeclared.length === 1 && names.isSelector(r.categoriesDeclared[0]!) ? ctx.label(`selectors.${r.categoriesDeclared[0]!}`) : null,
            categories: r.categoriesDeclared.map((id) => names.categoryName(id)),
          }),
      },
      {
        label: col("purposes"),
        value: (r) => ctx.say("retention-purposes", { purposes: r.purposes.map((id) => names.purposeName(id)) }),
        optional: true,
      },
      {
        label: col("period"),
        value: (r) =>
          ctx.say("retention-period", {
            indefinite: r.period === "indefinite",
            duration: r.period !== null && r.period !== "indefinite" ? { amount: r.period.amount, unit: r.period.unit } : null,
            from: fromWords(r),
          }),
      },
      {
        label: col("criteria"),
        // a criterion that is the event the period counts from is said by the period ("30 days
        // after you delete your account"): beside it, "Until you delete your account" reads as
        // a contradiction
        value: (r) =>
          ctx.say("retention-criteria", {
            criteria: r.criteria.filter((c) => !(hasTimeLimit(r) && EVENT_FROM[c] !== undefined && EVENT_FROM[c] === r.from)).map((c) => ctx.label(`criteria.${c}`)),
          }),
        optional: true,
      },
      { label: col("end"), value: (r) => ctx.say("retention-end", { end: r.end.map((e) => ctx.label(`endActions.${e}`)) }), optional: true },
      {
        label: col("max"),
        value: (r) => ctx.say("retention-max", { max: r.max ? { amount: r.max.amount, unit: r.max.unit } : null, from: fromWords(r) }),
        optional: true,
      },
    ],
    (r) => `retention-${r.id}`,
    (r) => [r.sourceRef],
  );

  const blocks: BlockContent[] = [...table];
  if (items.length === 0) {
    pushAll(blocks, fact(w, "retention-missing", {}, "retention-missing", [ctx.model.header.source]));
  } else {
    const covered = new Set(items.flatMap((r) => r.categories));
    const collected = collectedCategories(ctx.model);
    const uncovered = ctx.model.categories.filter((c) => c.children.length === 0 && collected.has(c.id) && PERSONAL_CLASSIFICATIONS.has(c.classification) && !covered.has(c.id));
    blocks.push(
      ...fact(
        w,
        "retention-uncovered",
        { categories: uncovered.map((c) => label(w, c)) },
        "retention-uncovered",
        uncovered.map((c) => c.sourceRef),
      ),
    );
  }
  const notes: ListItem[] = [];
  for (const r of items) {
    const prose = ctx.prose(r.prose, where("retention", r.id, "`prose`", r.sourceRef), `retention-${r.id}`);
    const item = proseItem(w, `retention-${r.id}-note`, [r.sourceRef], "note-lead", { label: ctx.t(r.label, where("retention", r.id, "`label`", r.sourceRef)) }, prose);
    if (item) notes.push(item);
  }
  if (notes.length > 0) blocks.push(list(notes));
  return { key: "retention", blocks };
}
