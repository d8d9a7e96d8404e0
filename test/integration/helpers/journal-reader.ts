/** Reads a stream journal written by the journal worker back into messages, for assertions. */
import { join } from 'node:path';
import { readJournal } from '../../../workers/runtime/journal-file.js';
import { decodeFrame } from '../../../workers/protocol/codec.js';
import type { Message } from '../../../workers/protocol/messages.js';

/** Every valid message of `<runDir>/journal/<stream>.jnl`, in order. */
export function journalMessages(runDir: string, stream: string): Message[] {
  const { records } = readJournal(join(runDir, 'journal', `${stream}.jnl`));
  const anyInstrument = { isKnownInstrument: () => true };
  return records.flatMap((record) => decodeFrame(record.payload, anyInstrument).messages);
}
