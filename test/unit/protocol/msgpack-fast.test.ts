import { describe, expect, it } from 'vitest';
import { checkCodec } from '../../fixtures/codec-equivalence.js';

describe('the fast msgpack path', () => {
  it('encodes to the same bytes and decodes to the same values (or errors) as @msgpack/msgpack', () => {
    for (const seed of [1, 2, 3]) expect(checkCodec(3_000, seed).mismatches).toEqual([]);
  });
});
