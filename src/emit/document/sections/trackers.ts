/**
 * Cookies and similar technologies (one subsection per tracker: what it is and who sets it, what
 * it collects, what for, and whether it waits for consent or can be refused) and third-party
 * features (social widgets and sign-on services, and recipients whose own policy applies).
 */
import type { BlockContent } from "mdast";
import type { Tracker } from "../../../model/types.js";
import { where } from "../context.js";
import { bySource } from "../phrases.js";
import { bullets, factItem, type Section, type Writer } from "../section.js";

const THIRD_PARTY_TYPES = new Set(["social_widget", "sign_on"]);

function trackerBlocks(w: Writer, t: Tracker): BlockContent[] {
  const { ctx, names } = w;
  const at = (field: string) => where("tracker", t.id, `\`${field}\``, t.sourceRef);
  const key = `tracker-${t.id}`;
  return [
    ctx.heading(3, ctx.textNodes(t.label, at("label"))),
    ...bullets([
      factItem(
        w,
        `${key}-what`,
        [t.sourceRef],
        ctx.say("tracker-what", {
          type: t.type ? ctx.label(`trackerTypes.${t.type}`) : null,
          providers: t.providers.map((id) => names.recipientName(id)),
          // beside its providers, we operate it too (`first_party yes`)
          us: t.firstParty && t.providers.length > 0,
          scope: ctx.tOpt(t.scope, at("scope")),
        }),
      ),
      factItem(w, `${key}-collects`, [t.sourceRef], ctx.say("tracker-collects", {
          collects: t.collects.map((id) => names.categoryName(id)),
          // a sign-on service hands us what it holds about the person: we receive it
          received: t.type === "sign_on",
        })),
      factItem(w, `${key}-purposes`, [t.sourceRef], ctx.say("tracker-purposes", { purposes: t.purposes.map((id) => names.purposeName(id)) })),
      factItem(
        w,
        `${key}-gate`,
        [t.sourceRef],
        ctx.say("tracker-gate", {
          consent: t.gate === "consent",
          optOutGate: t.gate === "opt_out",
          none: t.gate === "none",
          optOut: ctx.tOpt(t.optOut, at("opt_out")),
          optOutUrl: ctx.urlOpt(t.optOutUrl, at("opt_out_url")),
        }),
      ),
    ]),
    ...ctx.prose(t.prose, at("prose"), key),
  ];
}

export function cookies(w: Writer): Section | null {
  const trackers = bySource(w.ctx, w.ctx.model.trackers.filter((t) => !t.type || !THIRD_PARTY_TYPES.has(t.type)));
  if (trackers.length === 0) return null;
  return { key: "cookies", blocks: trackers.flatMap((t) => trackerBlocks(w, t)) };
}

export function thirdParty(w: Writer): Section | null {
  const { ctx, names } = w;
  const trackers = bySource(ctx, ctx.model.trackers.filter((t) => t.type !== null && THIRD_PARTY_TYPES.has(t.type)));
  const own = bySource(ctx, ctx.model.recipients.filter((r) => r.ownPolicy));
  if (trackers.length === 0 && own.length === 0) return null;
  const blocks: BlockContent[] = trackers.flatMap((t) => trackerBlocks(w, t));
  if (own.length > 0) {
    if (trackers.length > 0) blocks.push(ctx.heading(3, [{ type: "text", value: ctx.label("headings.ownPolicies") }]));
    blocks.push(
      ...bullets(own.map((r) => factItem(w, `recipient-${r.id}-own-policy`, [r.sourceRef], ctx.say("own-policy", { recipient: names.recipientName(r.id) })))),
    );
  }
  return { key: "thirdParty", blocks };
}
