/**
 * Import previews keep their files on disk, not in memory or in the database (issue #13, "large files
 * stream"), on both databases: an OpenStreetMap extract uploaded through POST /api/imports reads as the
 * same roads layer as the reader gives for the same bytes in memory; the preview's row lists files, no
 * bytes; the preview's folder is gone after a commit, after expiry and after a refused upload; a size
 * limit crossed in the middle of the stream answers 413 naming the file.
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { strToU8, zipSync } from 'fflate';
import request from 'supertest';
import { afterAll, beforeEach, describe, expect, it } from 'vitest';
import { osmPbfReader } from '../../server/import/readers/osm-pbf.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { createTestApp, testConfig, useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

const MONACO_PBF = path.join(import.meta.dirname, '../../../shared/data/raw/monaco_2016-03-05.osm.pbf');
const TINY_FILES = ['profile.json', 'townships.geojson', 'facilities.geojson', 'population.geojson', 'roads.geojson', 'projects.geojson'];
const tinyManifest = () => JSON.parse(readFileSync(path.join(TINY_TOWN_DIR, 'manifest.json'), 'utf8')) as Record<string, unknown>;
const tinyBytes = (name: string) => readFileSync(path.join(TINY_TOWN_DIR, name));

const importDir = mkdtempSync(path.join(os.tmpdir(), 'tuowei-test-imports-'));
afterAll(() => rmSync(importDir, { recursive: true, force: true }));
/** Every file left under the import folder, at any depth. */
const leftOnDisk = () => readdirSync(importDir, { recursive: true });

