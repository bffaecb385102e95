/** Child processes: timed spawns, and workloads that report JSON lines and may be stopped at a deadline. */
import { spawn, spawnSync } from "node:child_process";
import { now } from "./measure.js";

export interface StageLine {
  readonly stage: string;
  readonly ms: number;
  readonly run?: number;
  /** When the parent read the line, in ms since it spawned the child. */
  readonly atMs?: number;
  readonly [key: string]: unknown;
}

export interface ChildRun {
  readonly lines: readonly StageLine[];
  readonly timedOut: boolean;
  readonly code: number | null;
  readonly wallMs: number;
  readonly stderr: string;
}

/** Runs `node args` and collects its JSON lines; kills it (by its pid) after `capMs`. */
export function runWorkload(args: readonly string[], capMs: number, cwd: string): Promise<ChildRun> {
  return new Promise((resolve) => {
    const t = now();
    const child = spawn(process.execPath, [...args], { cwd, stdio: ["ignore", "pipe", "pipe"] });
    const lines: StageLine[] = [];
    let buf = "";
    let stderr = "";
    let timedOut = false;
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (d: string) => {
      buf += d;
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          lines.push({ ...(JSON.parse(line) as StageLine), atMs: now() - t });
        } catch {
          /* not ours */
        }
      }
    });
    child.stderr.setEncoding("utf8");
    child.stderr.on("data", (d: string) => {
      if (stderr.length < 20_000) stderr += d;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill("SIGKILL");
    }, capMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ lines, timedOut, code, wallMs: now() - t, stderr });
    });
  });
}

/** Wall time of one spawned command, in ms, with its exit status and output. */
export function timeSpawn(cmd: string, args: readonly string[], cwd: string): { ms: number; status: number | null; stdout: string; stderr: string } {
  const t = now();
  const r = spawnSync(cmd, [...args], { cwd, encoding: "utf8", env: { ...process.env, NO_COLOR: "1", FORCE_COLOR: "0" } });
  return { ms: now() - t, status: r.status, stdout: r.stdout ?? "", stderr: r.stderr ?? "" };
}
