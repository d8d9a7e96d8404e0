/**
 * The other end of the Binance section's transport floor (binance-floor.ts): a bare zeromq.js PUB, with the
 * runtime's socket options, that sends a fresh copy of a real encoded 20-level BookUpdate every `--period-ms`,
 * writing its send time (µs, `performance.timeOrigin + performance.now()`, as a float64 over the payload's first
 * bytes) just before the send — what the gateway's last stage does, with nothing before it. Runs until killed.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
import * as zmq from 'zeromq';
import { createSocket } from '../../workers/runtime/sockets.js';

const { values } = parseArgs({ options: { out: { type: 'string' }, payload: { type: 'string' }, 'period-ms': { type: 'string' } } });
const template = new Uint8Array(readFileSync(values.payload!));
const pub = createSocket('pub') as zmq.Publisher;
await pub.bind(values.out!);
const topic = 'book.binance.BTCUSDT';
setInterval(() => {
  const payload = template.slice();
  new DataView(payload.buffer).setFloat64(0, (performance.timeOrigin + performance.now()) * 1000, true);
  void pub.send([topic, payload]);
}, Number(values['period-ms'] ?? '1'));
process.stdout.write('ready\n');
