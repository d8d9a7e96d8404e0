import { runThroughput } from './feed-throughput.js';
const ladder = process.argv.slice(2).map(Number);
const r = await runThroughput({ ladder, warmupMs: 1500, measureMs: 5000, stopAfterFailures: 9 }, (rung) => console.log(rung.targetRate, rung.achievedRate, rung.deliveredRatio, rung.pass, rung.why.join('; '), JSON.stringify(Object.fromEntries(Object.entries(rung.cpu).map(([k, v]) => [k, v.totalPercent])))));
console.log(r.maxSustainedRate);
process.exit(0);
