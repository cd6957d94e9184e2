/**
 * The client's public configuration: the basemaps the operator configured (TUOWEI_TIANDITU_KEY,
 * TUOWEI_BASEMAP_XYZ). Without any, only the offline basemap (our own roads) is offered.
 */
import type { BasemapConfig } from '../../config.js';
import { publicConfigSchema, type Basemap } from '../../schemas/config.js';
import { requestLanguage } from '../language.js';
import { defineRoute } from '../route.js';

const TIANDITU_ATTRIBUTION = '© 天地图 Tianditu · 国家地理信息公共服务平台';

/** A Tianditu WMTS layer (web mercator, `_w`) as tile templates over its eight subdomains. */
function tiandituTiles(layer: string, key: string): string[] {
  return Array.from(
    { length: 8 },
    (_, i) =>
      `https://t${i}.tianditu.gov.cn/${layer}_w/wmts?SERVICE=WMTS&REQUEST=GetTile&VERSION=1.0.0&LAYER=${layer}&STYLE=default&TILEMATRIXSET=w&FORMAT=tiles&TILEMATRIX={z}&TILEROW={y}&TILECOL={x}&tk=${encodeURIComponent(key)}`,
  );
}

export function configuredBasemaps(config: BasemapConfig, offlineAttribution: string): Basemap[] {
  const basemaps: Basemap[] = [{ id: 'offline', layers: [], attribution: offlineAttribution }];
  const key = config.tiandituKey;
  if (key) {
    // Each Tianditu map comes with its annotation layer (place names) drawn above it.
    basemaps.push({
      id: 'tianditu-vector',
      layers: [{ tiles: tiandituTiles('vec', key) }, { tiles: tiandituTiles('cva', key) }],
      attribution: TIANDITU_ATTRIBUTION,
    });
    basemaps.push({
      id: 'tianditu-imagery',
      layers: [{ tiles: tiandituTiles('img', key) }, { tiles: tiandituTiles('cia', key) }],
      attribution: TIANDITU_ATTRIBUTION,
    });
  }
  if (config.xyz)
    basemaps.push({
      id: 'xyz',
      layers: [{ tiles: [config.xyz] }],
      attribution: config.xyzAttribution ?? new URL(config.xyz.replace(/[{}]/g, '')).host,
    });
  return basemaps;
}

export const configRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/config',
    summary: 'Public client configuration: the basemaps on offer (offline first)',
    tags: ['map'],
    access: 'public',
    response: publicConfigSchema,
    // Not cached per language by the route cache: it is tiny and read once per page load.
    handler: ({ deps, req }) => ({
      basemaps: configuredBasemaps(
        deps.config.basemaps,
        requestLanguage(req) === 'en' ? 'Roads: the jurisdiction’s imported data' : '道路：本辖区导入数据',
      ),
    }),
  }),
];
