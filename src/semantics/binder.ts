/**
 * The binder: symbol tables across the loaded files, resolution of every reference to a
 * declaration of the right kind, refinement of imported declarations, and pruning of the unused
 * parts of imported taxonomies.
 *
 * Pipeline position: after the loader, before the model builder. Names live in one namespace per
 * kind (categories, purposes, recipients, audiences, ...). A declaration in a file that imports
 * another file's declaration of the same name *refines* it: the fields it states replace the
 * imported ones. Two declarations of one name where neither file imports the other, or two in the
 * same file, are duplicates.
 */
import { pushAll } from "../util/arrays.js";
import { createDiagnostic, type Diagnostic } from "../diagnostics/diagnostic.js";
import type {
  AssertDecl,
  BlockDecl,
  ClearedField,
  Decl,
  PolicyDecl,
  Ref,
  RuleDecl,
  Span,
  Suppression,
} from "../syntax/ast.js";
import { NONE } from "../syntax/ast.js";
import { BLOCKS } from "../syntax/fields.js";
import type { BlockWord } from "../syntax/tokens.js";
import { didYouMean, suggest } from "../util/suggest.js";
import { fieldSource, hasValue } from "./inherit.js";
import type { LoadedFile, LoadedProgram } from "./loader.js";

export type SymbolKind =
  | "category"
  | "purpose"
  | "recipient"
  | "audience"
  | "retention"
  | "tracker"
  | "right"
  | "security"
  | "changes"
  | "precedence"
  | "section";

const KIND_OF: Readonly<Record<Exclude<BlockDecl["kind"], "Policy">, SymbolKind>> = {
  Category: "category",
  Purpose: "purpose",
  Recipient: "recipient",
  Audience: "audience",
  Retention: "retention",
  Tracker: "tracker",
  Right: "right",
  Security: "security",
  Changes: "changes",
  Precedence: "precedence",
  Section: "section",
};

/** Names that stand for a set rather than one declaration. */
export const SELECTORS: Readonly<Partial<Record<SymbolKind, readonly string[]>>> = {
  category: ["personal", "sensitive", "all_data"],
  recipient: ["anyone", "third_parties"],
  purpose: ["any"],
};
const RESERVED = new Set(Object.values(SELECTORS).flat());
/** `none` empties a field (`examples none`), so no declaration may be called that. */
const NONE_HELP = "`none` empties a field (`examples none`), so it cannot name a declaration; pick another name";

/**
 * Purpose, recipient and channel ids are keys of consent records, and `__proto__` is one that
 * most JavaScript code cannot store as an own key (`record.purposes["__proto__"] = ...` sets the
 * prototype): a choice under it could never be recorded, so an opt-out would be lost.
 */
const RECORD_KEY_KINDS: ReadonlySet<SymbolKind> = new Set<SymbolKind>(["purpose", "recipient"]);
const UNSTORABLE_KEY = "__proto__";
const UNSTORABLE_HELP = "ids of purposes, recipients and channels are keys of consent records, and JavaScript cannot store `__proto__` as one; pick another name";

/** Kinds that form hierarchies through dotted names. */
const HIERARCHICAL = new Set<SymbolKind>(["category", "purpose", "recipient"]);

export interface BoundSymbol {
  readonly kind: SymbolKind;
  readonly name: string;
  /** The declaration with every refinement applied. */
  readonly decl: Exclude<BlockDecl, PolicyDecl>;
  /** File of the most specific (last applied) declaration. */
  readonly file: string;
  /** Whether it was declared (or refined) in the root file. */
  readonly fromRoot: boolean;
  /** Declared only in the standard library: kept in the model only when something refers to it. */
  readonly isImported: boolean;
}

