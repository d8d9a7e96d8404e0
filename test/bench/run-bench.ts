import { runTickToOrder } from './tick-to-order.js';
const r = await runTickToOrder({ rate: 10_000, every: 10, journal: process.argv[2] === 'j', warmupMs: 3000, measureMs: 8000 });
console.log(JSON.stringify(r, null, 1));
process.exit(0);
