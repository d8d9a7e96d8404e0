/**
 * Reads a V8 `.cpuprofile` and says where the time went: the functions with the most self time, and the inclusive
 * share of the functions on the hot path we care about (encode, decode, validate, journal, sockets...).
 */
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
}

/** One function's share of the samples, in %. */
export interface FunctionShare {
  name: string;
  percent: number;
}

/** A profile's summary. */
export interface ProfileSummary {
  samples: number;
  /** Share of samples with nothing running (the process was waiting). */
  idlePercent: number;
  topSelf: FunctionShare[];
  /** Inclusive share of functions whose name is in `focus`. */
  inclusive: FunctionShare[];
}

const IDLE = new Set(['(idle)', '(program)']);

/** Summarises the profile at `path`; `focus` names functions whose inclusive time to report. */
export function summariseProfile(path: string, focus: readonly string[], top = 15): ProfileSummary {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as CpuProfile;
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const self = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let idle = 0;
  for (const id of profile.samples) {
    const node = byId.get(id);
    if (node === undefined) continue;
    if (IDLE.has(node.callFrame.functionName)) idle += 1;
    const key = keyOf(node);
    self.set(key, (self.get(key) ?? 0) + 1);
    const onStack = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = byId.get(at)?.callFrame.functionName;
      if (name !== undefined && focus.includes(name)) onStack.add(name);
    }
    for (const name of onStack) inclusive.set(name, (inclusive.get(name) ?? 0) + 1);
  }
  const total = Math.max(1, profile.samples.length);
  const share = ([name, count]: [string, number]): FunctionShare => ({ name, percent: Math.round((1000 * count) / total) / 10 });
  return {
    samples: profile.samples.length,
    idlePercent: Math.round((1000 * idle) / total) / 10,
    topSelf: [...self].sort((a, b) => b[1] - a[1]).slice(0, top).map(share),
    inclusive: focus.map((name) => share([name, inclusive.get(name) ?? 0])),
  };
}

function keyOf(node: ProfileNode): string {
  const { functionName, url, lineNumber } = node.callFrame;
  const where = url === '' ? '' : ` ${basename(url)}:${lineNumber + 1}`;
  return `${functionName || '(anonymous)'}${where}`;
}
