/**
 * `policyc build --watch`: build, then rebuild whenever something the build read changes: the
 * configuration, an input (or a new file matching an input pattern), any file an input imports
 * (the standard library included), or a template. Changes are debounced (a save often touches a
 * file several times); a build never runs twice at once. Problems are reported through
 * `onBuild` and never end the watch.
 */
import { dirname, relative, resolve, sep } from "node:path";
import { existsSync, statSync } from "node:fs";
import { watch, type FSWatcher } from "chokidar";
import { planBuild, runBuild, watchedPaths, within, type BuildResult, type InputResult, type RunBuildOptions } from "./build.js";
import { watchFs } from "./fs.js";
import { loadConfig, templatesDirOf, withOverrides, type BuildConfig, type ConfigOverrides, type ConfigResult } from "./config.js";
import { isPattern, matchesPattern, patternBase } from "./glob.js";
import { Memo } from "../util/memo.js";

/** What `runBuild` takes, less what the watcher decides itself on every build. */
export interface WatchOptions extends Omit<RunBuildOptions, "config" | "check" | "reuse" | "memoFor" | "previousFiles"> {
  /** The configuration file, absolute or relative to `cwd`. */
  readonly configPath: string;
  readonly cwd: string;
  /** Called after every build, and when the configuration cannot be used. */
  readonly onBuild: (outcome: WatchOutcome) => void;
  /** Command-line settings applied over the configuration after every (re)load. */
  readonly overrides?: ConfigOverrides;
  /** Quiet period after a change before rebuilding, in milliseconds. */
  readonly debounceMs?: number;
  /** Plan the first build again a few times while idle, to warm the JIT (default: yes). */
  readonly warmUp?: boolean;
}

export type WatchOutcome =
  | { readonly kind: "build"; readonly result: BuildResult; readonly trigger: readonly string[]; readonly ms: number }
  | { readonly kind: "config"; readonly config: ConfigResult; readonly trigger: readonly string[] }
  | { readonly kind: "crash"; readonly error: unknown; readonly trigger: readonly string[] };

export interface Watcher {
  /** Resolves when the first build is done and every file and folder it depends on is being watched: an edit made from then on is seen. */
  readonly ready: Promise<void>;
  close(): Promise<void>;
}

/**
 * Inputs of the last build that a rebuild can take as they are: none of their dependencies is
 * among the changed files, and neither the configuration nor a template changed (those affect
 * every input). The first build, and any after a failure, compiles everything.
 */
function reusable(last: BuildResult | undefined, config: BuildConfig, trigger: readonly string[]): ReadonlyMap<string, InputResult> | undefined {
  if (!last || trigger.length === 0) return undefined;
  if (JSON.stringify(last.config) !== JSON.stringify(config)) return undefined;
  const changed = new Set(trigger);
  const templates = templatesDirOf(config);
  if (templates !== undefined && trigger.some((t) => within(t, templates))) return undefined;
  const out = new Map<string, InputResult>();
  for (const [input, r] of last.byInput) if (!r.build.dependencies.some((d) => changed.has(d))) out.set(input, r);
  return out;
}

/**
 * What a watch session keeps between builds (parsed files, document sections and their rendered
 * text), one memo per input. An input whose files did not change is taken from the last build as
 * it is and does not touch its memo, so that memo is left alone until the input is compiled
 * again: its next edit still finds what it had.
 */
export class InputMemos {
  private readonly memos = new Map<string, Memo>();

  of(input: string): Memo {
    let memo = this.memos.get(input);
    if (!memo) this.memos.set(input, (memo = new Memo()));
    return memo;
  }

  /**
   * Ends a build: the memo of each input it compiled (every one not in `reused`) forgets what the
   * build did not use; with `current`, the inputs the build knows of, the others' memos go.
   */
  endBuild(reused: ReadonlyMap<string, unknown> | undefined, current?: readonly string[]): void {
    for (const [input, memo] of this.memos) if (!reused?.has(input)) memo.sweep();
    if (current === undefined) return;
    const known = new Set(current);
    for (const input of [...this.memos.keys()]) if (!known.has(input)) this.memos.delete(input);
  }

