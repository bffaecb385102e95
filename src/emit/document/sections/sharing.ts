/**
 * Who we share with (one table row per recipient: type and sectors, what it may receive by the
 * `allow share/sell/transfer` rules and exceptions covering it, safeguards, transfers), what we never do
 * (`deny` rules), and what we share without consent where a law requires or permits it.
 * Sharing anonymised or aggregated data is no sharing under a law: it is stated with the rest of
 * the sharing, whose sentence says "once anonymised".
 */
import { fromLibrary, givenByProvider } from "../../../model/collected.js";
import type { BlockContent, ListItem } from "mdast";
import type { Recipient, Rule, Tracker } from "../../../model/types.js";
import { where } from "../context.js";
import { joinInline, pushAll } from "../mdast.js";
import { bySource, hasAtom, isFlow, LAW_ATOMS, standalone, toAnyone } from "../phrases.js";
import { bullets, fact, factItem, proseItem, ruleItem, statementTable, type Section, type Writer } from "../section.js";
import { gdprApplies } from "../../../model/rights.js";
import { statesTransfers } from "../../../model/transfers.js";

/**
 * Rules written by the author (not derived from purposes or audiences), in source order, but an
 * allow that a deny overrides everywhere (PC3014): the policy would promise what it never does.
 */
function authored(w: Writer): Rule[] {
  return bySource(w.ctx, w.ctx.model.rules.filter((r) => r.origin === "rule" && !w.ctx.overridden(r)));
}

/**
 * What may reach recipients, rule by rule: the allows of a flow, top-level (but those to anyone
 * under a law, stated once in their own section) and the exceptions of any rule, which the guards
 * obey alike; each with the rule as the document says it (an exception with what it inherits).
 */
function grants(w: Writer): { readonly rule: Rule; readonly said: Rule }[] {
  const out: { rule: Rule; said: Rule }[] = [];
  const visit = (rule: Rule, ancestors: readonly Rule[]): void => {
    if (rule.effect === "allow" && isFlow(rule) && (ancestors.length > 0 || !(toAnyone(rule) && hasAtom(rule, LAW_ATOMS)))) {
      out.push({ rule, said: ancestors.length > 0 ? standalone(rule, ancestors, true) : rule });
    }
    for (const e of rule.exceptions) visit(e, [rule, ...ancestors]);
  };
  for (const rule of w.ctx.model.rules) if (rule.origin === "rule") visit(rule, []);
  const said = new Map(out.map((g) => [g.rule, g.said]));
  return bySource(w.ctx, [...said.keys()]).map((rule) => ({ rule, said: said.get(rule)! }));
}

/**
 * A rule as said, narrowed to the leaf categories and purposes it still lets through: each name
 * as written whose leaves all are kept (a group, a selector), else its leaves that are.
 */
function narrowed(w: Writer, said: Rule, keep: { readonly categories: readonly string[]; readonly purposes: readonly string[] }): Rule {
  const narrow = (written: readonly string[], leaves: readonly string[], kept: readonly string[], leavesOf: (id: string) => readonly string[] | undefined): string[] => {
    const keepSet = new Set(kept);
    const out: string[] = [];
    const covered = new Set<string>();
    for (const id of written) {
      // a selector (`personal`) stands for the rule's leaves that no other name covers
      const mine = (leavesOf(id) ?? leaves.filter((l) => !written.some((o) => o !== id && leavesOf(o)?.includes(l)))).filter((l) => leaves.includes(l));
      if (mine.length > 0 && mine.every((l) => keepSet.has(l))) {
        out.push(id);
        for (const l of mine) covered.add(l);
      } else {
        for (const l of mine) if (keepSet.has(l) && !covered.has(l)) (out.push(l), covered.add(l));
      }
    }
    return out;
  };
  const model = w.ctx.model;
  const leavesBy = (xs: readonly { readonly id: string; readonly leaves: readonly string[] }[]) => {
    const byId = new Map(xs.map((x) => [x.id, x.leaves.length > 0 ? x.leaves : [x.id]]));
    return (id: string) => byId.get(id);
  };
  const categoryLeaves = leavesBy(model.categories);
  const purposeLeaves = leavesBy(model.purposes);
  return {
    ...said,
    categories: keep.categories,
    purposes: keep.purposes,
    written: {
      ...said.written,
      categories: narrow(said.written.categories, said.categories, keep.categories, categoryLeaves),
      // no purpose written is every purpose: the kept ones, by name, once some are not
      purposes:
        said.written.purposes.length === 0
          ? keep.purposes.length === said.purposes.length
            ? []
            : [...keep.purposes]
          : narrow(said.written.purposes, said.purposes, keep.purposes, purposeLeaves),
    },
  };
}

