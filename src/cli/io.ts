/**
 * What a command may touch of the process: its output streams, working directory and
 * environment, and the exit code it reports. Commands receive a `CommandContext` instead of
 * reaching for `process`, so tests run them in-process (spawning the CLI costs a second each).
 */

export interface OutStream {
  write(text: string): void;
  /** True for a terminal; colours are used only then. */
  readonly isTTY?: boolean;
}

export interface Io {
  readonly stdout: OutStream;
  readonly stderr: OutStream;
  /** The directory relative paths on the command line are read from. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
}

/** The real process. */
export function processIo(): Io {
  return {
    stdout: { write: (t) => void process.stdout.write(t), isTTY: process.stdout.isTTY === true },
    stderr: { write: (t) => void process.stderr.write(t), isTTY: process.stderr.isTTY === true },
    cwd: process.cwd(),
    env: process.env,
  };
}

/** An `Io` that records what was written, for tests and the programmatic API. */
export interface MemoryIo extends Io {
  readonly out: () => string;
  readonly err: () => string;
}

export function memoryIo(options: { cwd?: string; env?: Record<string, string | undefined>; tty?: boolean } = {}): MemoryIo {
  let out = "";
  let err = "";
  return {
    stdout: { write: (t) => void (out += t), isTTY: options.tty === true },
    stderr: { write: (t) => void (err += t), isTTY: options.tty === true },
    cwd: options.cwd ?? process.cwd(),
    env: options.env ?? { NO_COLOR: "1" },
    out: () => out,
    err: () => err,
  };
}

/** Exit codes of every command: 0 success, 1 the policies have problems, 2 the tool failed or was misused. */
export const EXIT_PROBLEMS = 1;
export const EXIT_TOOL = 2;

export interface CommandContext {
  readonly io: Io;
  /** Records the exit code; the highest one set during a run wins. */
  exit(code: number): void;
}

/** Colour only for a terminal, and never when NO_COLOR is set (https://no-color.org). */
export function useColor(stream: OutStream, env: Io["env"]): boolean {
  const noColor = env["NO_COLOR"];
  return stream.isTTY === true && (noColor === undefined || noColor === "");
}
