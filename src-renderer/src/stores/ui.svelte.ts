/**
 * What the user is looking at: the instrument and timeframe (shared by chart, ladder, tape and ticket), the theme,
 * and which overlay is open. Selection and theme are remembered between runs.
 */
import type { Timeframe } from '../../../workers/protocol/messages.js';
import { readSetting, writeSetting, type SettingsStorage } from './persist.ts';

export type Theme = 'dark' | 'light';

interface Saved {
  instrument?: unknown;
  ladderGroups?: unknown;
  timeframe?: unknown;
  theme?: unknown;
}

const TIMEFRAMES: readonly Timeframe[] = ['1s', '1m', '5m', '1h'];

export class UiStore {
  /** `venue:symbol` of the selected instrument; '' until the host names its instruments. */
  instrumentKey = $state('');
  timeframe = $state<Timeframe>('1m');
  theme = $state<Theme>('dark');
  helpOpen = $state(false);
  searchOpen = $state(false);
  /** Price (ticks) the ladder centres on; undefined until the first book, or after a recentre request. */
  ladderCentre = $state<number | undefined>(undefined);
  /** True once the user scrolled the ladder (wheel, or the ticket price moving out of view): no auto-recentre. */
  ladderPinned = $state(false);
  /** Ticks per ladder row, per instrument key (1 when not grouped). */
  ladderGroups = $state.raw<Record<string, number>>({});

  readonly #storage: SettingsStorage;

  constructor(storage: SettingsStorage) {
    this.#storage = storage;
    const saved = (readSetting(storage, 'ui') ?? {}) as Saved;
    if (typeof saved.instrument === 'string') this.instrumentKey = saved.instrument;
    if (TIMEFRAMES.includes(saved.timeframe as Timeframe)) this.timeframe = saved.timeframe as Timeframe;
    if (saved.theme === 'light' || saved.theme === 'dark') this.theme = saved.theme;
    if (typeof saved.ladderGroups === 'object' && saved.ladderGroups !== null) {
      const groups: Record<string, number> = {};
      for (const [key, value] of Object.entries(saved.ladderGroups)) {
        if (Number.isSafeInteger(value) && (value as number) >= 1) groups[key] = value as number;
      }
      this.ladderGroups = groups;
    }
  }

  selectInstrument(key: string): void {
    if (key === this.instrumentKey) return;
    this.instrumentKey = key;
    this.recentreLadder();
    this.#save();
  }

  /** Ticks per ladder row of the selected instrument. */
  get ladderStep(): number {
    return this.ladderGroups[this.instrumentKey] ?? 1;
  }

  setLadderStep(step: number): void {
    this.ladderGroups = { ...this.ladderGroups, [this.instrumentKey]: Math.max(1, Math.floor(step)) };
    this.recentreLadder();
    this.#save();
  }

  /** Centres the ladder on the touch again, and lets it follow the touch. */
  recentreLadder(): void {
    this.ladderCentre = undefined;
    this.ladderPinned = false;
  }

  /** Scrolls the ladder to `centre` and keeps it there. */
  pinLadder(centre: number): void {
    this.ladderCentre = centre;
    this.ladderPinned = true;
  }

  selectTimeframe(timeframe: Timeframe): void {
    this.timeframe = timeframe;
    this.#save();
  }

  /** Steps through `available` timeframes by `steps`, wrapping. */
  cycleTimeframe(available: readonly Timeframe[], steps: number): void {
    if (available.length === 0) return;
    const index = available.indexOf(this.timeframe);
    const next = available[(((index < 0 ? 0 : index + steps) % available.length) + available.length) % available.length];
    if (next !== undefined) this.selectTimeframe(next);
  }

  toggleTheme(): void {
    this.theme = this.theme === 'dark' ? 'light' : 'dark';
    this.#save();
  }

  #save(): void {
    writeSetting(this.#storage, 'ui', {
      instrument: this.instrumentKey,
      timeframe: this.timeframe,
      theme: this.theme,
      ladderGroups: this.ladderGroups,
    });
  }
}