  /** Entries per input (for tests). */
  sizes(): Record<string, number> {
    return Object.fromEntries([...this.memos].map(([input, memo]) => [input, memo.size]));
  }
}

/**
 * A folder's identity: its inode and when it was made. A folder removed and made again may get
 * the same inode back at once (ext4 does); its birth time tells them apart where the filesystem
 * records one.
 */
function identity(dir: string): string {
  try {
    const s = statSync(dir);
    return `${s.ino}:${s.birthtimeMs}`;
  } catch {
    return "";
  }
}

/** How many times the watcher plans its first build again while idle (`warmUp`). */
const WARM_UP_RUNS = 3;

export function watchBuild(options: WatchOptions): Watcher {
  const configAbs = resolve(options.cwd, options.configPath);
  const debounce = options.debounceMs ?? 50;
  let files = new Set<string>([configAbs]);
  /** Folders any change in which matters (the templates). */
  let dirs = new Set<string>();
  /** Folders watched for new files matching an input pattern. */
  let bases = new Set<string>();
  let patterns: { root: string; pattern: string }[] = [];
  let outDir: string | undefined;
  /** The project's folder (the configuration's): waiting for a missing file never watches above it. */
  let root: string | undefined;
  let timer: NodeJS.Timeout | undefined;
  let pending: string[] = [];
  let closed = false;
  /** The last build, whose inputs can be reused when none of their dependencies changed. */
  let last: BuildResult | undefined;
  const memos = new InputMemos();

  const ignored = (path: string): boolean => {
    const name = path.split(sep).at(-1) ?? "";
    if (name.startsWith(".policyc-tmp-") || name === "node_modules" || name === ".git") return true;
    return outDir !== undefined && within(path, outDir);
  };
  // No depth limit: a `**` pattern matches files at any depth, and a new one deep down must be
  // seen (node_modules, .git and the output folder are ignored). For pattern bases, template
  // folders and folders awaited.
  // One watcher per batch of folders, so that each says when it is ready (chokidar says it once
  // per watcher): `ready` waits for the watches the first build starts.
  const trees = new Map<string, FSWatcher>();
  /** The watches started and not yet ready: what `ready` waits for after the first build. */
  const starting: Promise<void>[] = [];
  /** Watchers not ready yet, with what settles their part of `ready` (also when closed first). */
  const unready = new Map<FSWatcher, () => void>();
  let settled = false;
  const started = (w: FSWatcher): FSWatcher => {
    if (!settled) {
      starting.push(
        new Promise<void>((resolveReady) => {
          unready.set(w, resolveReady);
          w.once("ready", () => {
            unready.delete(w);
            resolveReady();
          });
        }),
      );
    }
    return w;
  };
  /** Closes a watcher; one still scanning no longer holds `ready` back. */
  const closeWatcher = (w: FSWatcher): Promise<void> => {
    unready.get(w)?.();
    unready.delete(w);
    return w.close();
  };
  const watchTrees = (paths: readonly string[]): void => {
    // a folder already watched (awaited for a missing file and a pattern's base at once) once
    const fresh = paths.filter((p) => !trees.has(p));
    if (fresh.length === 0) return;
    const w = started(watch(fresh, { ignoreInitial: true, ignored }));
    w.on("all", (event, path) => onEvent(event, path));
    for (const p of fresh) trees.set(p, w);
  };
  const unwatchTrees = (paths: readonly string[]): void => {
    for (const p of paths) {
      // a folder awaited for a missing file stays watched for the session
      if (waitingIn.has(p)) continue;
      const w = trees.get(p);
      if (!w) continue;
      trees.delete(p);
      // the last folder of its batch: the watcher goes; else only this folder
      if (![...trees.values()].includes(w)) void closeWatcher(w);
      else w.unwatch(p);
    }
  };
  // Single files (the configuration, inputs, imports) are watched through their folder, one level
  // deep: a watch on the file itself follows its inode, and an editor's save that writes a new
  // file and renames it over the old one (vim, sed -i) twice in quick succession left chokidar
  // watching neither. A folder's watch sees every such replacement; `relevant` picks the events
  // out. One watcher per folder, kept for the session, with the folder's identity (`identity`):
  // a folder removed and made again (a branch switch) is another folder, whose watch died with
  // the old one silently, so the next rebuild closes that watcher and starts a new one.
  const nearDirs = new Map<string, { readonly id: string; readonly watcher: FSWatcher }>();
  const watchNear = (dir: string, id: string = identity(dir)): FSWatcher => {
    const watcher = started(watch([dir], { ignoreInitial: true, ignored, depth: 0 }));
    watcher.on("all", (event, path) => onEvent(event, path));
    nearDirs.set(dir, { id, watcher });
    return watcher;
  };

  /**
   * chokidar stops watching a file that is deleted; adding it again makes it watch the folder for
   * it to come back. Done after every rebuild, whether it built or stopped early.
   */
  const rewatchMissing = (): void => {
    const absent = [...files].filter((p) => !existsSync(p));
    if (absent.length > 0) watchFor(absent, "files");
  };

  /** Folders watched (for the rest of the session) because a file awaited in them has no folder yet. */
  const waitingIn = new Set<string>();
  /**
   * Watches `paths`: a file through its folder (`near`), a folder with everything under it.
   * chokidar cannot wait for a path whose folder does not exist (an import of `./shared/more`
   * before `shared/` is made), so for such a path it watches the nearest folder that exists, and
   * `relevant` picks the path's events out of it.
   */
  const watchFor = (paths: readonly string[], kind: "files" | "folders"): void => {
    const add = new Set<string>();
    const addNear = new Map<string, string>();
    /** Folders already looked at in this call: files share them, and each costs a `stat`. */
    const looked = new Set<string>();
    for (const p of paths) {
      let dir = dirname(p);
      if (kind === "files") {
        if (looked.has(dir)) continue;
        looked.add(dir);
        const id = identity(dir);
        if (id !== "") {
          // A folder removed and made again (a branch switch) is another folder: chokidar's
          // watch of the old one is gone, so it is watched anew.
          const known = nearDirs.get(dir);
          if (known?.id !== id) {
            if (known !== undefined) void closeWatcher(known.watcher);
            addNear.set(dir, id);
          }
          continue;
        }
      }
      if (kind === "folders" && (existsSync(dir) || existsSync(p))) {
        add.add(p);
        continue;
      }
      while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
      // Never a whole tree outside the project (`import "/x/y"` would watch `/`): such a file is
      // seen once its folder exists and the next rebuild watches it.
      if (root === undefined || !within(dir, root)) continue;
      if (!waitingIn.has(dir)) {
        waitingIn.add(dir);
        add.add(dir);
      }
    }
    if (add.size > 0) watchTrees([...add]);
    for (const [dir, id] of addNear) watchNear(dir, id);
  };

  const relevant = (path: string): boolean => {
    if (files.has(path)) return true;
    for (const d of dirs) if (within(path, d)) return true;
    // under the pattern's base folder, which may lie outside the project's (`../policies/**`)
    return patterns.some((p) => within(path, resolve(p.root, patternBase(p.pattern))) && matchesPattern(p.pattern, relative(p.root, path).split(sep).join("/")));
  };

  const rebuild = (trigger: string[]): void => {
    if (closed) return;
    const loaded = loadConfig(configAbs, options.cwd);
    if (!loaded.config) {
      // The configuration may be gone for now (a branch switch): its return must rebuild.
      rewatchMissing();
      options.onBuild({ kind: "config", config: loaded, trigger });
      return;
    }
    const config = options.overrides ? withOverrides(loaded.config, options.overrides) : loaded.config;
    root = config.root;
    const began = performance.now();
    let result: BuildResult;
    const reuse = reusable(last, config, trigger);
    try {
      result = runBuild({
        fs: watchFs,
        ...options,
        config,
        reuse,
        memoFor: (input) => memos.of(input),
        ...(last ? { previousFiles: last.files } : {}),
      });
    } catch (error) {
      memos.endBuild(reuse);
      rewatchMissing();
      options.onBuild({ kind: "crash", error, trigger });
      return;
    }
    memos.endBuild(reuse, result.inputs.map((i) => i.input));
    last = result.status === "failed" ? undefined : result;
    outDir = result.outDir;
    const paths = watchedPaths(result);
    // Inputs named as files are watched even while missing (chokidar then watches for them to
    // appear), so that a build that failed because one was moved away runs again when it is back.
    const named = config.inputs.filter((p) => !isPattern(p)).map((p) => resolve(config.root, p));
    // So are files watched before that are missing now (an import moved away by a branch switch):
    // the build that failed for want of one does not list it, but its return must rebuild.
    const absent = new Set([...files].filter((p) => !existsSync(p)));
    const nextFiles = new Set([configAbs, ...paths.files, ...named, ...absent]);
    const nextDirs = new Set(paths.dirs);
    patterns = config.inputs.map((pattern) => ({ root: config.root, pattern }));
    // New files matching a pattern appear under the pattern's base folder.
    const nextBases = new Set(config.inputs.filter(isPattern).map((p) => resolve(config.root, patternBase(p))));
    // Files are watched through their folders, which stay watched; a missing one whose folder is
    // missing too is awaited again.
    // Every file's folder, each time: one removed and made again (a branch switch) is watched anew.
    watchFor([...nextFiles], "files");
    const before = new Set([...dirs, ...bases]);
    const after = new Set([...nextDirs, ...nextBases]);
    const add = [...after].filter((p) => !before.has(p));
    // chokidar's unwatch also ignores the path from then on, even inside a folder still watched:
    // a file a pattern matched, once unwatched, would go unseen when it came back. Paths under a
    // pattern's base folder stay watched with it.
    const remove = [...before].filter((p) => !after.has(p) && ![...nextBases].some((base) => within(p, base)));
    if (remove.length > 0) unwatchTrees(remove);
    if (add.length > 0) watchFor(add, "folders");
    files = nextFiles;
    dirs = nextDirs;
    bases = nextBases;
    options.onBuild({ kind: "build", result, trigger, ms: performance.now() - began });
    if (result.status !== "failed") warmUp(config);
  };

  /**
   * The first rebuilds after start ran code V8 had not optimized yet: for the flagship 60-90 ms,
   * against about 40 once warm. After the first build that succeeds, while no change is waiting,
   * the watcher plans the same build a few more times, with memos of its own and writing
   * nothing, so that the first edit a person makes is answered by warm code. A change that comes
   * in stops it.
   */
  let warmed = false;
  const warmUp = (config: BuildConfig): void => {
    if (warmed || options.warmUp === false) return;
    warmed = true;
    let runs = 0;
    const step = (): void => {
      if (closed || timer !== undefined || runs >= WARM_UP_RUNS) return;
      runs++;
      try {
        planBuild({ ...options, config, memoFor: () => new Memo() });
      } catch {
        return; // the next real build reports whatever this met
      }
      setTimeout(step, 0);
    };
    setTimeout(step, 0);
  };

  const onEvent = (_event: string, path: string): void => {
    const abs = resolve(options.cwd, path);
    if (!relevant(abs)) return;
    pending.push(abs);
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => {
      timer = undefined;
      const trigger = [...new Set(pending)].sort();
      pending = [];
      rebuild(trigger);
    }, debounce);
  };
  // The first build, then every watch it started: an edit made once `ready` resolves is seen.
  const ready = new Promise<void>((resolveReady) => {
    watchNear(dirname(configAbs)).once("ready", () => resolveReady());
  })
    .then(() => rebuild([]))
    .then(() => Promise.all(starting.splice(0)))
    .then(() => {
      settled = true;
    });

  return {
    ready,
    async close() {
      closed = true;
      if (timer) clearTimeout(timer);
      await Promise.all([...new Set(trees.values())].map(closeWatcher).concat([...nearDirs.values()].map((n) => closeWatcher(n.watcher))));
    },
  };
}
