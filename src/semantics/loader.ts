/**
 * Loads a root `.policy` file and everything it imports, parsing each file once.
 *
 * Pipeline position: first semantic step, before the binder. Import paths are either
 * `std/<name>` (the standard library shipped in `stdlib/`) or relative to the importing file
 * (`./shared/taxonomy`, `.policy` optional). Missing files and import cycles are diagnostics on
 * the import that caused them; the rest of the program still loads.
 */
import { readTextFile, readTextOrUndefined } from "../util/read-text.js";
import { readErrorReason } from "../util/read-error.js";
import { pushAll } from "../util/arrays.js";
import { shownPath } from "../util/shown-path.js";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { dirname, join, relative, resolve, sep } from "node:path";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type { SourceFile, Span } from "../syntax/ast.js";
import { parseSource } from "../syntax/parse.js";
import type { Memo } from "../util/memo.js";
import { packageRoot } from "../util/package-info.js";
import { didYouMean } from "../util/suggest.js";

/** Where the standard library lives: `<package>/stdlib`. */
export const STDLIB_DIR = join(packageRoot(), "stdlib");

/** File access, replaceable in tests and by the watcher (which serves unsaved buffers). */
export interface Host {
  readFile(absolutePath: string): string | undefined;
}

/** Why a file that exists cannot be read as a policy (`readErrorReason`), or undefined if it can now. */
function whyUnreadable(path: string): string | undefined {
  try {
    readTextFile(path);
    return undefined;
  } catch (error) {
    return readErrorReason(error);
  }
}

export const nodeHost: Host = {
  readFile(path) {
    return readTextOrUndefined(path);
  },
};

export interface LoadedFile {
  /** Display name used in spans and diagnostics (`examples/xiaomi.policy`, `std/taxonomy.policy`). */
  readonly name: string;
  readonly absolutePath: string;
  readonly text: string;
  readonly ast: SourceFile;
  /** Display names of the files this one imports directly, in order. */
  readonly imports: readonly string[];
  readonly isStd: boolean;
}

export interface LoadedProgram {
  /** Files in dependency order: every file comes after the files it imports; root last. */
  readonly files: readonly LoadedFile[];
  readonly root: LoadedFile | undefined;
  readonly diagnostics: readonly Diagnostic[];
  /** Display name -> text, for rendering code frames. */
  readonly sources: ReadonlyMap<string, string>;
  /** Display name -> the set of display names it imports transitively. */
  readonly reach: ReadonlyMap<string, ReadonlySet<string>>;
  /** Absolute paths of imports that could not be read (PC2006): a watcher waits for them. */
  readonly missing: readonly string[];
}

export interface LoadOptions {
  readonly host?: Host;
  /** Display names are made relative to this folder (default: the current directory). */
  readonly cwd?: string;
  /** Text to use for the root instead of reading it (the formatter and the watcher use it). */
  readonly rootText?: string;
  /** Parsed files of earlier loads in this session, by name and text (the watcher passes one). */
  readonly memo?: Memo;
  /**
   * The folders policies may be read from (`readableFolders`; default: `cwd` and the root file's
   * folder). The standard library is always readable.
   */
  readonly within?: readonly string[];
}

/**
 * Where a path really leads: links followed, as far as the path exists (a missing file in a real
 * folder is that folder's real path and the name).
 */
function realPath(abs: string): string {
  try {
    return realpathSync.native(abs);
  } catch {
    const parent = dirname(abs);
    return parent === abs ? abs : join(realPath(parent), abs.slice(parent.length + (parent.endsWith(sep) ? 0 : 1)));
  }
}

/**
 * The folders a compile of `rootAbs` run in `cwd` reads policies from: the working directory and
 * the root file's folder, as real paths. A policy's imports and earlier versions stay inside
 * them, links followed, so that a policy (or a link committed beside it) cannot make a build in
 * CI read a file elsewhere on the machine and print its lines in a log.
 */
