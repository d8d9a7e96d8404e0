import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { migrate, openHistoryForWriting, schemaVersion } from '../../../../workers/history/store/history-db.js';
import { LATEST_VERSION, MIGRATIONS } from '../../../../workers/history/store/migrations.js';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'history-migrations-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const tables = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as Array<{ name: string }>).map((row) => row.name);
const indexes = (db: Database.Database): string[] =>
  (db.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as Array<{ name: string }>).map(
    (row) => row.name,
  );

describe('history schema migrations', () => {
  it('are numbered 1, 2, 3, … in order', () => {
    expect(MIGRATIONS.map((m) => m.version)).toEqual(MIGRATIONS.map((_m, index) => index + 1));
    expect(LATEST_VERSION).toBe(MIGRATIONS.length);
  });

  it('bring an empty file to the latest version with every table', () => {
    const db = openHistoryForWriting(join(dir, 'h.sqlite'));
    expect(schemaVersion(db)).toBe(LATEST_VERSION);
    expect(tables(db)).toEqual(['backtest_runs', 'conditions', 'equity', 'fills', 'order_events', 'positions', 'schema_version', 'strategy_params']);
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
    db.close();
  });

  it.each(MIGRATIONS.slice(0, -1).map((m) => m.version))('bring a file at version %i to the same schema as a new one, keeping its rows', (version) => {
    const fresh = openHistoryForWriting(join(dir, 'fresh.sqlite'));
    const old = new Database(join(dir, 'old.sqlite'));
    migrate(old, MIGRATIONS.filter((m) => m.version <= version));
    expect(schemaVersion(old)).toBe(version);
    old.prepare(`INSERT INTO fills (session, ts, venue, symbol, client_order_id, strategy_id, side, fill_id, venue_order_id, price, qty, liquidity, fee, scope)
      VALUES ('s', 1, 'sim', 'BTC-USD', 'c-1', 'manual', 'buy', 'f-1', 'v-1', 130001, 3, 'taker', 975, 's')`).run();
    old.close();

    const upgraded = openHistoryForWriting(join(dir, 'old.sqlite'));
    expect(schemaVersion(upgraded)).toBe(LATEST_VERSION);
    expect(tables(upgraded)).toEqual(tables(fresh));
    expect(indexes(upgraded)).toEqual(indexes(fresh));
    expect(upgraded.prepare('SELECT fill_id, price FROM fills').all()).toEqual([{ fill_id: 'f-1', price: 130001 }]);
    upgraded.close();
    fresh.close();
  });

  it('apply nothing twice when a file is opened again', () => {
    openHistoryForWriting(join(dir, 'h.sqlite')).close();
    const db = openHistoryForWriting(join(dir, 'h.sqlite'));
    expect(migrate(db)).toEqual([]);
    db.close();
  });

  it('refuse a file written by a newer build, naming both versions', () => {
    const db = new Database(join(dir, 'new.sqlite'));
    db.exec('CREATE TABLE schema_version (version INTEGER NOT NULL); INSERT INTO schema_version VALUES (99);');
    db.close();
    expect(() => openHistoryForWriting(join(dir, 'new.sqlite'))).toThrow(/schema version 99, newer than this build knows \(3\)/);
  });
});
