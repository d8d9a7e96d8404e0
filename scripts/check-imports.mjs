#!/usr/bin/env node
// The import rule (DESIGN.md §8): workers/core and workers/protocol stay pure — no Node built-ins, no Electron, no
// ZeroMQ, nothing outside themselves — and the renderer may import only them (and the preload's types) and its own
// packages. Run by `npm test`; prints every offending import and exits 1.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = resolve(dirname(new URL(import.meta.url).pathname), '..');
const IMPORT = /(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s*['"]([^'"]+)['"]/gm;

const rules = [
  {
    dir: 'workers/core',
    allow: (target) => target.startsWith('workers/core/') || target.startsWith('workers/protocol/'),
    allowPackages: [],
  },
  {
    dir: 'workers/protocol',
    allow: (target) => target.startsWith('workers/protocol/') || target.startsWith('workers/core/'),
    allowPackages: ['@msgpack/msgpack'],
  },
  {
    dir: 'src-renderer/src',
    allow: (target) => target.startsWith('src-renderer/') || target.startsWith('workers/protocol/') || target.startsWith('workers/core/'),
    allowPackages: ['svelte', 'lightweight-charts', '@msgpack/msgpack'],
  },
];

function files(dir) {
  const out = [];
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...files(path));
    else if (/\.(ts|cts|mts|svelte)$/.test(name)) out.push(path);
  }
  return out;
}

const problems = [];
for (const rule of rules) {
  for (const file of files(join(root, rule.dir))) {
    const text = readFileSync(file, 'utf8');
    for (const match of text.matchAll(IMPORT)) {
      const spec = match[1] ?? match[2] ?? match[3];
      const where = relative(root, file);
      if (spec.startsWith('.')) {
        const target = relative(root, resolve(dirname(file), spec));
        if (!rule.allow(target)) problems.push(`${where}: imports ${spec} (${target}), outside what ${rule.dir} may use`);
      } else {
        const pkg = spec.startsWith('@') ? spec.split('/').slice(0, 2).join('/') : spec.split('/')[0];
        if (!rule.allowPackages.includes(pkg)) problems.push(`${where}: imports package ${spec}, which ${rule.dir} may not use`);
      }
    }
  }
}
if (problems.length > 0) {
  console.error(`Import rule broken:\n${problems.map((p) => `  ${p}`).join('\n')}`);
  process.exit(1);
}
console.log('Import rule holds: workers/core and workers/protocol are pure; the renderer uses only core and protocol.');
