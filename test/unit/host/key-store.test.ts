/**
 * API keys through a fake safeStorage: refused where the OS has no key store, never on disk or in what the renderer
 * sees in clear, live keys only with a confirmation, testnet and live kept apart, and handed to the gateway only
 * through its environment.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { CREDENTIALS_ENV, credentialsEnv } from '../../../src-main/host/key-env.js';
import { KeyStore, type SafeStorageLike } from '../../../src-main/host/key-store.js';
import { takeVenueCredentials } from '../../../workers/venues/binance/trade/venue-credentials.js';

const API_KEY = 'vmPUZE6mv9SD5VNHk4HlWFsOr6aKE2zvsw0MuIgwCIPy6utIco14y7Ju91duEh8A';
const SECRET = 'NhqPtmdSJYdKjVHjA7PZj4Mge3R5YNiP1e3UZjInClVN65XAbvqqM6A7H5fATj0j';

/** Encrypts by XOR with a fixed byte: enough to tell clear text from sealed; the backend is the test's choice. */
function fakeSafeStorage(backend: ReturnType<SafeStorageLike['getSelectedStorageBackend']> = 'gnome_libsecret', available = true): SafeStorageLike {
  const flip = (b: Buffer) => Buffer.from(b.map((x) => x ^ 0x5a));
  return {
    isEncryptionAvailable: () => available,
    getSelectedStorageBackend: () => backend,
    encryptString: (text: string) => flip(Buffer.from(text, 'utf8')),
    decryptString: (sealed: Buffer) => flip(sealed).toString('utf8'),
  };
}

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function store(safe = fakeSafeStorage(), platform: NodeJS.Platform = 'linux') {
  const dir = mkdtempSync(join(tmpdir(), 'keys-'));
  dirs.push(dir);
  const logs: string[] = [];
  return { keys: new KeyStore(safe, dir, (_level, text) => logs.push(text), platform), dir, logs };
}

describe('KeyStore', () => {
  it('refuses, with the reason, where Linux has only the basic_text backend, and writes nothing', () => {
    const { keys, dir } = store(fakeSafeStorage('basic_text'));
    const result = keys.save({ account: 'main', venue: 'binance', network: 'testnet', apiKey: API_KEY, secret: SECRET });
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('No secret service is running') });
    expect(() => readFileSync(join(dir, 'keys.json'))).toThrow();
    expect(keys.list()).toEqual([]);
  });

  it('refuses where encryption is unavailable at all', () => {
    const { keys } = store(fakeSafeStorage('unknown', false), 'darwin');
    expect(keys.problem()).toContain('no key store');
  });

  it('stores only ciphertext, and shows the renderer a hint, never the key or secret', () => {
    const { keys, dir, logs } = store();
    const saved = keys.save({ account: 'main', venue: 'binance', network: 'testnet', apiKey: API_KEY, secret: SECRET });
    expect(saved).toMatchObject({ ok: true, summary: { account: 'main', network: 'testnet', hint: '…Eh8A' } });
    const onDisk = readFileSync(join(dir, 'keys.json'), 'utf8');
    expect(onDisk).not.toContain(API_KEY);
    expect(onDisk).not.toContain(SECRET);
    const listed = JSON.stringify(keys.list());
    expect(listed).not.toContain(API_KEY.slice(0, 20));
    expect(listed).not.toContain(SECRET.slice(0, 20));
    expect(logs.join('\n')).not.toContain(SECRET);
    expect(keys.credentialsFor('main', 'testnet')).toEqual({ apiKey: API_KEY, secret: SECRET });
  });

  it('needs an explicit confirmation for a live key, and keeps testnet and live apart', () => {
    const { keys } = store();
    expect(keys.save({ account: 'main', venue: 'binance', network: 'live', apiKey: API_KEY, secret: SECRET })).toMatchObject({ ok: false, reason: expect.stringContaining('real money') });
    keys.save({ account: 'main', venue: 'binance', network: 'testnet', apiKey: API_KEY, secret: SECRET });
    expect(keys.credentialsFor('main', 'live')).toBeUndefined();
    const live = 'L'.repeat(64);
    expect(keys.save({ account: 'main', venue: 'binance', network: 'live', apiKey: live, secret: SECRET, confirmLive: true }).ok).toBe(true);
    expect(keys.list().map((k) => k.network).sort()).toEqual(['live', 'testnet']);
    expect(keys.credentialsFor('main', 'live')?.apiKey).toBe(live);
    expect(keys.remove('main', 'live')).toBe(true);
    expect(keys.credentialsFor('main', 'testnet')?.apiKey).toBe(API_KEY);
  });

  it('hands keys to the gateway in one environment variable, which the gateway takes out of its environment', () => {
    const { keys } = store();
    keys.save({ account: 'main', venue: 'binance', network: 'testnet', apiKey: API_KEY, secret: SECRET });
    expect(credentialsEnv(keys, [{ account: 'other', network: 'testnet' }])).toEqual({ reason: expect.stringContaining('no testnet key stored for account other') });
    const result = credentialsEnv(keys, [{ account: 'main', network: 'testnet' }]);
    if (!('env' in result)) throw new Error(result.reason);
    const env: NodeJS.ProcessEnv = { ...result.env, PATH: '/bin' };
    expect(takeVenueCredentials(env).get('main')).toEqual({ apiKey: API_KEY, secret: SECRET, network: 'testnet' });
    expect(env[CREDENTIALS_ENV]).toBeUndefined();
  });
});
