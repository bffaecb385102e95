/**
 * `--format github`: one GitHub Actions workflow command per diagnostic
 * (`::error file=a.policy,line=3,col=5,endLine=3,endColumn=9,title=PC3002 unused-category::...`),
 * which the runner turns into annotations on the pull request's files. A problem with no file is
 * annotated on the run itself.
 *
 * What the runner reads as syntax is escaped: in the message `%`, CR and LF; in a property also
 * `:` and `,`. Characters a terminal acts on are written as `\uXXXX` (the log is a terminal too).
 */
import { CATALOGUE } from "../catalogue.js";
import type { Diagnostic } from "../diagnostic.js";
import { escapeUnsafe, Positions } from "./json.js";

const COMMAND = { error: "error", warning: "warning", info: "notice" } as const;

function data(text: string): string {
  return escapeUnsafe(text).replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function property(text: string): string {
  return data(text).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

export function formatGithub(diagnostics: readonly Diagnostic[], sources: ReadonlyMap<string, string>): string {
  const positions = new Positions(sources);
  return diagnostics
    .map((d) => {
      const props: string[] = [];
      if (d.span) {
        props.push(`file=${property(d.span.file)}`);
        const { start, end } = positions.range(d.span);
        if (start) props.push(`line=${start.line}`, `col=${start.column}`);
        if (end) props.push(`endLine=${end.line}`, `endColumn=${end.column}`);
      }
      props.push(`title=${property(`${d.code} ${CATALOGUE.get(d.code)?.name ?? ""}`.trim())}`);
      const message = d.help ? `${d.message}\nhelp: ${d.help}` : d.message;
      return `::${COMMAND[d.severity]} ${props.join(",")}::${data(message)}\n`;
    })
    .join("");
}
