/**
 * `policyc build --watch`: rebuilds when an input, an imported file or the configuration changes,
 * debounces bursts of writes, and reports problems without stopping.
 */
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import type { ConfigOverrides } from "../../src/build/config.js";
import { runBuild } from "../../src/build/build.js";
import { loadConfig } from "../../src/build/config.js";
import { InputMemos, watchBuild, type Watcher, type WatchOutcome } from "../../src/build/watch.js";
import { EMITTERS } from "../../src/emit/registry.js";
import { project, tinyPolicy } from "./helpers.js";

let watcher: Watcher | undefined;
afterEach(async () => {
  await watcher?.close();
  watcher = undefined;
});

/** Starts watching `dir` and returns a function that waits for the next outcome. */
async function start(dir: string, overrides?: ConfigOverrides): Promise<{ next: () => Promise<WatchOutcome>; outcomes: WatchOutcome[] }> {
  const outcomes: WatchOutcome[] = [];
  const waiting: ((o: WatchOutcome) => void)[] = [];
  watcher = watchBuild({
    configPath: "policyc.config.json",
    cwd: dir,
    debounceMs: 50,
    ...(overrides ? { overrides } : {}),
    onBuild: (o) => {
      outcomes.push(o);
      waiting.shift()?.(o);
    },
  });
  await watcher.ready;
  // chokidar starts watching files added after the first build asynchronously
  await new Promise((r) => setTimeout(r, 300));
  return {
    outcomes,
    next: () =>
      new Promise<WatchOutcome>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error("no rebuild within 10 s")), 10_000);
        waiting.push((o) => {
          clearTimeout(timer);
          resolve(o);
        });
      }),
  };
}

/** Waits for `outcome`, doing `again` every second meanwhile. */
async function untilSeen(outcome: Promise<WatchOutcome>, again: () => void): Promise<WatchOutcome> {
  const timer = setInterval(again, 1000);
  try {
    return await outcome;
  } finally {
    clearInterval(timer);
  }
}

function shared(label: string): string {
  return `category contact.handle "${label}"\n`;
}

