/**
 * The wire codec: the payload frame is msgpack of one message map, or of an array of message maps (a batch, all on
 * the frame's topic). Decoding validates every message; a batch keeps its valid messages and refuses the others.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { Message } from './messages.js';
import { validateMessage, type ValidationContext } from './validate.js';

/** One refused message: the reason and, when the message named it, its sender. */
export interface Refusal {
  reason: string;
  src: string | undefined;
}

/** The outcome of decoding one payload frame. */
export interface DecodedFrame {
  messages: Message[];
  refusals: Refusal[];
}

const encoder = new Encoder({ ignoreUndefined: true });
const decoder = new Decoder();

/** Encodes one message or a batch as a payload frame. */
export function encodeFrame(payload: Message | readonly Message[]): Uint8Array {
  return encoder.encode(payload);
}

/** Decodes and validates a payload frame; never throws. */
export function decodeFrame(frame: Uint8Array, context: ValidationContext): DecodedFrame {
  let value: unknown;
  try {
    value = decoder.decode(frame);
  } catch (error) {
    return { messages: [], refusals: [{ reason: `not msgpack: ${(error as Error).message}`, src: undefined }] };
  }
  const items = Array.isArray(value) ? value : [value];
  if (items.length === 0) return { messages: [], refusals: [{ reason: 'empty batch', src: undefined }] };
  const messages: Message[] = [];
  const refusals: Refusal[] = [];
  for (const item of items) {
    const result = validateMessage(item, context);
    if (result.ok) messages.push(result.message);
    else refusals.push({ reason: result.reason, src: result.src });
  }
  return { messages, refusals };
}
