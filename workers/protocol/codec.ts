/**
 * The wire codec: the payload frame is msgpack of one message map, or of an array of message maps (a batch, all on
 * the frame's topic). Decoding validates every message; a batch keeps its valid messages and refuses the others.
 *
 * `@msgpack/msgpack` defines the format; msgpack-fast.ts handles the common case faster with the same bytes and
 * values, and gives everything else to the library, so its output and its errors are unchanged.
 */
import { Decoder, Encoder } from '@msgpack/msgpack';
import type { Message } from './messages.js';
import { validateMessage, type ValidationContext } from './validate.js';
import { fastDecoder, fastEncoder, NOT_HANDLED } from './msgpack-fast.js';

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
  return fastEncoder.encode(payload) ?? encoder.encode(payload);
}

/** Decodes a payload frame without validating it; throws the library's error on anything that is not msgpack. */
export function decodePayload(frame: Uint8Array): unknown {
  const value = fastDecoder.decode(frame);
  return value === NOT_HANDLED ? decoder.decode(frame) : value;
}

/** Decodes and validates a payload frame; never throws. */
export function decodeFrame(frame: Uint8Array, context: ValidationContext): DecodedFrame {
  let value: unknown;
  try {
    value = decodePayload(frame);
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

