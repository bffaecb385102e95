/** A listed recipient should correspond to some possible data flow. */
import { q, type CheckerRule } from "../rule.js";

export const recipientReceivesNothing: CheckerRule = {
  codes: ["PC3003"],
  check(ctx) {
    const receiving = new Set<string>();
    for (const cell of ctx.table().cells) {
      if (cell.request.recipient !== null && cell.outcome !== "deny") receiving.add(cell.request.recipient);
    }
    const providers = new Set(ctx.model.trackers.flatMap((t) => t.providers));
    const sources = new Set(ctx.model.categories.map((c) => c.from).filter((f): f is string => f !== null));
    for (const r of ctx.model.recipients) {
      if (r.children.length > 0 || receiving.has(r.id) || providers.has(r.id) || sources.has(r.id)) continue;
      ctx.report("PC3003", { recipient: q(r.id) }, ctx.declSpan("recipient", r.id));
    }
  },
};
