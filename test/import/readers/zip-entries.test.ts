import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { assertInflatesWithin, zipEntries } from '../../../server/import/readers/zip-entries.js';
import { forgeDeclaredSize } from './fixtures.js';

const kind = { zh: '压缩包', en: 'archive' };
const MB = 1024 * 1024;

describe('zip archives checked before inflating', () => {
  const zeros = zipSync({ 'a.xml': new Uint8Array(10), 'b.xml': new Uint8Array(2 * MB) }, { level: 9 });

  it('lists the entries with their declared sizes', () => {
    expect(zipEntries({ name: 'x.zip', bytes: zeros }, kind)).toEqual([
      { name: 'a.xml', originalSize: 10 },
      { name: 'b.xml', originalSize: 2 * MB },
    ]);
  });

  it('accepts an archive within the cap and refuses one past it by its declared sizes', () => {
    expect(() => assertInflatesWithin({ name: 'x.zip', bytes: zeros }, kind, 3 * MB)).not.toThrow();
    expect(() => assertInflatesWithin({ name: 'x.zip', bytes: zeros }, kind, MB)).toThrow(expect.objectContaining({ code: 'too_large' }));
  });

  it('stops an archive that lies about its sizes while inflating it', () => {
    const liar = forgeDeclaredSize(zeros, 10);
    expect(zipEntries({ name: 'liar.zip', bytes: liar }, kind)[1]!.originalSize).toBe(10);
    expect(() => assertInflatesWithin({ name: 'liar.zip', bytes: liar }, kind, MB)).toThrow(
      expect.objectContaining({ file: 'liar.zip', code: 'too_large' }),
    );
  });
});
