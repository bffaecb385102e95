/**
 * The stylesheet inlined into every HTML page: readable typography on screen, a dark palette for
 * screens set to dark, a clean printout, no external fonts or resources. Class names it styles
 * are set by the emitter: `meta` (version line), `toc`, `untranslated` / `untranslated-mark`,
 * `source` (withSources notes).
 */
export const STYLE = `
:root { color-scheme: light dark; --bg: #fff; --text: #1f2328; --muted: #57606a; --accent: #0a58ca; --rule: #d8dee4; --soft: #f6f8fa; --stripe: #fbfcfd; --edge: rgba(0,0,0,.14); }
@media screen and (prefers-color-scheme: dark) {
  :root { --bg: #0d1117; --text: #e6edf3; --muted: #9198a1; --accent: #4493f8; --rule: #30363d; --soft: #161b22; --stripe: #11161d; --edge: rgba(255,255,255,.16); }
}
*, *::before, *::after { box-sizing: border-box; }
html { -webkit-text-size-adjust: 100%; text-size-adjust: 100%; }
body { margin: 0; color: var(--text); background: var(--bg); font: 1.0625rem/1.65 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif; }
header, nav, main { max-width: 64rem; margin: 0 auto; padding: 0 2rem; }
header { padding-top: 3rem; }
h1 { font-size: 2.25rem; line-height: 1.2; margin: 0 0 .75rem; letter-spacing: -.01em; }
h1, h2 { overflow-wrap: break-word; hyphens: auto; }
h2 { font-size: 1.5rem; line-height: 1.3; margin: 3rem 0 1rem; padding-top: 1.25rem; border-top: 1px solid var(--rule); max-width: none; }
h3 { font-size: 1.15rem; line-height: 1.35; margin: 2rem 0 .5rem; }
p, ul, ol, table { margin: 0 0 1rem; }
p, li, h3 { max-width: 46rem; overflow-wrap: anywhere; }
nav h2, nav ol { max-width: 46rem; }
td, th { max-width: none; }
ul, ol { padding-left: 1.4rem; }
li { margin: .3rem 0; }
li > p { margin: 0 0 .4rem; }
a { color: var(--accent); text-underline-offset: .15em; overflow-wrap: anywhere; }
a:hover { text-decoration-thickness: 2px; }
strong { font-weight: 600; }
code { font: .85em/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; background: var(--soft); padding: .1em .3em; border-radius: 4px; overflow-wrap: anywhere; }
.meta { color: var(--muted); font-size: .95rem; }
nav { margin-top: 2rem; margin-bottom: 1rem; }
nav h2 { font-size: .8rem; text-transform: uppercase; letter-spacing: .08em; color: var(--muted); border: 0; margin: 0; padding: 1rem 1.25rem .25rem; background: var(--soft); border-radius: 8px 8px 0 0; }
nav ol { margin: 0; padding: .25rem 1.25rem 1rem 2.75rem; background: var(--soft); border-radius: 0 0 8px 8px; columns: 2 16rem; column-gap: 2rem; }
nav li { margin: .15rem 0; break-inside: avoid; }
nav li > p { margin: 0; }
main { padding-bottom: 4rem; }
table { width: 100%; border-collapse: collapse; font-size: .875rem; line-height: 1.5; margin-bottom: 1.5rem; }
.table-scroll { overflow-x: auto; margin-bottom: 1.5rem; background: linear-gradient(to right, var(--bg) 30%, transparent) left / 2rem 100% no-repeat local, linear-gradient(to left, var(--bg) 30%, transparent) right / 2rem 100% no-repeat local, radial-gradient(farthest-side at 0 50%, var(--edge), transparent) left / .75rem 100% no-repeat scroll, radial-gradient(farthest-side at 100% 50%, var(--edge), transparent) right / .75rem 100% no-repeat scroll; }
.table-scroll:focus-visible { outline: 2px solid var(--accent); outline-offset: 2px; }
.table-scroll > table { margin-bottom: 0; }
tbody th { font-weight: 600; }
th, td { text-align: left; vertical-align: top; padding: .55rem .7rem; border-bottom: 1px solid var(--rule); }
thead th { background: var(--soft); border-bottom: 2px solid var(--rule); font-weight: 600; }
tbody tr:nth-child(even) { background: var(--stripe); }
.align-center { text-align: center; } .align-right { text-align: right; }
.untranslated { font-style: italic; }
.untranslated-mark, .source { color: var(--muted); font-size: .8em; }
.source { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
:target { scroll-margin-top: 1rem; }
.languages { display: block; margin: 0 0 1rem; font-size: .95rem; }
.skip { position: absolute; left: -9999px; top: 0; }
.skip:focus { left: 1rem; top: 1rem; z-index: 1; padding: .5rem .75rem; background: var(--bg); border: 2px solid var(--accent); border-radius: 4px; }
@media (max-width: 40rem) {
  body { font-size: 1rem; }
  h1 { font-size: 1.5rem; }
  header, nav, main { padding: 0 1rem; }
  header { padding-top: 2rem; }
}
/* a table too wide for a phone or a page becomes one card per row, each cell under its column's name */
@media (max-width: 40rem), print {
  .table-scroll { overflow: visible; background: none; }
  .table-scroll > table, .table-scroll tbody, .table-scroll tbody tr, .table-scroll tbody th, .table-scroll tbody td { display: block; }
  .table-scroll thead { position: absolute; width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); white-space: nowrap; }
  .table-scroll tbody tr { border: 1px solid var(--rule); border-radius: 8px; margin-bottom: .75rem; padding: .35rem 0; background: none; }
  .table-scroll tbody th, .table-scroll tbody td { border: 0; padding: .2rem .85rem; }
  .table-scroll tbody th { font-size: 1.05em; padding-bottom: .35rem; }
  .table-scroll td[data-label]::before { content: attr(data-label) " "; color: var(--muted); font-weight: 600; }
  .table-scroll td.none { display: none; }
}
@media print {
  @page { margin: 2cm 1.8cm; }
  body { font-size: 10.5pt; line-height: 1.5; color: #000; }
  header, nav, main { max-width: none; padding: 0; }
  nav h2, nav ol { background: none; }
  h2 { margin-top: 1.75rem; border-top-color: #999; }
  h2, h3 { break-after: avoid; }
  tr, li, p { break-inside: avoid; }
  tbody tr:nth-child(even), thead th, code { background: none; }
  a { color: #000; }
  .skip { display: none; }
  main a[href^="http"]:not(.bare)::after { content: " (" attr(href) ")"; font-size: .85em; color: #444; }
}
`.trim();
