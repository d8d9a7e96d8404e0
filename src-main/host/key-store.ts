/**
 * API keys for venue accounts, kept only through Electron's `safeStorage`: the key and secret are encrypted with a key
 * the OS keychain holds (Keychain on macOS, DPAPI on Windows, libsecret or KWallet on Linux) and only the ciphertext
 * is written, to `keys.json` in the state folder. Where the OS offers no real key store — `isEncryptionAvailable()`
 * false, or Linux's `basic_text` backend, whose "encryption" uses a password hard-coded in Chromium — keys are refused,
 * with an explanation, and nothing is written.
 *
 * What leaves this module: {@link KeySummary} for the renderer (account, venue, network, the last four characters of
 * the key), never a secret; {@link KeyStore.credentialsFor} for the host alone, to hand to the gateway it spawns
 * (src-main/host/key-env.ts). Testnet and live are separate entries; a live key needs an explicit confirmation.
 * Messages thrown or returned never contain a key or secret.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { SafeStorage } from 'electron';
import { readJsonFile, writeJsonFile, type Log } from './json-file.js';

/** The part of Electron's safeStorage used here: injected, so tests run in plain Node with a fake. */
export type SafeStorageLike = Pick<SafeStorage, 'isEncryptionAvailable' | 'encryptString' | 'decryptString' | 'getSelectedStorageBackend'>;

export type KeyNetwork = 'testnet' | 'live';

/** Where the host runs outside Electron: no OS key store, so every key is refused with the reason. */
export const NO_KEY_STORE: SafeStorageLike = {
  isEncryptionAvailable: () => false,
  encryptString: () => {
    throw new Error('no key store');
  },
  decryptString: () => {
    throw new Error('no key store');
  },
  getSelectedStorageBackend: () => 'unknown',
};

/** What the renderer may know about a stored key. */
export interface KeySummary {
  account: string;
  venue: string;
  network: KeyNetwork;
  /** `…` and the key's last four characters, so the user can tell keys apart. */
  hint: string;
  savedAt: string;
}

/** A key pair for the gateway. */
export interface Credentials {
  apiKey: string;
  secret: string;
}

export interface SaveKeyRequest {
  account: string;
  venue: string;
  network: KeyNetwork;
  apiKey: string;
  secret: string;
  /** Must be true for a live key: it trades real money. */
  confirmLive?: boolean;
}

export type KeyResult = { ok: true; summary: KeySummary } | { ok: false; reason: string };

interface StoredKey extends KeySummary {
  /** safeStorage's ciphertext of `{"apiKey":…,"secret":…}`, base64. */
  sealed: string;
}

const ACCOUNT = /^[A-Za-z0-9_-]{1,32}$/;
const KEY_TEXT = /^[A-Za-z0-9]{16,128}$/;

/** Why keys cannot be kept on this machine, or undefined if they can. */
export function keyStoreProblem(safeStorage: SafeStorageLike, platform: NodeJS.Platform): string | undefined {
  if (!safeStorage.isEncryptionAvailable()) {
    return 'This system offers no key store to protect API keys (Electron safeStorage is unavailable), so keys cannot be saved. ' +
      'Use the desktop app on a system with a keychain, or trade on paper.';
  }
  if (platform === 'linux') {
    const backend = safeStorage.getSelectedStorageBackend();
    if (backend === 'basic_text' || backend === 'unknown') {
      return 'No secret service is running (GNOME Keyring / KWallet), so Electron would only obscure keys with a fixed password. ' +
        'Keys are not saved: start a keyring (e.g. gnome-keyring with libsecret) and restart the terminal.';
    }
  }
  return undefined;
}

/** The stored keys of one terminal. */
export class KeyStore {
  private readonly file: string;

  constructor(
    private readonly safeStorage: SafeStorageLike,
    stateDir: string,
    private readonly log: Log,
    private readonly platform: NodeJS.Platform = process.platform,
  ) {
    this.file = join(stateDir, 'keys.json');
  }

  /** Why keys cannot be stored here, or undefined. */
  problem(): string | undefined {
    return keyStoreProblem(this.safeStorage, this.platform);
  }

  /** Encrypts and stores a key pair, replacing the account's key on the same network. */
  save(request: SaveKeyRequest): KeyResult {
    const problem = this.problem();
    if (problem !== undefined) return { ok: false, reason: problem };
    if (!ACCOUNT.test(request.account)) return { ok: false, reason: 'An account name is 1-32 letters, digits, - or _.' };
    if (request.network !== 'testnet' && request.network !== 'live') return { ok: false, reason: 'Choose testnet or live.' };
    if (!KEY_TEXT.test(request.apiKey) || !KEY_TEXT.test(request.secret)) return { ok: false, reason: 'The API key and secret must be 16-128 letters and digits, as the venue shows them.' };
    if (request.network === 'live' && request.confirmLive !== true) {
      return { ok: false, reason: 'A live key trades real money: confirm that you want to store a live key for this account.' };
    }
    const sealed = this.safeStorage.encryptString(JSON.stringify({ apiKey: request.apiKey, secret: request.secret })).toString('base64');
    const summary: KeySummary = {
      account: request.account, venue: request.venue, network: request.network, hint: `…${request.apiKey.slice(-4)}`, savedAt: new Date().toISOString(),
    };
    const keys = this.read().filter((k) => !(k.account === request.account && k.network === request.network));
    keys.push({ ...summary, sealed });
    writeJsonFile(this.file, { version: 1, keys }, 'API keys (encrypted)', this.log);
    this.log('info', `stored the ${request.network} key ${summary.hint} for account ${request.account}`);
    return { ok: true, summary };
  }

  /** Every stored key, for the renderer: no secret in it. */
  list(): KeySummary[] {
    return this.read().map(({ account, venue, network, hint, savedAt }) => ({ account, venue, network, hint, savedAt }));
  }

  remove(account: string, network: KeyNetwork): boolean {
    const keys = this.read();
    const kept = keys.filter((k) => !(k.account === account && k.network === network));
    if (kept.length === keys.length) return false;
    writeJsonFile(this.file, { version: 1, keys: kept }, 'API keys (encrypted)', this.log);
    return true;
  }

  /**
   * The decrypted key pair: for the host only, to start the gateway of that account (key-env.ts). Undefined if there
   * is none for that network, or it cannot be decrypted (another user's or machine's keychain).
   */
  credentialsFor(account: string, network: KeyNetwork): Credentials | undefined {
    if (this.problem() !== undefined) return undefined;
    const stored = this.read().find((k) => k.account === account && k.network === network);
    if (stored === undefined) return undefined;
    try {
      const value = JSON.parse(this.safeStorage.decryptString(Buffer.from(stored.sealed, 'base64'))) as Partial<Credentials>;
      if (typeof value.apiKey !== 'string' || typeof value.secret !== 'string') throw new Error('not a key pair');
      return { apiKey: value.apiKey, secret: value.secret };
    } catch {
      this.log('error', `the ${network} key of account ${account} could not be decrypted with this system's key store; enter it again`);
      return undefined;
    }
  }

  private read(): StoredKey[] {
    if (!existsSync(this.file)) return [];
    const document = readJsonFile(this.file, 'API keys (encrypted)', this.log) as { keys?: unknown } | undefined;
    return Array.isArray(document?.keys) ? (document.keys as StoredKey[]) : [];
  }
}