export interface BoundProgram {
  readonly policy: PolicyDecl | undefined;
  readonly policyFile: string | undefined;
  /** Kind -> name -> symbol, after pruning. */
  readonly symbols: ReadonlyMap<SymbolKind, ReadonlyMap<string, BoundSymbol>>;
  /** Rules and assertions in file order (dependency order, then source order). */
  readonly rules: readonly { readonly rule: RuleDecl; readonly file: string }[];
  readonly asserts: readonly { readonly decl: AssertDecl; readonly file: string }[];
  readonly suppressions: readonly Suppression[];
  /** References that failed to resolve; the model builder skips them. */
  readonly unresolved: ReadonlySet<Ref>;
  /** `kind:name` -> the first reference to it outside the standard library. */
  readonly firstReference: ReadonlyMap<string, Span>;
  readonly diagnostics: readonly Diagnostic[];
  /** The files of the standard library, by the name spans give them (\`std/taxonomy.policy\`). */
  readonly stdFiles: ReadonlySet<string>;
}

type MutableTable = Map<string, { sym: BoundSymbol; firstSpan: Span }>;

/**
 * A declaration refined by a later one of the same name: every field the refinement writes
 * replaces the base's (a \`basis\` with its jurisdiction variants), the others are inherited,
 * and fields written \`none\` are emptied. The merged declaration keeps every \`none\` still in
 * force in \`cleared\`, so that the model does not take that field from a parent either. Each
 * \`none\` that empties a field the base does not have goes to \`unused\`.
 */
function mergeDecl<T extends Exclude<BlockDecl, PolicyDecl>>(base: T, refinement: T, kind: SymbolKind, unused: UnusedClear[]): T {
  const out: Record<string, unknown> = { ...(base as unknown as Record<string, unknown>) };
  const written = new Set<string>();
  for (const [key, value] of Object.entries(refinement)) {
    if (value === undefined || key === "cleared") continue;
    if (Array.isArray(value) && value.length === 0) continue;
    out[key] = value;
    written.add(key);
  }
  // `basis consent` replaces the imported basis and its `{ EU ... }` variants as one field
  if (refinement.kind === "Purpose" && refinement.basis !== undefined) {
    out["basisIn"] = refinement.basisIn;
    written.add("basisIn");
  }
  for (const c of refinement.cleared ?? []) {
    if (!c.props.some((prop) => hasValue(out[prop]))) unused.push({ cleared: c, name: refinement.name.path, kind, first: false });
    for (const prop of c.props) {
      if (Array.isArray(out[prop])) out[prop] = [];
      else delete out[prop];
    }
  }
  const cleared = [...(base.cleared ?? []).filter((c) => !c.props.some((prop) => written.has(prop))), ...(refinement.cleared ?? [])];
  if (cleared.length > 0) out["cleared"] = cleared;
  else delete out["cleared"];
  return out as unknown as T;
}

/** A \`none\` that may empty nothing: where, in which declaration, and whether that is the first of its name. */
interface UnusedClear {
  readonly cleared: ClearedField;
  /** The declaration's name; "" for the policy header. */
  readonly name: string;
  readonly kind: SymbolKind | undefined;
  readonly first: boolean;
}

/** Every `(ref, expected kind, where)` a declaration refers to. */
export function referencesOf(decl: Decl): { ref: Ref; kind: SymbolKind; role: string }[] {
  const out: { ref: Ref; kind: SymbolKind; role: string }[] = [];
  const add = (refs: readonly Ref[] | undefined, kind: SymbolKind, role: string) => {
    for (const ref of refs ?? []) out.push({ ref, kind, role });
  };
  switch (decl.kind) {
    case "Category":
      if (decl.from) add([decl.from], "recipient", "from");
      break;
    case "Purpose":
      add(decl.uses, "category", "uses");
      add(decl.excludes, "audience", "excludes");
      break;
    case "Retention":
      add(decl.appliesTo, "category", "applies_to");
      add(decl.purposes, "purpose", "purposes");
      break;
    case "Tracker":
      add(decl.providers, "recipient", "providers");
      add(decl.collects, "category", "collects");
      add(decl.purposes, "purpose", "purposes");
      break;
    case "Rule": {
      const walk = (r: RuleDecl) => {
        add(r.data, "category", "the data of a rule");
        add(r.recipients, "recipient", "`with`");
        add(r.purposes, "purpose", "`for`");
        r.exceptions.forEach(walk);
      };
      walk(decl);
      break;
    }
    case "Assert":
      add(decl.data, "category", "the data of an assertion");
      add(decl.recipients, "recipient", "`with`");
      add(decl.purposes, "purpose", "`for`");
      break;
    default:
      break;
  }
  return out;
}