describe.each(databaseKinds)('import previews on disk, %s', (kind) => {
  const town = useTestApp(kind, [TINY_TOWN_DIR], { tokens: { bureau: 'bureau A' }, config: { importDir } });
  const auth = () => ({ ...town.as('bureau'), 'Accept-Language': 'en' });
  beforeEach(() => {
    // Each test starts from an empty folder (an earlier test's preview may still be there).
    for (const name of readdirSync(importDir)) rmSync(path.join(importDir, name), { recursive: true, force: true });
  });

  it.skipIf(!existsSync(MONACO_PBF))(
    'reads an uploaded .osm.pbf from disk as the same roads layer as the same bytes in memory, and stores no bytes',
    async () => {
      const res = await request(town.app)
        .post('/api/imports')
        .set(auth())
        .attach('files', MONACO_PBF, 'monaco.osm.pbf')
        .field('manifest', JSON.stringify({ version: 2, layers: { roads: { file: 'monaco.osm.pbf' } } }))
        .expect(201);
      const roads = res.body.layers.find((layer: { layer: string }) => layer.layer === 'roads');
      const inMemory = await osmPbfReader.readLayer({ name: 'monaco.osm.pbf', bytes: readFileSync(MONACO_PBF) }, new Map(), {});
      expect(roads).toMatchObject({ file: 'monaco.osm.pbf', format: 'OpenStreetMap PBF', features: inMemory.features.length });
      expect(inMemory.features.length).toBeGreaterThan(1000);
      expect(roads.sample).toEqual(JSON.parse(JSON.stringify(inMemory.features.slice(0, roads.sample.length).map((f) => f.properties))));
      // The row lists the file; its bytes are on disk, once, in the preview's folder.
      const row = await town.db.selectFrom('imports').select('files').where('id', '=', res.body.id).executeTakeFirstOrThrow();
      expect(row.files).toEqual([{ name: 'monaco.osm.pbf', path: expect.any(String), size: readFileSync(MONACO_PBF).length }]);
      expect(readFileSync(path.join(importDir, res.body.id, row.files[0]!.path)).equals(readFileSync(MONACO_PBF))).toBe(true);
      // Read again from disk for the next step: the same layer.
      const again = await request(town.app).get(`/api/imports/${res.body.id}`).set(auth()).expect(200);
      expect(again.body.layers).toEqual(res.body.layers);
    },
    120_000,
  );

  it('unpacks a zip to disk entry by entry and removes the folder when the preview is committed', async () => {
    const entries: Record<string, Uint8Array> = { 'tiny/manifest.json': strToU8(JSON.stringify({ ...tinyManifest(), id: 'tiny-two' })) };
    for (const name of TINY_FILES) entries[`tiny/${name}`] = tinyBytes(name);
    const res = await request(town.app)
      .post('/api/imports')
      .set(auth())
      .attach('files', Buffer.from(zipSync(entries)), 'tiny.zip')
      .expect(201);
    expect(res.body.problems).toEqual([]);
    // The zip itself is gone; what it held is there, under numbered names.
    const folder = path.join(importDir, res.body.id);
    expect(readdirSync(folder)).toHaveLength(TINY_FILES.length + 1);
    const committed = await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(auth()).expect(201);
    expect(committed.body.jurisdictionId).toBe('tiny-two');
    expect(leftOnDisk()).toEqual([]);
    // The manifest it was written with still downloads; the preview itself is gone with its files.
    const manifest = await request(town.app).get(`/api/imports/${res.body.id}/manifest`).set(auth()).expect(200);
    expect(JSON.parse(manifest.text)).toMatchObject({ id: 'tiny-two', version: 2 });
    const again = await request(town.app).get(`/api/imports/${res.body.id}`).set(auth()).expect(410);
    expect(again.body.error.message).toMatch(/imported already/);
    await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(auth()).expect(410);
  });

  it('removes the folder of an expired preview, when it is asked for and when another upload sweeps', async () => {
    const upload = () =>
      request(town.app).post('/api/imports').set(auth()).attach('files', tinyBytes('townships.geojson'), 'townships.geojson').expect(201);
    const first = await upload();
    const second = await upload();
    expect(readdirSync(importDir).sort()).toEqual([first.body.id, second.body.id].sort());
    await town.db
      .updateTable('imports')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('id', 'in', [first.body.id, second.body.id])
      .execute();
    await request(town.app).get(`/api/imports/${first.body.id}`).set(auth()).expect(410);
    expect(readdirSync(importDir)).toEqual([second.body.id]);
    // The next upload deletes every expired preview, its folder with it.
    const third = await upload();
    expect(readdirSync(importDir)).toEqual([third.body.id]);
  });

  it('answers 409 when the preview’s files are not on this server', async () => {
    const res = await request(town.app)
      .post('/api/imports')
      .set(auth())
      .attach('files', tinyBytes('townships.geojson'), 'townships.geojson')
      .expect(201);
    rmSync(path.join(importDir, res.body.id), { recursive: true });
    const elsewhere = await request(town.app).get(`/api/imports/${res.body.id}`).set(auth()).expect(409);
    expect(elsewhere.body.error.message).toMatch(/server that received the upload/);
    await request(town.app).post(`/api/imports/${res.body.id}/commit`).set(auth()).expect(409);
  });

  it('refuses an upload crossing the size limit mid-stream with 413 naming the file, leaving nothing on disk', async () => {
    const small = createTestApp(town.db, testConfig({ importDir, maxBodyBytes: 64 * 1024 }));
    const before = await town.db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    const res = await request(small)
      .post('/api/imports')
      .set(auth())
      .attach('files', tinyBytes('townships.geojson'), 'townships.geojson')
      .attach('files', Buffer.alloc(200 * 1024, 32), '道路.osm.pbf')
      .expect(413);
    expect(res.body.error.code).toBe('payload_too_large');
    expect(res.body.error.message).toMatch(/道路\.osm\.pbf/);
    expect(leftOnDisk()).toEqual([]);
    const after = await town.db
      .selectFrom('imports')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    expect(Number(after.n)).toBe(Number(before.n));
  });

  it('removes the folder of an upload refused for its content (a broken zip)', async () => {
    await request(town.app).post('/api/imports').set(auth()).attach('files', Buffer.from('not a zip'), 'package.zip').expect(422);
    expect(leftOnDisk()).toEqual([]);
  });
});