describe("policyc build --watch", () => {
  it("keeps the command line's --with-sources and --templates over the configuration, after reloads too", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "generated", emitters: ["document"] }),
      "a.policy": tinyPolicy("a", ""),
      "wording/en/section-title.hbs": "unused",
    });
    const w = await start(dir, { withSources: true, templates: join(dir, "wording") });
    const first = w.outcomes[0]!;
    if (first.kind !== "build") throw new Error("no first build");
    expect(first.result.config.templates).toBe(join(dir, "wording"));
    expect(readFileSync(join(dir, "generated", "a", "policy.md"), "utf8")).toMatch(/\\\[a\.policy:\d+]/);
    const reloaded = w.next();
    writeFileSync(join(dir, "policyc.config.json"), JSON.stringify({ inputs: ["*.policy"], outDir: "generated", emitters: ["document", "model"] }));
    const second = await reloaded;
    if (second.kind !== "build") throw new Error("no rebuild");
    expect(second.result.config.withSources).toBe(true);
    expect(second.result.config.templates).toBe(join(dir, "wording"));
    expect(readFileSync(join(dir, "generated", "a", "policy.md"), "utf8")).toMatch(/\\\[a\.policy:\d+]/);
  });

  it("after its first build, plans it again a few times while idle, writing and reporting nothing; an edit still rebuilds", async () => {
    for (const warmUp of [true, false]) {
      const dir = project({ "policyc.config.json": JSON.stringify({ inputs: ["a.policy"], outDir: "generated" }), "a.policy": tinyPolicy("a", "") });
      let emits = 0;
      const outcomes: WatchOutcome[] = [];
      const counting = { name: "count", emit: () => (emits++, { files: [{ path: "count.txt", content: "counted\n" }], diagnostics: [] }) };
      watcher = watchBuild({ configPath: "policyc.config.json", cwd: dir, debounceMs: 50, emitters: [counting], warmUp, onBuild: (o) => outcomes.push(o) });
      await watcher.ready;
      await new Promise((r) => setTimeout(r, 500));
      // the first build, then (warming up) the same plan three times more, reported and written once
      expect(emits).toBe(warmUp ? 4 : 1);
      expect(outcomes).toHaveLength(1);
      expect(readFileSync(join(dir, "generated", "a", "count.txt"), "utf8")).toBe("counted\n");
      writeFileSync(join(dir, "a.policy"), tinyPolicy("a", '// edited\ncategory extra "Extra"\n'));
      for (let i = 0; i < 100 && outcomes.length < 2; i++) await new Promise((r) => setTimeout(r, 50));
      expect(outcomes).toHaveLength(2);
      expect(emits).toBe(warmUp ? 5 : 2); // warmed once, not after every build
      await watcher.close();
      watcher = undefined;
    }
  });

  it("recompiles only the inputs whose files changed, and everything when the configuration does", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "generated", emitters: ["model"] }),
      "a.policy": tinyPolicy("a", ""),
      "b.policy": tinyPolicy("b", ""),
    });
    const w = await start(dir);
    const first = w.outcomes[0]!;
    if (first.kind !== "build") throw new Error("no first build");
    const rebuilt = w.next();
    writeFileSync(join(dir, "a.policy"), tinyPolicy("a", '// edited\ncategory extra "Extra"\n'));
    const second = await rebuilt;
    if (second.kind !== "build") throw new Error("no rebuild");
    // b was taken from the first build as it was; a was compiled again
    expect(second.result.byInput.get("b.policy")).toBe(first.result.byInput.get("b.policy"));
    expect(second.result.byInput.get("a.policy")).not.toBe(first.result.byInput.get("a.policy"));
    expect(readFileSync(join(dir, "generated", "a", "policy.json"), "utf8")).toContain("Extra");
    expect(second.result.files.get("b/policy.json")).toBe(first.result.files.get("b/policy.json"));

    const again = w.next();
    writeFileSync(join(dir, "policyc.config.json"), JSON.stringify({ inputs: ["*.policy"], outDir: "generated", emitters: ["model", "consent"] }));
    const third = await again;
    if (third.kind !== "build") throw new Error("no rebuild");
    expect(third.result.byInput.get("b.policy")).not.toBe(second.result.byInput.get("b.policy"));
    expect(third.result.files.has("b/consent.schema.json")).toBe(true);
  });

  it("after edits to one input and then another, every output is that of a one-off build", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "generated" }),
      "a.policy": tinyPolicy("a", ""),
      "b.policy": tinyPolicy("b", ""),
    });
    const w = await start(dir);
    for (const [file, extra] of [
      ["a.policy", 'category extra "Extra of a"\n'],
      ["b.policy", 'category extra "Extra of b"\n'],
      ["a.policy", 'category extra "Extra of a, again"\n'],
    ] as const) {
      const rebuilt = w.next();
      writeFileSync(join(dir, file), tinyPolicy(file.slice(0, 1), extra));
      const outcome = await rebuilt;
      if (outcome.kind !== "build") throw new Error("no rebuild");
      expect(outcome.result.status).toBe("written");
    }
    const fresh = runBuild({ config: loadConfig(join(dir, "policyc.config.json"), dir, EMITTERS.map((e) => e.name)).config!, cwd: dir, check: true });
    expect(fresh.status).toBe("up-to-date");
    expect(readFileSync(join(dir, "generated", "b", "policy.md"), "utf8")).toContain("Extra of b");
  });

  it("rebuilds on a change of an input, an imported file and the configuration, once per burst", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["*.policy"], outDir: "generated", emitters: ["model"] }),
      "shared/taxonomy.policy": shared("Handle"),
      "main.policy": tinyPolicy("main", 'import "./shared/taxonomy"\npurpose services.support "Support" { basis contract  uses contact.handle }\n'),
    });
    const w = await start(dir);
    expect(w.outcomes).toHaveLength(1);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });

    // an imported file; three writes in a burst make one rebuild
    const rebuilt = w.next();
    for (const label of ["Handle 1", "Handle 2", "Handle 3"]) writeFileSync(join(dir, "shared", "taxonomy.policy"), shared(label));
    const outcome = await rebuilt;
    expect(outcome).toMatchObject({ kind: "build", result: { status: "written" } });
    expect(readFileSync(join(dir, "generated", "main", "policy.json"), "utf8")).toContain("Handle 3");
    await new Promise((r) => setTimeout(r, 200));
    expect(w.outcomes).toHaveLength(2);

    // an error is reported and the watch goes on
    const failed = w.next();
    writeFileSync(join(dir, "main.policy"), "policy main {");
    expect(await failed).toMatchObject({ kind: "build", result: { status: "failed", exitCode: 1 } });

    const fixed = w.next();
    writeFileSync(join(dir, "main.policy"), tinyPolicy("main", 'import "./shared/taxonomy"\npurpose services.support "Support" { basis contract  uses contact.handle }\n'));
    // the same outputs as before the error: nothing to write
    expect(await fixed).toMatchObject({ kind: "build", result: { status: "unchanged", exitCode: 0 } });

    // the configuration
    const reconfigured = w.next();
    writeFileSync(join(dir, "policyc.config.json"), JSON.stringify({ inputs: ["*.policy"], outDir: "out", emitters: ["model"] }));
    const after = await reconfigured;
    expect(after).toMatchObject({ kind: "build", result: { status: "written" } });
    expect(readFileSync(join(dir, "out", "main", "policy.json"), "utf8")).toContain('"id": "main"');

    // a new file matching the input pattern
    const added = w.next();
    writeFileSync(join(dir, "second.policy"), tinyPolicy("second"));
    const withSecond = await added;
    expect(withSecond.kind === "build" && withSecond.result.inputs.map((i) => i.input)).toEqual(["main.policy", "second.policy"]);
  }, 60_000);

  it("goes on watching an imported file that was moved away and back", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["main.policy"], outDir: "generated", emitters: ["model"] }),
      "shared/taxonomy.policy": shared("Handle"),
      "main.policy": tinyPolicy("main", 'import "./shared/taxonomy"\npurpose services.support "Support" { basis contract  uses contact.handle }\n'),
    });
    const w = await start(dir);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });
    const gone = w.next();
    renameSync(join(dir, "shared", "taxonomy.policy"), join(dir, "shared", "taxonomy.away"));
    expect(await gone).toMatchObject({ kind: "build", result: { status: "failed" } });
    const back = w.next();
    renameSync(join(dir, "shared", "taxonomy.away"), join(dir, "shared", "taxonomy.policy"));
    expect(await untilSeen(back, () => writeFileSync(join(dir, "shared", "taxonomy.policy"), shared("Handle")))).toMatchObject({ kind: "build", result: { exitCode: 0 } });
    const edited = w.next();
    writeFileSync(join(dir, "shared", "taxonomy.policy"), shared("Handle 2"));
    expect(await untilSeen(edited, () => writeFileSync(join(dir, "shared", "taxonomy.policy"), shared("Handle 2")))).toMatchObject({ kind: "build", result: { status: "written" } });
    expect(readFileSync(join(dir, "generated", "main", "policy.json"), "utf8")).toContain("Handle 2");
  }, 60_000);

  it("goes on watching an earlier version (accepts_consent_from) that stopped compiling, and rebuilds on its fix", async () => {
    const earlier = tinyPolicy("main");
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["main.policy"], outDir: "generated", emitters: ["model"] }),
      "archive/main-1.policy": earlier,
      "main.policy": tinyPolicy("main").replace('policy main "Tiny Policy" {', 'policy main "Tiny Policy" {\n  accepts_consent_from "archive/main-1.policy"'),
    });
    const w = await start(dir);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });
    const broken = w.next();
    writeFileSync(join(dir, "archive", "main-1.policy"), `${earlier}garbage garbage\n`);
    const failed = await broken;
    expect(failed).toMatchObject({ kind: "build", result: { status: "failed" } });
    expect(failed.kind === "build" && failed.result.diagnostics.map((d) => d.code)).toContain("PC2023");
    // the fix alone (the policy itself untouched) rebuilds
    const fixed = w.next();
    writeFileSync(join(dir, "archive", "main-1.policy"), earlier);
    expect(await untilSeen(fixed, () => writeFileSync(join(dir, "archive", "main-1.policy"), earlier))).toMatchObject({ kind: "build", result: { exitCode: 0 } });
  }, 60_000);

  it("sees an edit made as soon as `ready` resolves, to an input under a pattern and to a template", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["policies/*.policy"], outDir: "generated", templates: "wording", emitters: ["document"] }),
      "policies/main.policy": tinyPolicy("main"),
      "wording/en/changes.hbs": "We tell you by {{list notify}}.\n",
    });
    const outcomes: WatchOutcome[] = [];
    let seen: (o: WatchOutcome) => void = () => undefined;
    watcher = watchBuild({ configPath: "policyc.config.json", cwd: dir, debounceMs: 50, warmUp: false, onBuild: (o) => (outcomes.push(o), seen(o)) });
    await watcher.ready;
    expect(outcomes).toHaveLength(1);
    const next = () => new Promise<WatchOutcome>((resolve, reject) => {
      const t = setTimeout(() => reject(new Error("no rebuild within 5 s")), 5000);
      seen = (o) => (clearTimeout(t), resolve(o));
    });
    // no pause: the watches the first build started are ready with it
    const policy = next();
    writeFileSync(join(dir, "policies", "main.policy"), tinyPolicy("main").replace('"Tiny Policy"', '"Tiny Policy 2"'));
    expect(await policy).toMatchObject({ kind: "build", result: { status: "written" } });
    const template = next();
    writeFileSync(join(dir, "wording", "en", "changes.hbs"), "We write to you by {{list notify}}.\n");
    expect(await template).toMatchObject({ kind: "build", result: { status: "written" } });
  }, 30_000);

  it("ready settles when the session is closed before its watches are ready, and a folder watched for two reasons is watched once", async () => {
    const dir = project({
      // `**/*.policy` watches the project's folder, which the missing import's folder is awaited in too
      "policyc.config.json": JSON.stringify({ inputs: ["**/*.policy"], outDir: "generated", emitters: ["model"] }),
      "main.policy": tinyPolicy("main", 'import "./shared/more"\n'),
    });
    const early = watchBuild({ configPath: "policyc.config.json", cwd: dir, debounceMs: 50, warmUp: false, onBuild: () => undefined });
    // closed as soon as the first build has started its watches, before they are ready
    const closing = new Promise<void>((resolve) => setTimeout(() => void early.close().then(resolve), 20));
    await closing;
    await expect(Promise.race([early.ready.then(() => "ready"), new Promise((r) => setTimeout(() => r("hung"), 5000))])).resolves.toBe("ready");
    // a full session: every watcher closed (a lost one kept the process alive)
    const outcomes: WatchOutcome[] = [];
    watcher = watchBuild({ configPath: "policyc.config.json", cwd: dir, debounceMs: 50, warmUp: false, onBuild: (o) => void outcomes.push(o) });
    await watcher.ready;
    expect(outcomes[0]).toMatchObject({ kind: "build", result: { status: "failed" } });
  }, 30_000);

  it("goes on watching the configuration after it was moved away and back", async () => {
    const config = JSON.stringify({ inputs: ["main.policy"], outDir: "generated", emitters: ["model"] });
    const dir = project({ "policyc.config.json": config, "main.policy": tinyPolicy("main") });
    const w = await start(dir);
    const gone = w.next();
    renameSync(join(dir, "policyc.config.json"), join(dir, "config.away"));
    expect(await gone).toMatchObject({ kind: "config" });
    const back = w.next();
    renameSync(join(dir, "config.away"), join(dir, "policyc.config.json"));
    expect(await untilSeen(back, () => writeFileSync(join(dir, "policyc.config.json"), config))).toMatchObject({ kind: "build", result: { exitCode: 0 } });
    // and later edits of it are seen
    const edited = w.next();
    const withDocs = JSON.stringify({ inputs: ["main.policy"], outDir: "generated", emitters: ["model", "consent"] });
    writeFileSync(join(dir, "policyc.config.json"), withDocs);
    expect(await untilSeen(edited, () => writeFileSync(join(dir, "policyc.config.json"), withDocs))).toMatchObject({ kind: "build", result: { status: "written" } });
    expect(readFileSync(join(dir, "generated", "main", "consent.schema.json"), "utf8")).toContain("$schema");
  }, 60_000);

  it("builds when an import that was missing is created, its folder too", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["main.policy"], outDir: "generated", emitters: ["model"] }),
      "main.policy": tinyPolicy("main", 'import "./shared/more"\npurpose services.support "Support" { basis contract  uses contact.handle }\n'),
    });
    const w = await start(dir);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "failed" } }); // PC2006
    const created = w.next();
    const write = () => {
      mkdirSync(join(dir, "shared"), { recursive: true });
      writeFileSync(join(dir, "shared", "more.policy"), shared("Handle"));
    };
    write();
    expect(await untilSeen(created, write)).toMatchObject({ kind: "build", result: { exitCode: 0 } });
  }, 60_000);

  it("sees a new file deep under a `**` pattern", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["p/**/*.policy"], outDir: "generated", emitters: ["model"] }),
      "p/top.policy": tinyPolicy("top"),
    });
    const w = await start(dir);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });
    const deep = w.next();
    const path = join(dir, "p", "a", "b", "c", "d", "e");
    const writeDeep = () => {
      mkdirSync(path, { recursive: true });
      writeFileSync(join(path, "d5.policy"), tinyPolicy("d5"));
    };
    writeDeep();
    expect(await untilSeen(deep, writeDeep)).toMatchObject({ kind: "build", result: { exitCode: 0 } });
    expect(readFileSync(join(dir, "generated", "d5", "policy.json"), "utf8")).toContain('"d5"');
  }, 60_000);

  it("sees a new file under a pattern that reaches outside the configuration's folder", async () => {
    const dir = project({
      "conf/policyc.config.json": JSON.stringify({ inputs: ["../policies/**/*.policy"], outDir: "../generated", emitters: ["model"] }),
      "policies/a/one.policy": tinyPolicy("one"),
    });
    const w = await start(join(dir, "conf"));
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });
    const added = w.next();
    const write = () => {
      mkdirSync(join(dir, "policies", "b"), { recursive: true });
      writeFileSync(join(dir, "policies", "b", "four.policy"), tinyPolicy("four"));
    };
    write();
    expect(await untilSeen(added, write)).toMatchObject({ kind: "build", result: { exitCode: 0 } });
    expect(readFileSync(join(dir, "generated", "four", "policy.json"), "utf8")).toContain('"four"');
  }, 60_000);

  for (const inputs of [["main.policy"], ["*.policy"]]) {
    it(`goes on watching an input that was moved away and back (inputs ${JSON.stringify(inputs)})`, async () => {
      const dir = project({
        "policyc.config.json": JSON.stringify({ inputs, outDir: "generated", emitters: ["model"] }),
        "main.policy": tinyPolicy("main"),
      });
      const w = await start(dir);
      expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });

      // a branch switch or a stash: the only input disappears, then comes back
      const gone = w.next();
      renameSync(join(dir, "main.policy"), join(dir, "main.policy.away"));
      expect(await gone).toMatchObject({ kind: "build", result: { status: "failed", exitCode: 2 } });
      // chokidar sets up the watch for the missing file asynchronously: on a loaded machine the
      // return may come first, so the file is written again until a rebuild is seen (without the
      // fix, none ever is)
      const back = w.next();
      renameSync(join(dir, "main.policy.away"), join(dir, "main.policy"));
      expect(await untilSeen(back, () => writeFileSync(join(dir, "main.policy"), tinyPolicy("main")))).toMatchObject({ kind: "build", result: { exitCode: 0 } });

      // and its edits are seen again
      const edited = w.next();
      const text = tinyPolicy("main", 'category extra "Extra"\n');
      writeFileSync(join(dir, "main.policy"), text);
      expect(await untilSeen(edited, () => writeFileSync(join(dir, "main.policy"), text))).toMatchObject({ kind: "build", result: { status: "written" } });
      expect(readFileSync(join(dir, "generated", "main", "policy.json"), "utf8")).toContain('"extra"');
    }, 60_000);
  }
});