export function readableFolders(cwd: string, rootAbs: string): string[] {
  const folders = [realPath(resolve(cwd)), realPath(dirname(resolve(cwd, rootAbs)))];
  return folders.filter((f, i) => folders.indexOf(f) === i && !folders.some((g, j) => j !== i && g !== f && inside(f, g)));
}

function inside(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : folder + sep);
}

const STDLIB_REAL = realPath(STDLIB_DIR);

/**
 * Where `abs` really leads (links followed) when that is outside `within` and the standard
 * library; undefined when it is inside. `std` paths must stay inside the standard library.
 */
function outsideFolders(abs: string, within: readonly string[], std = false): string | undefined {
  const real = realPath(abs);
  if (inside(real, STDLIB_REAL)) return undefined;
  if (!std && within.some((f) => inside(real, f))) return undefined;
  return real;
}

/**
 * Where the file at `abs` leads and the folders it is outside of, as PC2032 shows them, when it
 * leads outside `within` (`outsideFolders`); undefined when it may be read.
 */
export function outsideArgs(abs: string, within: readonly string[], cwd: string, std = false): { resolved: string; folders: string } | undefined {
  const real = outsideFolders(abs, within, std);
  if (real === undefined) return undefined;
  const folders = std ? "the standard library" : within.map((f) => `\`${shownPath(f, cwd)}\``).join(" and ");
  return { resolved: `\`${displayName(real, cwd)}\``, folders };
}

function displayName(abs: string, cwd: string): string {
  if (abs.startsWith(STDLIB_DIR + sep)) return "std/" + relative(STDLIB_DIR, abs).split(sep).join("/");
  return shownPath(abs, cwd);
}

/** The standard library's modules as imported (`std/taxonomy`). */
function stdlibModules(): string[] {
  try {
    return readdirSync(STDLIB_DIR)
      .filter((f) => f.endsWith(".policy"))
      .map((f) => `std/${f.slice(0, -".policy".length)}`);
  } catch {
    return [];
  }
}

function resolveImport(spec: string, fromAbs: string): string {
  let target = spec.startsWith("std/") ? join(STDLIB_DIR, spec.slice(4)) : resolve(dirname(fromAbs), spec);
  if (!target.endsWith(".policy")) target += ".policy";
  return target;
}

/** PC2032 at `span` when the file `spec` names (at `abs`) leads outside `within`; undefined when it may be read. */
export function outsideDiagnostic(spec: string, abs: string, within: readonly string[], cwd: string, span: Span | undefined, std = false): Diagnostic | undefined {
  const args = outsideArgs(abs, within, cwd, std);
  if (args === undefined) return undefined;
  const help = std ? { help: "a `std/` import names a module of the standard library, such as `std/taxonomy`" } : {};
  return createDiagnostic("PC2032", { path: `\`${spec}\``, ...args }, span, help);
}

