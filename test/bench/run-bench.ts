import { runThroughput } from './feed-throughput.js';
const ladder = process.argv.slice(2).map(Number);
const r = await runThroughput({ ladder, warmupMs: 1500, measureMs: 5000, stopAfterFailures: 9 }, (rung) => console.log(JSON.stringify(rung)));
console.log(r.maxSustainedRate);
process.exit(0);
