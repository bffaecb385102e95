/**
 * Shared by the document emitter tests: the lint configurations the generated files must pass,
 * and small readers that turn generated Markdown and HTML back into text and elements.
 */
import { HtmlValidate, Parser, StaticConfigLoader, type HtmlElement } from "html-validate";
import type { Root as MdRoot } from "mdast";
import { lint } from "markdownlint/sync";
import { remark } from "remark";
import remarkGfm from "remark-gfm";
import { documentEmitter } from "../../../src/emit/document/index.js";
import type { EmitOptions, EmitResult } from "../../../src/emit/types.js";
import type { PolicyModel } from "../../../src/model/types.js";
import { defaultBanner } from "../../../src/build/build.js";
import { compile } from "../../../src/program.js";
import { compileText } from "../../helpers.js";
import { ROOT } from "../../tooling/helpers.js";
import { tinyModel } from "./tiny-model.js";

/** The banner `policyc build` writes, so the xiaomi baselines are the files in generated/xiaomi/. */
export const BANNER = defaultBanner("examples/xiaomi.policy");

export function emit(model: PolicyModel, options: Partial<EmitOptions> = {}): EmitResult {
  return documentEmitter.emit(model, { banner: BANNER, ...options });
}

export function file(result: EmitResult, path: string): string {
  const f = result.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} among ${result.files.map((x) => x.path).join(", ")}`);
  return f.content;
}

/**
 * markdownlint with its defaults, except for rules that conflict with generated content:
 * - MD013 (line length): statements and table rows are one line each; wrapping them would make
 *   every baseline diff noisy and tables cannot be wrapped at all.
 * - MD024 (duplicate headings) only among siblings: a purpose and a tracker may share a label
 *   ("Social media features and widgets") in different sections, which is correct.
 */
export const MARKDOWNLINT_CONFIG = { default: true, MD013: false, MD024: { siblings_only: true } } as const;

export function markdownProblems(name: string, text: string): string {
  return lint({ strings: { [name]: text }, config: MARKDOWNLINT_CONFIG }).toString();
}

const htmlValidate = new HtmlValidate({ extends: ["html-validate:recommended"] });

export function htmlProblems(text: string): string[] {
  const report = htmlValidate.validateStringSync(text);
  return report.results.flatMap((r) => r.messages.map((m) => `${m.ruleId} ${m.line}:${m.column} ${m.message}`));
}

/** Parses generated HTML with html-validate's own DOM (the repository has no other HTML parser). */
export async function parseHtml(text: string): Promise<HtmlElement> {
  const config = await new StaticConfigLoader().getConfigFor("inline.html");
  return new Parser(config).parseHtml(text);
}

/** html-validate keeps character references as written; these are the ones hast-util-to-html emits. */
export function decodeEntities(text: string): string {
  const named: Record<string, string> = { lt: "<", gt: ">", amp: "&", quot: '"', apos: "'", nbsp: "\u00a0" };
  return text.replace(/&(?:#x([0-9a-f]+)|#(\d+)|(lt|gt|amp|quot|apos|nbsp));/gi, (whole, hex?: string, dec?: string, name?: string) =>
    hex ? String.fromCodePoint(parseInt(hex, 16)) : dec ? String.fromCodePoint(Number(dec)) : (named[name!.toLowerCase()] ?? whole),
  );
}

export function textOf(el: HtmlElement): string {
  return decodeEntities(el.textContent).replace(/\s+/g, " ").trim();
}

export function parseMarkdown(text: string): MdRoot {
  return remark().use(remarkGfm).parse(text);
}

/** The text of an mdast node, as a reader of the rendered Markdown sees it. */
export function mdText(node: unknown): string {
  const n = node as { value?: unknown; children?: unknown[] };
  if (typeof n.value === "string") return n.value;
  return (n.children ?? []).map(mdText).join("");
}

/**
 * Policies whose documents, between them, have every wording template say something: the
 * examples, the tiny model, one that states almost nothing (the "does not say" sentences) and
 * one with an allow rule.
 */
export function wordingModels(): PolicyModel[] {
  const models = ["examples/xiaomi.policy", "examples/pixelquest.policy", "examples/taskflow.policy"].map((f) => compile(f, { cwd: ROOT }).model!);
  models.push(tinyModel());
  models.push(compileText('policy bare "Bare" { controller "Acme" }\n').model!);
  models.push(
    compileText(
      'policy p "P" { controller "Acme" { email "a@b.example" } }\ncategory c "C" { class personal }\n' +
        'purpose a "A" { basis consent  uses c  withdraw "Tell us." }\nallow use c for a when consent\n',
    ).model!,
  );
  return models;
}
