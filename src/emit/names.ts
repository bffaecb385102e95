/**
 * The emitters' names, in the order the build runs them: what a configuration's `emitters` may
 * list. Kept apart from the registry so that validating a configuration (`check`, `fmt`) does not
 * load the emitters; a test holds the two equal.
 */
export const EMITTER_NAMES: readonly string[] = ["model", "document", "consent", "guards"];