describe("policyc build --watch and editors' saves", () => {
  /** A save as vim and `sed -i` make it: a new file written beside the old, renamed over it. */
  const atomicSave = (path: string, text: string) => {
    writeFileSync(path + ".swp", text);
    renameSync(path + ".swp", path);
  };

  it("goes on seeing an input after two replacing saves in quick succession", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["main.policy"], outDir: "generated", emitters: ["model"] }),
      "main.policy": tinyPolicy("main"),
    });
    const w = await start(dir);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });
    const path = join(dir, "main.policy");
    const first = w.next();
    atomicSave(path, tinyPolicy("main", 'category one "One"\n'));
    atomicSave(path, tinyPolicy("main", 'category two "Two"\n'));
    expect(await first).toMatchObject({ kind: "build", result: { exitCode: 0 } });
    // with the file watched by its inode, chokidar saw nothing from here on
    for (const name of ["three", "four"]) {
      await new Promise((r) => setTimeout(r, 300));
      const seen = w.next();
      atomicSave(path, tinyPolicy("main", `category ${name} "X"\n`));
      expect(await seen).toMatchObject({ kind: "build", result: { status: "written" } });
      expect(readFileSync(join(dir, "generated", "main", "policy.json"), "utf8")).toContain(`"${name}"`);
    }
  }, 60_000);
});

