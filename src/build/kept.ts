/**
 * A `package.json` directly in the output folder is the user's, and every build keeps it as it
 * is: the guards and the consent validator are ES modules, and in a project whose package.json
 * says `"type": "commonjs"` (as `npm init` writes it) Node loads them only with a
 * `{ "type": "module" }` of the folder's own. (Its own module: the CLI names it without loading
 * the build and its emitters.)
 */
export const KEPT_FILE = "package.json";
