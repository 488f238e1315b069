import { describe, expect, it } from 'vitest';
import {
  createReadFilter,
  deviceIdOf,
  loadPending,
  newDeviceId,
  nextSequence,
  replaceDeviceId,
  retryDelay,
  savePending,
  type KeyValueStorage,
} from '../../web/src/pages/stocktakes/scanDevice.js';

function memoryStorage(): KeyValueStorage & { values: Map<string, string> } {
  const values = new Map<string, string>();
  return { values, getItem: (key) => values.get(key) ?? null, setItem: (key, value) => void values.set(key, value) };
}

describe('stocktake scan device', () => {
  it('device id is created once', () => {
    const storage = memoryStorage();
    const first = deviceIdOf(storage, () => 'web-one');
    const second = deviceIdOf(storage, () => 'web-two');
    expect(first).toBe('web-one');
    expect(second).toBe('web-one');
  });

  it('replaced device id is stored', () => {
    const storage = memoryStorage();
    deviceIdOf(storage, () => 'web-one');
    expect(replaceDeviceId(storage, () => 'web-two')).toBe('web-two');
    expect(deviceIdOf(storage)).toBe('web-two');
  });

  it('random device ids differ', () => {
    const id = newDeviceId();
    expect(id).toMatch(/^web-[0-9a-f]{12}$/);
    expect(newDeviceId()).not.toBe(id);
  });

  it('sequence continues after reload', () => {
    const storage = memoryStorage();
    expect(nextSequence(storage)).toBe(1);
    expect(nextSequence(storage)).toBe(2);

    // A reload keeps sessionStorage, and the numbers go on above those given out.
    const reloaded = memoryStorage();
    for (const [key, value] of storage.values) reloaded.setItem(key, value);
    expect(nextSequence(reloaded)).toBe(3);
  });

  it('sequence restarts from unreadable value', () => {
    const storage = memoryStorage();
    storage.setItem('tsunagu.stocktake.lastSequence', 'garbage');
    expect(nextSequence(storage)).toBe(1);
  });

  it('pending scans round-trip per count', () => {
    const storage = memoryStorage();
    const scans = [
      { deviceId: 'web-a', clientSequence: 4, code: '2612-00001', quantity: 1 },
      { deviceId: 'web-a', clientSequence: 5, code: 'JAN4901234567894', quantity: 3 },
    ];
    savePending(storage, 7, scans);
    expect(loadPending(storage, 7)).toEqual(scans);
    expect(loadPending(storage, 8)).toEqual([]);
  });

  it('pending scans skip unreadable entries', () => {
    const storage = memoryStorage();
    storage.setItem('tsunagu.stocktake.7.pending', JSON.stringify([{ deviceId: 'web-a', clientSequence: 1, code: 'A', quantity: 1 }, { code: 'B' }]));
    expect(loadPending(storage, 7)).toEqual([{ deviceId: 'web-a', clientSequence: 1, code: 'A', quantity: 1 }]);
    storage.setItem('tsunagu.stocktake.7.pending', '{not json');
    expect(loadPending(storage, 7)).toEqual([]);
  });

  it('camera filter passes a held tag once', () => {
    const passes = createReadFilter(2_000);
    expect(passes('A', 0)).toBe(true);
    // Read every 100 ms while in view: suppressed, even after more than 2 s in view.
    for (let now = 100; now <= 3_000; now += 100) expect(passes('A', now)).toBe(false);
    expect(passes('B', 3_050)).toBe(true);
    // Out of view for 2 s, then read again.
    expect(passes('A', 5_000)).toBe(true);
  });

  it('retry delay doubles up to 30 s', () => {
    expect([1, 2, 3, 4, 5, 6, 10].map(retryDelay)).toEqual([2_000, 4_000, 8_000, 16_000, 30_000, 30_000, 30_000]);
  });
});
