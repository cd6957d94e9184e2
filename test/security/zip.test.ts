/**
 * Zip uploads are measured by what they really inflate to, not by what they declare (issue #14): a
 * directory that understates sizes, and entries that overlap (many directory records pointing at one
 * stretch of compressed data, which inflated the same bytes once per record), are refused.
 */
import { zipSync, strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { ArchiveTooLargeError, readPackageZip, UnreadableFile } from '../../server/import/index.js';

const MB = 1024 * 1024;

/** Offsets of the end-of-central-directory record and of the central directory. */
function directoryOf(zip: Uint8Array): { eocd: number; cdOffset: number; cdSize: number; count: number } {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  let eocd = zip.length - 22;
  while (view.getUint32(eocd, true) !== 0x06054b50) eocd--;
  return {
    eocd,
    cdOffset: view.getUint32(eocd + 16, true),
    cdSize: view.getUint32(eocd + 12, true),
    count: view.getUint16(eocd + 10, true),
  };
}

describe('zip uploads', () => {
  it('counts the bytes actually inflated: a directory that understates a 3 MB entry is refused at a 1 MB limit', () => {
    const zip = zipSync({ 'townships.geojson': new Uint8Array(3 * MB).fill(32) });
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    const { cdOffset } = directoryOf(zip);
    view.setUint32(22, 100, true); // local header: uncompressed size
    view.setUint32(cdOffset + 24, 100, true); // central directory: uncompressed size
    expect(() => readPackageZip(zip, MB)).toThrow(ArchiveTooLargeError);
    // The same archive, honest and within the limit, reads.
    expect(Object.keys(readPackageZip(zipSync({ 'manifest.json': strToU8('{"a":1}') }), MB))).toEqual(['manifest.json']);
  });

  it('refuses entries that overlap: a second directory record pointing at the first entry’s data', () => {
    const zip = zipSync({ 'a.json': strToU8(JSON.stringify({ filler: ' '.repeat(10_000) })) });
    const { eocd, cdOffset, cdSize, count } = directoryOf(zip);
    const record = zip.slice(cdOffset, cdOffset + cdSize);
    const twin = record.slice();
    twin[46] = 'b'.charCodeAt(0); // the name's first byte: "b.json", same local header offset
    const patched = new Uint8Array(zip.length + cdSize);
    patched.set(zip.subarray(0, cdOffset + cdSize), 0);
    patched.set(twin, cdOffset + cdSize);
    patched.set(zip.subarray(eocd), cdOffset + 2 * cdSize);
    const view = new DataView(patched.buffer);
    const newEocd = cdOffset + 2 * cdSize;
    view.setUint16(newEocd + 8, count + 1, true);
    view.setUint16(newEocd + 10, count + 1, true);
    view.setUint32(newEocd + 12, 2 * cdSize, true);
    expect(() => readPackageZip(patched, 100 * MB)).toThrow(/overlapping or repeated entries/);
  });

  it('refuses GeoJSON text in GBK instead of storing mojibake, and says it looks like GBK', () => {
    // "乡镇" in GBK: CF E7 D5 F2, invalid as UTF-8.
    const gbk = Uint8Array.from([...strToU8('{"name":"'), 0xcf, 0xe7, 0xd5, 0xf2, ...strToU8('"}')]);
    const files = readPackageZip(zipSync({ 'townships.geojson': gbk }), MB);
    const read = files['townships.geojson'];
    expect(read).toBeInstanceOf(UnreadableFile);
    expect((read as UnreadableFile).problem).toMatch(/GBK|GB18030/);
  });

  it('reads an entry name written in GBK without the UTF-8 flag as Chinese, not as Latin-1 mojibake', () => {
    const zip = zipSync({ 'xxxx.geojson': strToU8('{}') });
    const { cdOffset } = directoryOf(zip);
    const gbkName = [0xcf, 0xe7, 0xd5, 0xf2]; // 乡镇
    for (const at of [30, cdOffset + 46]) zip.set(gbkName, at); // the name in the local header and the directory
    expect(Object.keys(readPackageZip(zip, MB))).toEqual(['乡镇.geojson']);
  });
});
