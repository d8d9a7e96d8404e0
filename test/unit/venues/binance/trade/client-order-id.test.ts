/** Binance client order ids derived from ours: valid for Binance, stable, ours, and apart between sessions. */
import { describe, expect, it } from 'vitest';
import { BINANCE_CLIENT_ID, ClientOrderIds, sessionTagOf } from '../../../../../workers/venues/binance/trade/client-order-id.js';

describe('ClientOrderIds', () => {
  const ids = new ClientOrderIds('k3x9a1');

  it('keeps a short id readable and reads it back', () => {
    expect(ids.toVenue('manual-42')).toBe('ttk3x9a1_manual-42');
    expect(ids.toBus('ttk3x9a1_manual-42')).toBe('manual-42');
    expect(ids.isOurs('ttk3x9a1_manual-42')).toBe(true);
  });

  it('hashes ids that are too long or use other characters, always to the same valid id', () => {
    for (const busId of ['sr-btc:tp', 'a'.repeat(40), 'strategy.with.dots-123', 'ünïcode']) {
      const venueId = ids.toVenue(busId);
      expect(venueId).toMatch(BINANCE_CLIENT_ID);
      expect(venueId).toBe(ids.toVenue(busId));
      expect(ids.isOurs(venueId)).toBe(true);
      expect(ids.toBus(venueId)).toBeUndefined();
    }
    expect(ids.toVenue('sr-btc:tp')).not.toBe(ids.toVenue('sr-btc:sl'));
  });

  it('tells other sessions and other programs apart', () => {
    const other = new ClientOrderIds(sessionTagOf('/tmp/trading-terminal/another-session'));
    expect(other.toVenue('manual-42')).not.toBe(ids.toVenue('manual-42'));
    expect(ids.isOurs(other.toVenue('manual-42'))).toBe(false);
    expect(ids.isOurs('web_8f2k1')).toBe(false);
  });

  it('refuses a session tag Binance could not carry', () => {
    expect(() => new ClientOrderIds('bad tag')).toThrow(/session tag/);
    expect(sessionTagOf('x')).toMatch(/^[a-z0-9]{6}$/);
  });
});
