import { runThroughput } from './feed-throughput.js';
const ladder = process.argv.slice(2).map(Number);
const prof = { NODE_OPTIONS: '--cpu-prof --cpu-prof-dir=/tmp/prof' };
const r = await runThroughput({ ladder, warmupMs: 1500, measureMs: 5000, stopAfterFailures: 9, extraEnv: { feed: prof, strategy: prof, risk: prof } }, (rung) => console.log(JSON.stringify(rung).slice(0, 300)));
console.log(r.maxSustainedRate);
process.exit(0);
