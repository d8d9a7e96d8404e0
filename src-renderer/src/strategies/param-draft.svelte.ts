/**
 * One strategy's parameter editor as the user fills it: inputs drawn from the schema and the current parameters,
 * checked as they are typed (param-form.ts). While the user has changed nothing, the inputs follow the parameters the
 * strategy reports (a change applied elsewhere, or this one confirmed); once edited, they stay as typed until applied
 * or reset.
 */
import type { Instrument } from '../../../workers/core/instrument.js';
import type { ParamListView, StrategyRow } from '../../../workers/protocol/channels.js';
import type { ParamValue } from '../../../workers/protocol/messages.js';
import { checkDraft, draftOf, newItem, type DraftCheck, type DraftInput } from './param-form.ts';

/** What the draft reads: the strategy as last reported, and its instrument if the terminal knows it. */
export interface DraftSource {
  strategy(): StrategyRow;
  instrument(): Instrument | undefined;
}

export class ParamDraft {
  input = $state<DraftInput>({ scalars: {}, lists: {} });
  /** The change last sent, until the strategy reports it (or refuses it). */
  sent = $state.raw<Record<string, ParamValue> | undefined>(undefined);
  /** The inputs as built from the parameters last taken: what "unchanged" means. */
  #baseline = $state('');
  #paramsTaken = '';
  readonly #source: DraftSource;

  readonly check: DraftCheck = $derived.by(() => {
    const strategy = this.#source.strategy();
    return checkDraft(strategy.schema, this.input, strategy.params, this.#source.instrument());
  });
  readonly dirty: boolean = $derived(JSON.stringify(this.input) !== this.#baseline);
  /** True once the strategy reports every value sent. */
  readonly applied: boolean = $derived.by(() => {
    const sent = this.sent;
    if (sent === undefined) return false;
    const params = this.#source.strategy().params;
    return Object.entries(sent).every(([name, value]) => JSON.stringify(params[name]) === JSON.stringify(value));
  });

  constructor(source: DraftSource) {
    this.#source = source;
    this.reset();
  }

  /** Takes the reported parameters if they changed and the user has not edited anything since the last take. */
  follow(): void {
    const params = JSON.stringify(this.#source.strategy().params);
    if (params === this.#paramsTaken || this.dirty) return;
    this.reset();
  }

  /** Back to the parameters the strategy reports. */
  reset(): void {
    const strategy = this.#source.strategy();
    const input = draftOf(strategy.schema, strategy.params, this.#source.instrument());
    this.input = input;
    this.#baseline = JSON.stringify(input);
    this.#paramsTaken = JSON.stringify(strategy.params);
  }

  /** Adds an item to list `name`, a price field at `price` (ticks) when given. */
  addItem(name: string, price: number | undefined): void {
    const spec = this.#source.strategy().schema[name];
    if (spec?.kind !== 'list') return;
    const items = this.input.lists[name] ?? [];
    items.push(newItem(spec as ParamListView, this.#source.instrument(), price));
    this.input.lists[name] = items;
  }

  removeItem(name: string, index: number): void {
    this.input.lists[name]?.splice(index, 1);
  }

  /** The change to send, or undefined if something is refused or nothing changed. Marks it sent. */
  take(): Record<string, ParamValue> | undefined {
    const { errors, changed } = this.check;
    if (Object.keys(errors).length > 0 || Object.keys(changed).length === 0) return undefined;
    this.sent = changed;
    // What was sent is the new "unchanged": the inputs follow the strategy again once it reports the change.
    this.#baseline = JSON.stringify(this.input);
    return changed;
  }
}