/** Binds a loaded program. */
export function bind(program: LoadedProgram): BoundProgram {
  const diagnostics: Diagnostic[] = [];
  const tables = new Map<SymbolKind, MutableTable>();
  const tableOf = (k: SymbolKind): MutableTable => {
    let t = tables.get(k);
    if (!t) tables.set(k, (t = new Map()));
    return t;
  };
  const rootName = program.root?.name;
  let policy: PolicyDecl | undefined;
  let policyFile: string | undefined;
  const rules: { rule: RuleDecl; file: string }[] = [];
  const asserts: { decl: AssertDecl; file: string }[] = [];
  const suppressions: Suppression[] = [];
  const reach = program.reach;
  const unusedClears: UnusedClear[] = [];

  for (const file of program.files) {
    pushAll(suppressions, file.ast.suppressions);
    const isRoot = file.name === rootName;
    for (const decl of file.ast.decls) {
      if (decl.kind === "Rule") {
        rules.push({ rule: decl, file: file.name });
        continue;
      }
      if (decl.kind === "Assert") {
        asserts.push({ decl, file: file.name });
        continue;
      }
      if (decl.kind === "Policy") {
        if (!isRoot) continue; // an imported file's header describes that file, not this policy
        for (const cleared of decl.cleared ?? []) unusedClears.push({ cleared, name: "", kind: undefined, first: true });
        if (policy) {
          diagnostics.push(
            createDiagnostic("PC2008", { what: "`policy`" }, decl.name.span, {
              related: [{ message: "first declared here", span: policy.name.span }],
            }),
          );
        } else {
          policy = decl;
          policyFile = file.name;
        }
        continue;
      }
      declareSymbol(decl, file, isRoot);
    }
  }

  function declareSymbol(decl: Exclude<BlockDecl, PolicyDecl>, file: LoadedFile, isRoot: boolean): void {
    const kind = KIND_OF[decl.kind];
    const name = decl.name.path;
    const named = name === NONE || name.startsWith(`${NONE}.`);
    if (RESERVED.has(name) || named) {
      diagnostics.push(createDiagnostic("PC2009", { name: `\`${name}\`` }, decl.name.span, named ? { help: NONE_HELP } : {}));
      return;
    }
    if (name === UNSTORABLE_KEY && RECORD_KEY_KINDS.has(kind)) {
      // Still declared, so that its references resolve and the one error is the only one.
      diagnostics.push(createDiagnostic("PC2009", { name: `\`${name}\`` }, decl.name.span, { help: UNSTORABLE_HELP }));
    }
    if (decl.kind === "Purpose") {
      for (const channel of decl.channels) {
        if (channel.name === UNSTORABLE_KEY) {
          diagnostics.push(createDiagnostic("PC2009", { name: `channel \`${channel.name}\`` }, channel.span, { help: UNSTORABLE_HELP }));
        }
      }
    }
    const table = tableOf(kind);
    const prior = table.get(name);
    if (!prior) {
      // A first declaration inherits nothing, so its `none` fields empty nothing.
      for (const cleared of decl.cleared ?? []) unusedClears.push({ cleared, name, kind, first: true });
      table.set(name, {
        sym: { kind, name, decl, file: file.name, fromRoot: isRoot, isImported: file.isStd },
        firstSpan: decl.name.span,
      });
      return;
    }
    const priorFile = prior.sym.file;
    if (priorFile !== file.name && (reach.get(file.name)?.has(priorFile) ?? false)) {
      table.set(name, {
        sym: {
          kind,
          name,
          decl: mergeDecl(prior.sym.decl, decl, kind, unusedClears),
          file: file.name,
          fromRoot: prior.sym.fromRoot || isRoot,
          isImported: prior.sym.isImported && file.isStd,
        },
        firstSpan: prior.firstSpan,
      });
      return;
    }
    diagnostics.push(
      createDiagnostic("PC2003", { kind, name: `\`${name}\`` }, decl.name.span, {
        related: [{ message: "first declared here", span: prior.firstSpan }],
      }),
    );
  }

  // A `none` empties something when the declaration it refines, or else a parent it would take
  // the field from (`contact.email` from `contact`), has a value for it.
  const fromParent = (kind: SymbolKind, name: string, cleared: ClearedField): boolean =>
    fieldSource(kind as BlockWord, cleared.field, name, (n) => tableOf(kind).get(n)?.sym.decl, false) !== undefined;
  for (const { cleared, name, kind, first } of unusedClears) {
    const inherited = kind !== undefined && BLOCKS[kind as BlockWord].fields[cleared.field]?.inherited === true;
    if (kind !== undefined && inherited && fromParent(kind, name, cleared)) continue;
    const reason =
      name === ""
        ? "the policy header inherits no fields"
        : (first ? `no imported declaration of \`${name}\` comes before this one` : `the imported \`${name}\` has no \`${cleared.field}\``) +
          (inherited ? `, nor does a parent of it` : "");
    diagnostics.push(createDiagnostic("PC2019", { field: cleared.field, reason }, cleared.span));
  }

  // Parents of hierarchical names must be declared.
  for (const kind of HIERARCHICAL) {
    const table = tableOf(kind);
    for (const { sym } of table.values()) {
      const parts = sym.name.split(".");
      if (parts.length < 2) continue;
      const parent = parts.slice(0, -1).join(".");
      if (!table.has(parent)) {
        // a misspelt parent (`fitnes.steps` beside `fitness`): the name it was meant to have
        const meant = suggest(parent, [...table.keys()].filter((k) => k.split(".").length === parts.length - 1));
        diagnostics.push(
          createDiagnostic(
            "PC2004",
            { kind, name: `\`${sym.name}\``, parent: `\`${parent}\`` },
            sym.decl.name.span,
            meant ? { help: `did you mean \`${meant}.${parts[parts.length - 1]}\`? (\`${meant}\` is declared)` } : {},
          ),
        );
      }
    }
  }

  // Resolve every reference.
  const unresolved = new Set<Ref>();
  const resolveRef = (ref: Ref, kind: SymbolKind, role: string): void => {
    if (SELECTORS[kind]?.includes(ref.path)) return;
    if (tableOf(kind).has(ref.path)) return;
    unresolved.add(ref);
    for (const [otherKind, table] of tables) {
      if (otherKind !== kind && table.has(ref.path)) {
        diagnostics.push(
          createDiagnostic(
            "PC2002",
            { name: `\`${ref.path}\``, actual: otherKind, expected: kind, role: role.startsWith("`") || role.startsWith("the ") ? role : `\`${role}\`` },
            ref.span,
          ),
        );
        return;
      }
    }
    if (ref.path === NONE) {
      diagnostics.push(
        createDiagnostic("PC2001", { kind, name: `\`${ref.path}\`` }, ref.span, {
          help: `\`none\` only empties a field of a declaration (\`examples none\`); here, name ${kind === "audience" ? "an" : "a"} ${kind}, or leave the clause out`,
        }),
      );
      return;
    }
    const candidates = [...tableOf(kind).keys(), ...(SELECTORS[kind] ?? [])];
    // `uses email` for `contact.email`: the last part of a dotted name, when only one has it
    const byLastPart = candidates.filter((c) => c.endsWith(`.${ref.path}`));
    // a kind with few declarations (audiences, recipients of a small policy): name them all,
    // unless an import failed (PC2006), which may be what should have declared it
    const declared = [...tableOf(kind).keys()].sort();
    const few =
      program.missing.length > 0
        ? undefined
        : declared.length === 0
        ? `no ${kind} is declared: declare one (\`${kind} ${ref.path} "..."\`)`
        : declared.length === 1
          ? `the only ${kind} declared is \`${declared[0]}\``
          : declared.length <= 6
            ? `the ${kind === "category" ? "categories" : `${kind}s`} declared are ${declared.map((d) => `\`${d}\``).join(", ").replace(/, ([^,]*)$/, " and $1")}`
            : undefined;
    const lastParts = byLastPart.length > 0 && byLastPart.length <= 4 ? `did you mean ${byLastPart.sort().map((c) => `\`${c}\``).join(", ").replace(/, ([^,]*)$/, " or $1")}?` : undefined;
    const help = didYouMean(ref.path, candidates) ?? lastParts ?? few;
    diagnostics.push(
      createDiagnostic("PC2001", { kind, name: `\`${ref.path}\`` }, ref.span, help ? { help } : {}),
    );
  };
  const allDecls: Decl[] = [
    ...[...tables.values()].flatMap((t) => [...t.values()].map((e) => e.sym.decl as Decl)),
    ...rules.map((r) => r.rule),
    ...asserts.map((a) => a.decl),
  ];
  const firstReference = new Map<string, Span>();
  for (const decl of allDecls) {
    for (const r of referencesOf(decl)) {
      resolveRef(r.ref, r.kind, r.role);
      const key = `${r.kind}:${r.ref.path}`;
      if (!r.ref.span.file.startsWith("std/") && !firstReference.has(key)) firstReference.set(key, r.ref.span);
    }
  }

  // Prune imported declarations nothing refers to.
  const keep = new Map<SymbolKind, Set<string>>();
  const keepSet = (k: SymbolKind) => {
    let s = keep.get(k);
    if (!s) keep.set(k, (s = new Set()));
    return s;
  };
  const queue: { kind: SymbolKind; name: string }[] = [];
  const referencedOnce = new Set<string>();
  // name -> names one level below it (by the nearest declared ancestor), built once per kind
  const children = new Map<SymbolKind, Map<string, string[]>>();
  const childrenOf = (kind: SymbolKind): Map<string, string[]> => {
    let m = children.get(kind);
    if (m) return m;
    m = new Map();
    const table = tableOf(kind);
    for (const n of table.keys()) {
      const parts = n.split(".");
      for (let i = parts.length - 1; i > 0; i--) {
        const p = parts.slice(0, i).join(".");
        if (table.has(p)) {
          (m.get(p) ?? m.set(p, []).get(p)!).push(n);
          break;
        }
      }
    }
    children.set(kind, m);
    return m;
  };
  // `referenced` also keeps the descendants (a reference to a parent covers its children);
  // ancestors are kept for structure only.
  const mark = (kind: SymbolKind, name: string, referenced: boolean) => {
    const table = tableOf(kind);
    if (!table.has(name)) return;
    if (!keepSet(kind).has(name)) {
      keepSet(kind).add(name);
      queue.push({ kind, name });
      if (HIERARCHICAL.has(kind)) {
        const parts = name.split(".");
        for (let i = parts.length - 1; i > 0; i--) mark(kind, parts.slice(0, i).join("."), false);
      }
    }
    if (referenced && HIERARCHICAL.has(kind) && !referencedOnce.has(`${kind}:${name}`)) {
      referencedOnce.add(`${kind}:${name}`);
      const stack = [...(childrenOf(kind).get(name) ?? [])];
      while (stack.length > 0) {
        const child = stack.pop()!;
        mark(kind, child, false);
        pushAll(stack, childrenOf(kind).get(child) ?? []);
      }
    }
  };
  /**
   * A standard-library category kept only because a parent of it is named where data is covered
   * rather than collected (`retention ... { applies_to contact }`, `deny share health ...`, an
   * assertion) is no data of the policy: `applies_to contact` beside `uses contact.email` does not
   * say that names and phone numbers are collected (the document listed them, and PC3002 called
   * each collected for nothing, at a line of std/). Such leaves are dropped where their parent
   * keeps another child; data a purpose uses, a tracker collects or an allow collects stays, and
   * so does anything the policy names itself.
   */
  const dropCoveredOnly = () => {
    const kept = keepSet("category");
    const table = tableOf("category");
    const tree = childrenOf("category");
    const collected = new Set<string>();
    const collect = (name: string) => {
      const stack = [name];
      while (stack.length > 0) {
        const n = stack.pop()!;
        if (collected.has(n) || !kept.has(n)) continue;
        collected.add(n);
        pushAll(stack, tree.get(n) ?? []);
      }
    };
    const named = new Set([...firstReference.keys()].filter((k) => k.startsWith("category:")).map((k) => k.slice("category:".length)));
    for (const name of keepSet("purpose")) {
      const decl = tableOf("purpose").get(name)?.sym.decl;
      if (decl?.kind === "Purpose") for (const r of decl.uses) collect(r.path);
    }
    for (const name of keepSet("tracker")) {
      const decl = tableOf("tracker").get(name)?.sym.decl;
      if (decl?.kind === "Tracker") for (const r of decl.collects) collect(r.path);
    }
    // an exception takes its rule's action and, where it names none, its data
    const walk = (r: RuleDecl, action: string | undefined, data: readonly Ref[]) => {
      const own = r.action?.value ?? action;
      const covers = r.data.length > 0 ? r.data : data;
      if (r.effect.value === "allow" && own === "collect") for (const ref of covers) collect(ref.path);
      for (const e of r.exceptions) walk(e, own, covers);
    };
    for (const r of rules) walk(r.rule, undefined, []);
    for (const [parent, all] of tree) {
      if (!kept.has(parent)) continue;
      const children = all.filter((c) => kept.has(c));
      const drop = children.filter((c) => table.get(c)!.sym.isImported && !collected.has(c) && !named.has(c) && (tree.get(c) ?? []).length === 0);
      if (drop.length > 0 && drop.length < children.length) for (const c of drop) kept.delete(c);
    }
  };
  for (const [kind, table] of tables) for (const { sym } of table.values()) if (!sym.isImported) mark(kind, sym.name, false);
  for (const r of rules) for (const ref of referencesOf(r.rule)) mark(ref.kind, ref.ref.path, true);
  for (const a of asserts) for (const ref of referencesOf(a.decl)) mark(ref.kind, ref.ref.path, true);
  while (queue.length > 0) {
    const { kind, name } = queue.pop()!;
    const sym = tableOf(kind).get(name)!.sym;
    for (const r of referencesOf(sym.decl)) mark(r.kind, r.ref.path, true);
  }

  dropCoveredOnly();

  const symbols = new Map<SymbolKind, Map<string, BoundSymbol>>();
  for (const [kind, table] of tables) {
    const kept = new Map<string, BoundSymbol>();
    const names = [...table.keys()].filter((n) => keep.get(kind)?.has(n)).sort();
    for (const n of names) kept.set(n, table.get(n)!.sym);
    symbols.set(kind, kept);
  }
  for (const k of Object.values(KIND_OF)) if (!symbols.has(k)) symbols.set(k, new Map());

  if (!policy && program.root) {
    diagnostics.push(
      createDiagnostic("PC2007", { file: `\`${program.root.name}\`` }, { file: program.root.name, start: 0, end: 0 }),
    );
  }

  const stdFiles = new Set(program.files.filter((f) => f.isStd).map((f) => f.name));
  return { policy, policyFile, symbols, rules, asserts, suppressions, unresolved, firstReference, diagnostics, stdFiles };
}
