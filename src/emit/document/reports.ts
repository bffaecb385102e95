/**
 * Diagnostics about one document, each reported once per key. While a section is written with a
 * memo, `recording` collects every report it makes, also the ones an earlier section had already
 * made, so that reusing the section can `replay` them through the same deduplication.
 */
import type { Diagnostic } from "../../diagnostics/diagnostic.js";

export interface RecordedReport {
  /** Reported once per key; null: every time. */
  readonly key: string | null;
  readonly diagnostic: Diagnostic;
}

export class Reports {
  readonly diagnostics: Diagnostic[] = [];
  private readonly reported = new Set<string>();
  recording: RecordedReport[] | undefined;

  report(key: string | null, make: () => Diagnostic): void {
    if (this.recording) {
      const diagnostic = make();
      this.recording.push({ key, diagnostic });
      this.replay(key, diagnostic);
    } else if (key === null || !this.reported.has(key)) {
      this.replay(key, make());
    }
  }

  replay(key: string | null, diagnostic: Diagnostic): void {
    if (key !== null) {
      if (this.reported.has(key)) return;
      this.reported.add(key);
    }
    this.diagnostics.push(diagnostic);
  }
}
