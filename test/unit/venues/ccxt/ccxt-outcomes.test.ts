/**
 * ccxt's errors as the core's outcomes — above all, which failures leave an order's fate unknown (looked up, never
 * sent again) and which are the venue's refusal — and what of an error may be shown (never the key, never a query).
 */
import ccxt from 'ccxt';
import { describe, expect, it } from 'vitest';
import { ERROR } from '../../../../workers/venues/binance/trade/binance-trade-types.js';
import { outcomeOfError, redact, venueCodeOf } from '../../../../workers/venues/ccxt/ccxt-outcomes.js';

const place = { kind: 'place' } as const;

describe('ccxt errors as outcomes', () => {
  it('a timeout, an unavailable exchange or a network error leaves the order unknown', () => {
    for (const error of [
      new ccxt.RequestTimeout('binance POST http://127.0.0.1:1/api/v3/order request timed out (800 ms)'),
      new ccxt.ExchangeNotAvailable('binance 503 Service Unavailable'),
      new ccxt.NetworkError('socket hang up'),
      // Binance's -1000 / -1001 / -1007: its own "execution status unknown".
      new ccxt.OperationFailed('binance {"code":-1000,"msg":"An unknown error occured while processing the request."}'),
      new ccxt.BadResponse('binance {"code":-1007,"msg":"Timeout waiting for response from backend server."}'),
      new TypeError('something between us and the venue broke'),
    ]) {
      expect(outcomeOfError(error, place).kind, error.constructor.name).toBe('unknown');
    }
    expect(outcomeOfError(new ccxt.RequestTimeout('timed out'), place)).toEqual({ kind: 'unknown', reason: 'RequestTimeout: timed out' });
  });

  it('an exchange error is a refusal, with the venue’s code', () => {
    expect(outcomeOfError(new ccxt.InsufficientFunds('binance {"code":-2010,"msg":"Account has insufficient balance for requested action."}'), place)).toEqual({
      kind: 'refused', httpStatus: 400, code: -2010, msg: 'InsufficientFunds: {"code":-2010,"msg":"Account has insufficient balance for requested action."}',
    });
    expect(outcomeOfError(new ccxt.AuthenticationError('kraken EAPI:Invalid key'), place)).toMatchObject({ kind: 'refused', code: 0 });
  });

  it('"no such order" is the core’s -2013 for a query and -2011 for a cancel', () => {
    const notFound = new ccxt.OrderNotFound('binance {"code":-2013,"msg":"Order does not exist."}');
    expect(outcomeOfError(notFound, { kind: 'query' })).toMatchObject({ kind: 'refused', code: ERROR.NO_SUCH_ORDER });
    expect(outcomeOfError(notFound, { kind: 'cancel' })).toMatchObject({ kind: 'refused', code: ERROR.CANCEL_REJECTED });
  });

  it('a rate limit waits; a clock error is refused for its timestamp (asked again once with the venue’s time)', () => {
    expect(outcomeOfError(new ccxt.RateLimitExceeded('binance 429'), place)).toMatchObject({ kind: 'limited', retryAfterMs: 1000 });
    expect(outcomeOfError(new ccxt.DDoSProtection('binance 418'), place)).toMatchObject({ kind: 'limited' });
    expect(outcomeOfError(new ccxt.InvalidNonce('binance {"code":-1021,"msg":"Timestamp for this request is outside of the recvWindow."}'), place)).toMatchObject({ kind: 'refused', code: ERROR.TIMESTAMP });
    // A book checksum failure is an InvalidNonce in ccxt, but nothing to do with a request's clock.
    expect(outcomeOfError(new ccxt.ChecksumError('checksum'), place).kind).toBe('unknown');
  });

  it('never shows the key, the secret or a URL’s query', () => {
    const error = new ccxt.RequestTimeout('okx GET https://x.example/api/v5/trade/order?instId=BTC&apiKey=KEY0123456789&sign=abc timed out, key KEY0123456789 secret SECRET98765');
    const outcome = outcomeOfError(error, { kind: 'query' }, ['KEY0123456789', 'SECRET98765']);
    expect(outcome).toEqual({ kind: 'unknown', reason: 'RequestTimeout: okx GET https://x.example/api/v5/trade/order?… timed out, key … secret …' });
    expect(redact('no secrets here', ['', 'abc'])).toBe('no secrets here');
  });

  it('reads the venue’s code from ccxt’s message', () => {
    expect(venueCodeOf('binance {"code":-2011,"msg":"Unknown order sent."}')).toBe(-2011);
    expect(venueCodeOf('bybit {"retCode":10001}')).toBe(0);
    expect(venueCodeOf('okx {"code":"51008","msg":"insufficient"}')).toBe(51008);
  });
});
