/**
 * Content keys of document nodes, for the memo of rendered text (`render.ts`). A key is the
 * SHA-256 of a top-level node's JSON (mdast is JSON: that is all its content), remembered per
 * node object: a section reused from an earlier build of a watch session (`DocContext.written`)
 * brings back the same node objects, so only the nodes an edit made are read again.
 *
 * That holds because a node is not changed once its section is written, except by
 * `DocContext.finish`, which gives headings and statements their ids in document order. When it
 * gives a node that had an id another one (an edit added a heading of the same title before it),
 * it calls `markRewritten`, and every key remembered until then is read again when next asked for.
 */
import { createHash } from "node:crypto";
import type { RootContent } from "mdast";

/** Counts `markRewritten` calls: a digest is trusted only in the epoch it was made in. */
let epoch = 0;
const digests = new WeakMap<RootContent, { readonly epoch: number; readonly digest: string }>();

/** Notes that `finish` changed the id of a node that had one: no remembered key is trusted. */
export function markRewritten(): void {
  epoch += 1;
}

/** A key of top-level document nodes: equal keys, equal content. */
export function treeKey(nodes: readonly RootContent[]): string {
  let key = "";
  for (const node of nodes) {
    let known = digests.get(node);
    if (known === undefined || known.epoch !== epoch) {
      known = { epoch, digest: createHash("sha256").update(JSON.stringify(node)).digest("base64") };
      digests.set(node, known);
    }
    key += known.digest;
  }
  return key;
}
