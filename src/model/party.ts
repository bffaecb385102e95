/** The controller and the data protection officer: what the notice needs of them. */
import type { Party } from "./types.js";

/** Whether the policy gives a way to reach `p`: an address, an email, a phone number or a web page. A name alone is none. */
export function hasContact(p: Party | null): boolean {
  return p !== null && [p.address, p.email, p.phone, p.url].some((x) => x !== null && x !== undefined);
}
