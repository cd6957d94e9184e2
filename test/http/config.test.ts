/** GET /api/config: the basemaps on offer follow the operator's configuration; the CSP admits their tiles. */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { TINY_TOWN_DIR } from '../fixtures/tiny-town.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe.each(databaseKinds)('public configuration on %s', (kind) => {
  const plain = useTestApp(kind, [TINY_TOWN_DIR]);
  const configured = useTestApp(kind, [TINY_TOWN_DIR], {
    config: {
      basemaps: { tiandituKey: 'k3y', xyz: 'https://tiles.example.gov.cn/{z}/{x}/{y}.png', xyzAttribution: '© 示例测绘院' },
      basemapOrigins: ['https://tiles.example.gov.cn'],
    },
  });

  it('offers only the offline basemap without configuration, its attribution in the reader’s language', async () => {
    const zh = await request(plain.app).get('/api/config').expect(200);
    expect(zh.body.basemaps).toHaveLength(1);
    expect(zh.body.basemaps[0]).toMatchObject({ id: 'offline', layers: [] });
    expect(zh.body.basemaps[0].attribution).toMatch(/[\u4e00-\u9fff]/);
    const en = await request(plain.app).get('/api/config').set('Accept-Language', 'en').expect(200);
    expect(en.body.basemaps[0].attribution).not.toMatch(/[\u4e00-\u9fff]/);
  });

  it('offers Tianditu vector and imagery with their labels, and the XYZ template with its attribution', async () => {
    const res = await request(configured.app).get('/api/config').expect(200);
    expect(res.body.basemaps.map((b: { id: string }) => b.id)).toEqual(['offline', 'tianditu-vector', 'tianditu-imagery', 'xyz']);
    const vector = res.body.basemaps[1];
    expect(vector.layers).toHaveLength(2);
    expect(vector.layers[0].tiles[0]).toContain('LAYER=vec');
    expect(vector.layers[1].tiles[0]).toContain('LAYER=cva');
    expect(vector.layers[0].tiles[0]).toContain('tk=k3y');
    expect(vector.attribution).toContain('天地图');
    expect(res.body.basemaps[2].layers[0].tiles[0]).toContain('LAYER=img');
    expect(res.body.basemaps[3]).toEqual({
      id: 'xyz',
      layers: [{ tiles: ['https://tiles.example.gov.cn/{z}/{x}/{y}.png'] }],
      attribution: '© 示例测绘院',
    });
  });
});

describe('basemap settings', () => {
  it('reads the key and template from the environment and admits their origins in the CSP', () => {
    const config = loadConfig({
      TUOWEI_TIANDITU_KEY: ' abc ',
      TUOWEI_BASEMAP_XYZ: 'https://a.tiles.example.com/{z}/{x}/{y}.png',
      TUOWEI_BASEMAP_ATTRIBUTION: '© Example',
    });
    expect(config.basemaps).toEqual({
      tiandituKey: 'abc',
      xyz: 'https://a.tiles.example.com/{z}/{x}/{y}.png',
      xyzAttribution: '© Example',
    });
    expect(config.basemapOrigins).toContain('https://t0.tianditu.gov.cn');
    expect(config.basemapOrigins).toContain('https://a.tiles.example.com');
    expect(loadConfig({}).basemaps).toEqual({ tiandituKey: null, xyz: null, xyzAttribution: null });
  });

  it('refuses a template without {z}/{x}/{y}', () => {
    expect(() => loadConfig({ TUOWEI_BASEMAP_XYZ: 'https://tiles.example.com/tile.png' })).toThrow(/TUOWEI_BASEMAP_XYZ/);
  });
});
