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

/** ccxt's message without the exchange id in front, shortened for a report. */
function reasonOf(error: Error): string {
  const text = error.message.replace(/^\S+\s+(?=\{)/, '');
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** The outcome of `request` that failed with `error`. */
export function outcomeOfError(error: unknown, request: Pick<TradeRequest, 'kind'>): TradeOutcome {
  if (!(error instanceof Error)) return { kind: 'unknown', reason: `ccxt failed: ${String(error)}` };
  const name = error.constructor.name;
  if (error instanceof ccxt.RateLimitExceeded || error instanceof ccxt.DDoSProtection) {
    return { kind: 'limited', httpStatus: 429, code: venueCodeOf(error.message), msg: reasonOf(error), retryAfterMs: LIMITED_WAIT_MS };
  }
  if (error instanceof ccxt.InvalidNonce && !(error instanceof ccxt.ChecksumError)) {
    // The venue refused it for its clock, before doing anything: the queue asks the time and sends it once more.
    return { kind: 'refused', httpStatus: 400, code: ERROR.TIMESTAMP, msg: reasonOf(error) };
  }
  if (error instanceof ccxt.OrderNotFound) {
    const code = request.kind === 'cancel' ? ERROR.CANCEL_REJECTED : ERROR.NO_SUCH_ORDER;
    return { kind: 'refused', httpStatus: 400, code, msg: reasonOf(error) };
  }
  // Timeouts, dropped connections, 5xx, answers ccxt could not read: the request may have been carried out.
  if (error instanceof ccxt.OperationFailed) return { kind: 'unknown', reason: `${name}: ${reasonOf(error)}` };
  if (error instanceof ccxt.BaseError) return { kind: 'refused', httpStatus: 400, code: venueCodeOf(error.message), msg: `${name}: ${reasonOf(error)}` };
  // Not ccxt's: a bug or an unexpected answer somewhere in between. Nothing says it did not reach the venue.
  return { kind: 'unknown', reason: `${name}: ${reasonOf(error)}` };
}
