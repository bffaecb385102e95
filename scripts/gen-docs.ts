/** Writes docs/diagnostics.md from the catalogue. Run: `npm run docs`. */
import { writeFileSync } from "node:fs";
import { renderDiagnosticsDoc } from "../src/diagnostics/docs.js";

writeFileSync(new URL("../docs/diagnostics.md", import.meta.url), renderDiagnosticsDoc());