/**
 * The rules that belong to "sharing without your consent where the law allows": the sharing a
 * law requires or permits. Collecting and using under the law are uses (see `uses`).
 */
function isLawful(r: Rule): boolean {
  return r.effect === "allow" && isFlow(r) && hasAtom(r, LAW_ATOMS);
}

export function sharing(w: Writer): Section {
  const { ctx, names } = w;
  const flows = authored(w).filter((r) => r.effect === "allow" && isFlow(r));
  // A rule to everyone under the law is stated once, in its own section, not in every row.
  const lawForAll = flows.some((r) => toAnyone(r) && hasAtom(r, LAW_ATOMS));
  const recipients = bySource(
    ctx,
    ctx.model.recipients.filter(
      (r) => r.children.length === 0 || r.sectors.length > 0 || r.safeguards.length > 0 || r.transfers.length > 0 || r.prose !== null,
    ),
  );
  // Each is read for a recipient's cell and again for its sources: worked out once per recipient.
  const perRecipientOnce = <T>(f: (r: Recipient) => T): ((r: Recipient) => T) => {
    const known = new Map<Recipient, T>();
    return (r) => {
      if (!known.has(r)) known.set(r, f(r));
      return known.get(r)!;
    };
  };
  // A row says what the guards let through to the recipient: the grants covering all of it,
  // each only where denies leave it something to allow for this recipient.
  const granted = grants(w);
  const receives = perRecipientOnce((r) =>
    granted
      .filter(({ rule }) => r.leaves.every((leaf) => rule.recipients.includes(leaf)))
      .flatMap((g) => {
        // the part of the rule denies leave: "Device identifiers", not "... and Approximate location"
        const parts = ctx.reachedBy(g.rule, r.leaves);
        if (parts.categories.length === 0) return [];
        const whole = parts.categories.length === g.rule.categories.length && parts.purposes.length === g.rule.purposes.length;
        return [whole ? g : { ...g, said: narrowed(w, g.said, parts) }];
      }),
  );
  // Trackers a recipient provides collect data for it directly.
  // Data the recipient itself hands to us (a sign-on profile) is not data it receives.
  const collectedFor = (r: Recipient, t: Tracker): string[] =>
    t.collects.filter((id) => !givenByProvider(names.category(id), r.leaves, (from) => w.names.recipient(from)?.leaves));
  const collectsThrough = perRecipientOnce(
    (r): Tracker[] =>
      bySource(
        ctx,
        ctx.model.trackers.filter((t) => r.leaves.every((leaf) => t.providers.includes(leaf)) && collectedFor(r, t).length > 0),
      ),
  );
  const col = (k: string) => ctx.label(`columns.sharing.${k}`);
  const at = (r: Recipient, field: string) => where("recipient", r.id, `\`${field}\``, r.sourceRef);
  // a party we only receive data from (a laboratory that sends results: `from`) is no recipient
  // of ours: the data table names it as the source, and "Nothing." here would only puzzle; one
  // the policy says more of (its transfers, safeguards or prose) keeps its row
  const sources = new Set(ctx.model.categories.flatMap((c) => (c.from ? [c.from] : [])));
  const saysMore = (r: Recipient) => r.prose !== null || r.transfers.length > 0 || r.safeguards.length > 0 || r.sectors.length > 0;
  const sourceOnly = (r: Recipient) =>
    (sources.has(r.id) || r.leaves.some((l) => sources.has(l))) && !saysMore(r) && receives(r).length === 0 && collectsThrough(r).length === 0;
  // a standard-library recipient named only in a promise (`deny share personal with advertisers`)
  // is no recipient of ours either: "What we never do" states the promise
  const promiseOnly = (r: Recipient) => fromLibrary(r) && receives(r).length === 0 && collectsThrough(r).length === 0;
  const shown = recipients.filter((r) => !sourceOnly(r) && !promiseOnly(r));

  const table = statementTable<Recipient>(
    w,
    shown,
    [
      { label: col("recipient"), value: (r) => ctx.textNodes(r.label, at(r, "label")) },
      {
        label: col("type"),
        value: (r) =>
          ctx.say("recipient-type", {
            type: r.type ? ctx.label(`recipientTypes.${r.type}`) : null,
            sectors: ctx.tList(r.sectors, "recipient", r.id, "sectors", r.sourceRef),
            ownPolicy: r.ownPolicy,
          }),
      },
      {
        label: col("receives"),
        value: (r) => {
          const rules = receives(r);
          const trackers = collectsThrough(r);
          if (rules.length === 0 && trackers.length === 0) {
            return ctx.say("receives-nothing", { lawSection: lawForAll ? ctx.label("sections.law") : null });
          }
          return joinInline(
            [
              ...rules.map((g) => ctx.say("receives", names.rule(g.said))),
              ...trackers.map((t) =>
                ctx.say("receives-tracker", {
                  tracker: names.trackerName(t.id),
                  scope: ctx.tOpt(t.scope, where("tracker", t.id, "`scope`", t.sourceRef)),
                  collects: collectedFor(r, t).map((id) => names.categoryName(id)),
                }),
              ),
            ],
            " ",
          );
        },
      },
      {
        label: col("safeguards"),
        value: (r) => ctx.say("recipient-safeguards", { safeguards: ctx.tList(r.safeguards, "recipient", r.id, "safeguards", r.sourceRef) }),
        optional: true,
      },
      {
        label: col("transfers"),
        value: (r) =>
          ctx.say("recipient-transfers", {
            transfers: ctx.tList(r.transfers, "recipient", r.id, "transfers", r.sourceRef),
            safeguards: ctx.tList(r.transferSafeguards, "recipient", r.id, "transfer_safeguards", r.sourceRef),
          }),
        optional: true,
      },
    ],
    (r) => `recipient-${r.id}`,
    (r) => [r.sourceRef, ...receives(r).map((g) => g.rule.sourceRef), ...collectsThrough(r).map((t) => t.sourceRef)],
  );

  const blocks: BlockContent[] = [...table];
  if (shown.length === 0) {
    pushAll(blocks, bullets([factItem(w, "recipients-missing", [ctx.model.header.source], ctx.say("recipients-missing", {}))]));
  }
  // The prose of the recipients and of the sharing rules, each after its facts.
  const notes: (ListItem | null)[] = [];
  for (const r of shown) {
    const prose = ctx.prose(r.prose, at(r, "prose"), `recipient-${r.id}`);
    notes.push(proseItem(w, `recipient-${r.id}-note`, [r.sourceRef], "note-lead", { label: ctx.t(r.label, at(r, "label")) }, prose));
  }
  for (const rule of flows.filter((r) => !isLawful(r))) {
    notes.push(ruleItem(w, rule, "share-rule", { onlyWithProse: true }));
  }
  pushAll(blocks, bullets(notes));
  // GDPR Art. 13(1)(f): silence about transfers abroad is said, as a missing DPO is (PC4012)
  const unstated = ctx.model.header.jurisdictions.some(gdprApplies) && !statesTransfers(ctx.model);
  pushAll(blocks, fact(w, "transfers-unstated", { unstated }, "transfers-unstated", [ctx.model.header.source]));
  return { key: "sharing", blocks };
}

export function never(w: Writer): Section | null {
  const denies = authored(w).filter((r) => r.effect === "deny");
  if (denies.length === 0) return null;
  return {
    key: "never",
    blocks: bullets(
      denies.map((r) => ruleItem(w, r, "deny-rule")),
    ),
  };
}

export function law(w: Writer): Section | null {
  const rules = authored(w).filter(isLawful);
  if (rules.length === 0) return null;
  return {
    key: "law",
    blocks: bullets(
      rules.map((r) => ruleItem(w, r, "law-rule", { suffix: "-law" })),
    ),
  };
}