describe("policyc build --watch and folders that go and come back", () => {
  it("goes on watching an input whose folder was removed and made again (a branch switch)", async () => {
    const dir = project({
      "policyc.config.json": JSON.stringify({ inputs: ["policies/main.policy"], outDir: "generated", emitters: ["model"] }),
      "policies/main.policy": tinyPolicy("main"),
    });
    const w = await start(dir);
    expect(w.outcomes[0]).toMatchObject({ kind: "build", result: { status: "written" } });
    const back = w.next();
    rmSync(join(dir, "policies"), { recursive: true });
    mkdirSync(join(dir, "policies"));
    writeFileSync(join(dir, "policies", "main.policy"), tinyPolicy("main", 'category one "One"\n'));
    const rewrite = () => writeFileSync(join(dir, "policies", "main.policy"), tinyPolicy("main", 'category one "One"\n'));
    expect(await untilSeen(back, rewrite)).toMatchObject({ kind: "build" });
    // drain any rebuild still under way, then an edit must be seen
    await new Promise((r) => setTimeout(r, 500));
    for (const name of ["two", "three"]) {
      const seen = w.next();
      const text = tinyPolicy("main", `category ${name} "X"\n`);
      writeFileSync(join(dir, "policies", "main.policy"), text);
      expect(await untilSeen(seen, () => writeFileSync(join(dir, "policies", "main.policy"), text))).toMatchObject({ kind: "build", result: { exitCode: 0 } });
      await new Promise((r) => setTimeout(r, 300));
    }
    expect(readFileSync(join(dir, "generated", "main", "policy.json"), "utf8")).toContain('"three"');
  }, 60_000);
});

describe("InputMemos", () => {
  it("leaves the memo of an input taken as it was alone, sweeps the compiled ones, drops the gone ones", () => {
    const memos = new InputMemos();
    // build 1 compiles a and b
    memos.of("a").get("a1", () => 1);
    memos.of("b").get("b1", () => 1);
    memos.endBuild(undefined, ["a", "b"]);
    // build 2 compiles a (with other entries) and takes b as it was
    memos.of("a").get("a2", () => 2);
    memos.endBuild(new Map([["b", {}]]), ["a", "b"]);
    expect(memos.sizes()).toEqual({ a: 1, b: 1 });
    // build 3 compiles b again: it finds what it had
    let made = false;
    memos.of("b").get("b1", () => ((made = true), 3));
    expect(made).toBe(false);
    memos.endBuild(new Map([["a", {}]]), ["a"]);
    expect(memos.sizes()).toEqual({ a: 1 });
  });
});
