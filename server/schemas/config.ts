/** The client's public configuration (GET /api/config): which basemaps the operator configured. */
import { z } from 'zod';

export const basemapIdSchema = z
  .enum(['offline', 'tianditu-vector', 'tianditu-imagery', 'xyz'])
  .describe('offline: our own roads, no tiles; tianditu-*: 天地图 (TUOWEI_TIANDITU_KEY); xyz: TUOWEI_BASEMAP_XYZ');

export const basemapSchema = z.object({
  id: basemapIdSchema,
  layers: z
    .array(z.object({ tiles: z.array(z.string()).describe('Raster tile URL templates ({z}/{x}/{y}) of one layer, 256 px') }))
    .describe('Raster layers bottom to top (Tianditu: the map, then its labels); empty for the offline basemap'),
  attribution: z.string().describe('Attribution to show on the map'),
});

export const publicConfigSchema = z.object({
  basemaps: z.array(basemapSchema).describe('The offline basemap first, then the configured ones'),
});

export type Basemap = z.infer<typeof basemapSchema>;
