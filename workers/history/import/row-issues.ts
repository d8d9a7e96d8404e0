/** Bad rows of an import: every one counted, the first `keep` remembered with their line numbers. */
import type { RowIssue } from './import-types.js';

/** How many bad rows an import remembers by default. */
export const KEEP_ISSUES = 20;

export class RowIssues {
  count = 0;
  readonly first: RowIssue[] = [];

  constructor(private readonly keep = KEEP_ISSUES) {}

  add(line: number, reason: string): void {
    this.count++;
    if (this.first.length < this.keep) this.first.push({ line, reason });
  }
}

/** A row refused while converting: thrown inside one row's conversion, caught and counted by the caller. */
export class RowError extends Error {}
