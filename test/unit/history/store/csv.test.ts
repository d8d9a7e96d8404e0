import { describe, expect, it } from 'vitest';
import { csvField, toCsv } from '../../../../workers/history/store/csv.js';

describe('CSV export (RFC 4180)', () => {
  it('leaves plain fields as they are', () => {
    expect(csvField('65000.5')).toBe('65000.5');
    expect(csvField('')).toBe('');
  });

  it.each([
    ['a comma', 'a,b', '"a,b"'],
    ['a double quote, doubled', 'say "hi"', '"say ""hi"""'],
    ['a line feed', 'one\ntwo', '"one\ntwo"'],
    ['a carriage return', 'one\rtwo', '"one\rtwo"'],
  ])('quotes a field with %s', (_what, value, quoted) => {
    expect(csvField(value)).toBe(quoted);
  });

  it('ends every record, the header too, with CRLF', () => {
    expect(toCsv(['Time', 'Reason'], [['t1', 'max_order_qty: 12 > 10, denied'], ['t2', '']])).toBe(
      'Time,Reason\r\nt1,"max_order_qty: 12 > 10, denied"\r\nt2,\r\n',
    );
  });

  it('writes JSON cells so a CSV reader gets them back whole', () => {
    const json = JSON.stringify({ fast: 2, slow: 5, tf: '1s' });
    const csv = toCsv(['Parameters'], [[json]]);
    expect(csv).toBe(`Parameters\r\n"{""fast"":2,""slow"":5,""tf"":""1s""}"\r\n`);
  });
});