/** Loads `rootPath` and its imports. Never throws for problems in the input. */
export function loadProgram(rootPath: string, options: LoadOptions = {}): LoadedProgram {
  const host = options.host ?? nodeHost;
  const cwd = options.cwd ?? process.cwd();
  const diagnostics: Diagnostic[] = [];
  const sources = new Map<string, string>();
  const done = new Map<string, LoadedFile>();
  const order: LoadedFile[] = [];
  const onStack = new Set<string>();
  const missing = new Set<string>();
  const rootAbs = resolve(cwd, rootPath);
  const within = options.within ?? readableFolders(cwd, rootAbs);

  // Depth first, in the order the files import each other, with a stack of its own: a chain of
  // thousands of imports must not overflow the call stack.
  interface Frame {
    readonly abs: string;
    readonly name: string;
    readonly text: string;
    readonly ast: SourceFile;
    readonly imports: string[];
    /** The next import to follow. */
    next: number;
    /** The file the last import followed is being loaded from (its name is taken when done). */
    waitingFor: string | undefined;
  }
  const stack: Frame[] = [];
  const enter = (abs: string, text: string): void => {
    const name = displayName(abs, cwd);
    const parsed = options.memo ? options.memo.get(`parse\u0000${name}\u0000${text}`, () => parseSource(name, text)) : parseSource(name, text);
    sources.set(name, text);
    pushAll(diagnostics, parsed.diagnostics);
    onStack.add(abs);
    stack.push({ abs, name, text, ast: parsed.file, imports: [], next: 0, waitingFor: undefined });
  };
  const addImport = (frame: Frame, loaded: LoadedFile): void => {
    if (!frame.imports.includes(loaded.name)) frame.imports.push(loaded.name);
  };
  const run = (): LoadedFile | undefined => {
    let last: LoadedFile | undefined;
    while (stack.length > 0) {
      const frame = stack[stack.length - 1]!;
      if (frame.waitingFor !== undefined) {
        const loaded = done.get(frame.waitingFor);
        frame.waitingFor = undefined;
        if (loaded) addImport(frame, loaded);
      }
      const imp = frame.ast.imports[frame.next];
      if (imp !== undefined) {
        frame.next++;
        const target = resolveImport(imp.path, frame.abs);
        const targetName = displayName(target, cwd);
        if (onStack.has(target)) {
          diagnostics.push(createDiagnostic("PC2005", { path: `\`${imp.path}\`` }, imp.pathSpan));
          continue;
        }
        const outside = outsideDiagnostic(imp.path, target, within, cwd, imp.pathSpan, imp.path.startsWith("std/"));
        if (outside) {
          diagnostics.push(outside);
          continue;
        }
        const known = done.get(target);
        if (known) {
          addImport(frame, known);
          continue;
        }
        const targetText = host.readFile(target);
        if (targetText === undefined) {
          missing.add(target);
          // there, but not a file that can be read as a policy (a folder, a device, a pipe, no permission)
          const unreadable = host === nodeHost && existsSync(target) ? whyUnreadable(target) : undefined;
          if (unreadable !== undefined) {
            diagnostics.push(createDiagnostic("PC2022", { path: `\`${imp.path}\``, resolved: `\`${targetName}\``, reason: unreadable }, imp.pathSpan));
            continue;
          }
          const help = imp.path.startsWith("std/") ? didYouMean(imp.path.replace(/\.policy$/, ""), stdlibModules()) : undefined;
          diagnostics.push(
            createDiagnostic("PC2006", { path: `\`${imp.path}\``, resolved: `\`${targetName}\`` }, imp.pathSpan, help ? { help } : {}),
          );
          continue;
        }
        frame.waitingFor = target;
        enter(target, targetText);
        continue;
      }
      stack.pop();
      onStack.delete(frame.abs);
      const file: LoadedFile = {
        name: frame.name,
        absolutePath: frame.abs,
        text: frame.text,
        ast: frame.ast,
        imports: frame.imports,
        isStd: frame.abs.startsWith(STDLIB_DIR + sep),
      };
      done.set(frame.abs, file);
      order.push(file);
      last = file;
    }
    return last;
  };

  // (a text given for the root was read by the caller, who checked where it leads: `readTexts`)
  const rootOutside = options.rootText === undefined ? outsideDiagnostic(displayName(rootAbs, cwd), rootAbs, within, cwd, undefined) : undefined;
  const rootText = rootOutside ? undefined : (options.rootText ?? host.readFile(rootAbs));
  let root: LoadedFile | undefined;
  if (rootOutside) {
    diagnostics.push(rootOutside);
  } else if (rootText === undefined) {
    diagnostics.push(createDiagnostic("PC9001", { path: `\`${rootPath}\`` }, undefined));
  } else {
    enter(rootAbs, rootText);
    root = run();
  }

  const reach = new Map<string, Set<string>>();
  for (const f of order) {
    const set = new Set<string>();
    for (const i of f.imports) {
      set.add(i);
      for (const j of reach.get(i) ?? []) set.add(j);
    }
    reach.set(f.name, set);
  }
  return { files: order, root, diagnostics, sources, reach, missing: [...missing].sort() };
}
