/**
 * Opening the history database: the file in the state folder, WAL mode (the history worker writes while the host
 * reads, neither waiting for the other), and the schema brought up to date by the ordered migrations.
 */
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import Database from 'better-sqlite3';
import { LATEST_VERSION, MIGRATIONS, type Migration } from './migrations.js';

/** The database's name in the state folder. */
export const HISTORY_FILE = 'history.sqlite';

/** Where the history database of a state folder lives. */
export function historyPath(stateDir: string): string {
  return join(stateDir, HISTORY_FILE);
}

/** Opens (creating if needed) the database at `path` for writing, migrated to the latest schema. */
export function openHistoryForWriting(path: string, migrations: readonly Migration[] = MIGRATIONS): Database.Database {
  mkdirSync(dirname(path), { recursive: true });
  const db = new Database(path);
  try {
    db.pragma('journal_mode = WAL');
    // In WAL mode NORMAL loses at most the last transactions on a power cut, never consistency; the streams'
    // owners resend what a restarted history worker missed within a session.
    db.pragma('synchronous = NORMAL');
    db.pragma('busy_timeout = 2000');
    // Every insert also updates the tables' indexes: with SQLite's default 2 MB page cache a store of a few hundred
    // MB reads index pages back from disk on almost every row. 64 MB keeps their hot parts in memory.
    db.pragma('cache_size = -65536');
    migrate(db, migrations);
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/** Opens an existing database read-only (the terminal's queries); throws if it does not exist. */
export function openHistoryForReading(path: string): Database.Database {
  const db = new Database(path, { readonly: true, fileMustExist: true });
  db.pragma('busy_timeout = 2000');
  return db;
}

/** The schema version a database is at; 0 for an empty one. */
export function schemaVersion(db: Database.Database): number {
  const table = db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'").get();
  if (table === undefined) return 0;
  const row = db.prepare('SELECT version FROM schema_version').get() as { version: number } | undefined;
  return row?.version ?? 0;
}

/**
 * Applies the migrations above the database's version, in order, each with its version bump in one transaction (a
 * crash between them leaves a consistent, older schema). Returns the versions applied. Refuses a database written by
 * a newer build rather than guess at a schema it does not know.
 */
export function migrate(db: Database.Database, migrations: readonly Migration[] = MIGRATIONS): number[] {
  db.exec('CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)');
  const current = schemaVersion(db);
  if (current > LATEST_VERSION) {
    throw new Error(`history database is at schema version ${current}, newer than this build knows (${LATEST_VERSION}): use a newer terminal or another --state-dir`);
  }
  const applied: number[] = [];
  for (const migration of migrations) {
    if (migration.version <= current) continue;
    db.transaction(() => {
      db.exec(migration.sql);
      db.prepare('DELETE FROM schema_version').run();
      db.prepare('INSERT INTO schema_version (version) VALUES (?)').run(migration.version);
    })();
    applied.push(migration.version);
  }
  return applied;
}
