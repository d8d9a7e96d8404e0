/**
 * How a ccxt call ended, as the live-orders core's outcome (workers/venues/binance/trade/trade-requests.ts). The one
 * distinction that matters: did the venue refuse the request (it did nothing), or is its fate unknown (a timeout, a
 * dropped connection, a server error: an order may exist)? ccxt's error classes say it — `NetworkError` (with
 * `RequestTimeout`, `ExchangeNotAvailable`) and the other `OperationFailed`s are unknown, `ExchangeError`s are
 * refusals, rate limits wait, `InvalidNonce` (Binance's -1021) is refused for its clock and retried once, and
 * `OrderNotFound` is the "no such order" the core acts on. Pure.
 */
import ccxt from 'ccxt';
import { ERROR } from '../binance/trade/binance-trade-types.js';
import type { TradeOutcome, TradeRequest } from '../binance/trade/trade-requests.js';

/** How long everything waits after ccxt says the venue rate-limited us (its own limiter should prevent it), ms. */
export const LIMITED_WAIT_MS = 1_000;

/** The venue's own error code in ccxt's message (`binance {"code":-2010,"msg":"..."}`), or 0. */
export function venueCodeOf(message: string): number {
  const match = /"code"\s*:\s*"?(-?\d+)/.exec(message);
  return match === null ? 0 : Number(match[1]);
}

/**
 * Text of an error that may go to the user, the bus and the journal: without the key or secret (some exchanges put
 * the key in the URL, which ccxt's messages repeat) nor any URL's query (signatures, timestamps).
 */
export function redact(text: string, secrets: readonly string[]): string {
  let out = text.replace(/(https?:\/\/[^\s?"]*)\?[^\s"]*/g, '$1?…');
  for (const secret of secrets) if (typeof secret === 'string' && secret.length >= 4) out = out.split(secret).join('…');
  return out;
}

/** ccxt's message without the exchange id in front, redacted and shortened for a report. */
function cleanMessage(error: Error, secrets: readonly string[]): string {
  const text = redact(error.message.replace(/^\S+\s+(?=\{)/, ''), secrets);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The outcome of `request` that failed with `error`; `secrets` (the account's key) never appear in it. */
export function outcomeOfError(error: unknown, request: Pick<TradeRequest, 'kind'>, secrets: readonly string[] = []): TradeOutcome {
  if (!(error instanceof Error)) return { kind: 'unknown', reason: 'ccxt failed with something that is not an error' };
  const reason = (e: Error) => cleanMessage(e, secrets);
  const name = error.constructor.name;
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) {
    return { kind: 'limited', httpStatus: 429, code: venueCodeOf(error.message), msg: reason(error), retryAfterMs: LIMITED_WAIT_MS };
  }
  if (error instanceof ccxt.InvalidNonce && !(error instanceof ccxt.ChecksumError)) {
    // The venue refused it for its clock, before doing anything: the queue asks the time and sends it once more.
    return { kind: 'refused', httpStatus: 400, code: ERROR.TIMESTAMP, msg: reason(error) };
  }
  if (error instanceof ccxt.OrderNotFound) {
    const code = request.kind === 'cancel' ? ERROR.CANCEL_REJECTED : ERROR.NO_SUCH_ORDER;
    return { kind: 'refused', httpStatus: 400, code, msg: reason(error) };
  }
  // Timeouts, dropped connections, 5xx, answers ccxt could not read: the request may have been carried out.
  if (error instanceof ccxt.OperationFailed) return { kind: 'unknown', reason: `${name}: ${reason(error)}` };
  if (error instanceof ccxt.BaseError) return { kind: 'refused', httpStatus: 400, code: venueCodeOf(error.message), msg: `${name}: ${reason(error)}` };
  // Not ccxt's: a bug or an unexpected answer somewhere in between. Nothing says it did not reach the venue.
  return { kind: 'unknown', reason: `${name}: ${reason(error)}` };
}
