/**
 * The user's bracket templates (workers/core/exits/templates.ts), kept across sessions in one JSON file in the state
 * directory. Every template is checked when saved and when read back; one that no longer passes is dropped with a
 * warning, the others stay.
 */
import { join } from 'node:path';
import { parseTemplate, templateListProblem, type BracketTemplate } from '../../workers/core/exits/templates.js';
import { isRecord, readJsonFile, writeJsonFile, type Log } from './json-file.js';

export const BRACKETS_FILE = 'brackets.json';
const VERSION = 1;
/** Far above what anyone keeps; bounds what a hostile page could make the host write. */
const MAX_TEMPLATES = 100;

export class BracketStore {
  readonly file: string;
  private templates: BracketTemplate[];

  constructor(
    dir: string,
    private readonly log: Log,
  ) {
    this.file = join(dir, BRACKETS_FILE);
    this.templates = this.load();
  }

  all(): readonly BracketTemplate[] {
    return this.templates;
  }

  /** The template named `name` (case-insensitive), if any. */
  find(name: string): BracketTemplate | undefined {
    const key = name.trim().toLowerCase();
    return this.templates.find((t) => t.name.toLowerCase() === key);
  }

  /** Saves `value` (replacing the template of the same name); returns why not, if it cannot be saved. */
  save(value: unknown): string | undefined {
    const parsed = parseTemplate(value);
    if (!parsed.ok) return parsed.reason;
    const { template } = parsed;
    const others = this.templates.filter((t) => t.name.toLowerCase() !== template.name.toLowerCase());
    if (others.length >= MAX_TEMPLATES) return `at most ${MAX_TEMPLATES} templates`;
    const next = [...others, template].sort((a, b) => a.name.localeCompare(b.name));
    const problem = templateListProblem(next);
    if (problem !== undefined) return problem;
    this.templates = next;
    this.write();
    return undefined;
  }

  /** Deletes the template named `name`; false if there was none. */
  delete(name: string): boolean {
    const key = name.trim().toLowerCase();
    const next = this.templates.filter((t) => t.name.toLowerCase() !== key);
    if (next.length === this.templates.length) return false;
    this.templates = next;
    this.write();
    return true;
  }

  private load(): BracketTemplate[] {
    const document = readJsonFile(this.file, 'saved bracket templates', this.log);
    if (document === undefined) return [];
    const list = isRecord(document) && Array.isArray(document.templates) ? document.templates : undefined;
    if (list === undefined) {
      this.log('warn', `saved bracket templates in ${this.file} have no "templates" list: ignored`);
      return [];
    }
    const templates: BracketTemplate[] = [];
    for (const [index, value] of list.entries()) {
      const parsed = parseTemplate(value);
      if (!parsed.ok) this.log('warn', `bracket template ${index + 1} in ${this.file} dropped: ${parsed.reason}`);
      else if (templates.some((t) => t.name.toLowerCase() === parsed.template.name.toLowerCase())) this.log('warn', `bracket template ${parsed.template.name} repeated in ${this.file}: the first is kept`);
      else templates.push(parsed.template);
    }
    return templates.slice(0, MAX_TEMPLATES);
  }

  private write(): void {
    writeJsonFile(this.file, { version: VERSION, templates: this.templates }, 'bracket templates', this.log);
  }
}
