/**
 * Coordinate reference systems a planning office's files come in (DATA_FORMAT.md version 2, `crs`), and
 * their conversion to WGS84 longitude/latitude with proj4.
 *
 * Known by EPSG code: geographic WGS84 (4326) and CGCS2000 (4490, treated as WGS84: the two differ by
 * centimetres), Web Mercator (3857), the CGCS2000 Gauss-Krüger zones (6°: 4491–4512, 3°: 4513–4554) and
 * UTM on WGS84 (32601–32660 north, 32701–32760 south). A file's own description (a .prj in ESRI or OGC
 * WKT, a GeoPackage SRS) is matched to one of these codes where its parameters are those of the code,
 * and otherwise used as it stands when it describes a complete projection on WGS84 or CGCS2000. Any
 * other datum (Beijing 1954, Xi'an 1980) needs a datum shift the file does not give: it is refused,
 * never guessed. GCJ-02 and BD-09 are not CRSs in this sense; crs.ts converts them.
 *
 * Coordinates are [x, y]: easting/northing in metres for projected systems, longitude/latitude in
 * degrees for geographic ones (longitude first, as in GeoJSON).
 */
import proj4 from 'proj4';
import type { LonLat } from '../../model/index.js';
import { type CoordinateSystem, toWgs84 as fromChineseMapCoordinates } from './crs.js';

/** A box in WGS84 degrees: where a CRS is meant to be used. */
export interface LonLatBox {
  west: number;
  south: number;
  east: number;
  north: number;
}

/** A CRS the service can place: its label for reports and the conversion of a position to WGS84. */
export interface ResolvedCrs {
  /** 'EPSG:4549', 'GCJ-02', 'BD-09', or 'WKT' for a complete definition that matches no EPSG code. */
  label: string;
  /** Geographic (degrees) rather than projected (metres). */
  geographic: boolean;
  /** Where positions in this CRS may lie; a converted position outside is a mistake (swapped or mislabelled columns). */
  areaOfUse: LonLatBox;
  toWgs84(position: readonly [number, number]): LonLat;
}

/** Mainland China with its sea areas, wide enough for every county: the area of the GK zones and of GCJ-02/BD-09. */
const CHINA: Omit<LonLatBox, 'west' | 'east'> = { south: 16, north: 54 };
const WORLD: LonLatBox = { west: -180, south: -90, east: 180, north: 90 };
/** Positions this far (degrees) outside a zone's band are still accepted: counties straddle zone edges. */
const ZONE_MARGIN_DEG = 1;
const GRS80_CGCS2000 = '+ellps=GRS80 +towgs84=0,0,0,0,0,0,0';

interface EpsgEntry {
  definition: string;
  geographic: boolean;
  areaOfUse: LonLatBox;
}

/** The proj4 definition of a Gauss-Krüger zone on CGCS2000 with central meridian `cm` and false easting `x0`. */
function gaussKruger(cm: number, x0: number, halfWidth: number): EpsgEntry {
  return {
    definition: `+proj=tmerc +lat_0=0 +lon_0=${cm} +k=1 +x_0=${x0} +y_0=0 ${GRS80_CGCS2000} +units=m +no_defs`,
    geographic: false,
    areaOfUse: { west: cm - halfWidth - ZONE_MARGIN_DEG, east: cm + halfWidth + ZONE_MARGIN_DEG, ...CHINA },
  };
}

/** The definition of an EPSG code this service knows, or null. */
export function epsgEntry(code: number): EpsgEntry | null {
  if (code === 4326) return { definition: '+proj=longlat +datum=WGS84 +no_defs', geographic: true, areaOfUse: WORLD };
  if (code === 4490) return { definition: `+proj=longlat ${GRS80_CGCS2000} +no_defs`, geographic: true, areaOfUse: WORLD };
  if (code === 3857)
    return {
      definition: '+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs',
      geographic: false,
      areaOfUse: { ...WORLD, south: -85.06, north: 85.06 },
    };
  // 6° zones 13–23 with the zone number in the false easting, then the same central meridians 75°E–135°E without.
  if (code >= 4491 && code <= 4501) {
    const zone = code - 4491 + 13;
    return gaussKruger(zone * 6 - 3, zone * 1e6 + 500000, 3);
  }
  if (code >= 4502 && code <= 4512) return gaussKruger(75 + (code - 4502) * 6, 500000, 3);
  // 3° zones 25–45 with the zone number in the false easting, then central meridians 75°E–135°E without.
  if (code >= 4513 && code <= 4533) {
    const zone = code - 4513 + 25;
    return gaussKruger(zone * 3, zone * 1e6 + 500000, 1.5);
  }
  if (code >= 4534 && code <= 4554) return gaussKruger(75 + (code - 4534) * 3, 500000, 1.5);
  const north = code >= 32601 && code <= 32660;
  const south = code >= 32701 && code <= 32760;
  if (north || south) {
    const zone = code % 100;
    const cm = zone * 6 - 183;
    return {
      definition: `+proj=utm +zone=${zone}${south ? ' +south' : ''} +datum=WGS84 +units=m +no_defs`,
      geographic: false,
      areaOfUse: {
        west: cm - 3 - ZONE_MARGIN_DEG,
        east: cm + 3 + ZONE_MARGIN_DEG,
        south: north ? -ZONE_MARGIN_DEG : -80,
        north: north ? 84 : ZONE_MARGIN_DEG,
      },
    };
  }
  return null;
}

const converters = new Map<string, (p: readonly [number, number]) => [number, number]>();

function converterOf(definition: string): (p: readonly [number, number]) => [number, number] {
  let convert = converters.get(definition);
  if (!convert) {
    const projection = proj4(definition, 'EPSG:4326');
    convert = (p) => projection.forward<[number, number]>([p[0], p[1]]);
    converters.set(definition, convert);
  }
  return convert;
}

/** The CRS of an EPSG code, or null when the service does not know the code. */
export function crsFromEpsg(code: number): ResolvedCrs | null {
  const entry = epsgEntry(code);
  if (!entry) return null;
  const convert = code === 4326 || code === 4490 ? (p: readonly [number, number]): LonLat => [p[0], p[1]] : converterOf(entry.definition);
  return { label: `EPSG:${code}`, geographic: entry.geographic, areaOfUse: entry.areaOfUse, toWgs84: convert };
}

/** GCJ-02 and BD-09 (Amap/Tencent and Baidu map coordinates), converted by crs.ts; WGS84 and CGCS2000 as EPSG 4326/4490. */
export function crsFromName(name: CoordinateSystem | 'CGCS2000'): ResolvedCrs {
  if (name === 'WGS84') return crsFromEpsg(4326)!;
  if (name === 'CGCS2000') return crsFromEpsg(4490)!;
  return {
    label: name,
    geographic: true,
    areaOfUse: { west: 72, east: 138, ...CHINA },
    toWgs84: (p) => fromChineseMapCoordinates([p[0], p[1]], name),
  };
}

/**
 * A manifest's `crs` text: 'WGS84', 'CGCS2000', 'GCJ-02', 'BD-09', 'EPSG:<code>' (also the URN and
 * OGC CRS84 forms GeoJSON's old `crs` member uses). Null when the text names nothing this service knows.
 */
export function crsFromText(text: string): ResolvedCrs | null {
  const t = text.trim();
  const upper = t.toUpperCase().replace(/[\s_]/g, '');
  if (upper === 'WGS84' || upper === 'WGS1984' || /CRS84$/.test(upper)) return crsFromName('WGS84');
  if (upper === 'CGCS2000') return crsFromName('CGCS2000');
  if (upper === 'GCJ-02' || upper === 'GCJ02') return crsFromName('GCJ-02');
  if (upper === 'BD-09' || upper === 'BD09') return crsFromName('BD-09');
  const code = /^(?:EPSG:|URN:OGC:DEF:CRS:EPSG:[\d.]*:)(\d{4,5})$/.exec(upper)?.[1];
  return code ? crsFromEpsg(Number(code)) : null;
}

/** ESRI's names of the systems this service knows (a .prj from ArcGIS names them, often without an EPSG code). */
function epsgOfEsriName(name: string): number | null {
  const n = name.replace(/\s+/g, '_');
  let m = /^CGCS2000_3_Degree_GK_CM_(\d+)E$/i.exec(n);
  if (m) return threeDegree(Number(m[1]), false);
  m = /^CGCS2000_3_Degree_GK_Zone_(\d+)$/i.exec(n);
  if (m) return Number(m[1]) >= 25 && Number(m[1]) <= 45 ? 4513 + Number(m[1]) - 25 : null;
  m = /^CGCS2000_GK_CM_(\d+)E$/i.exec(n);
  if (m) return sixDegree(Number(m[1]), false);
  m = /^CGCS2000_GK_Zone_(\d+)$/i.exec(n);
  if (m) return Number(m[1]) >= 13 && Number(m[1]) <= 23 ? 4491 + Number(m[1]) - 13 : null;
  m = /^WGS_(?:19)?84_UTM_Zone_(\d+)([NS])$/i.exec(n);
  if (m && Number(m[1]) >= 1 && Number(m[1]) <= 60) return (m[2]!.toUpperCase() === 'N' ? 32600 : 32700) + Number(m[1]);
  if (/^(WGS_1984_Web_Mercator(_Auxiliary_Sphere)?|WGS_84_Pseudo_Mercator|Popular_Visualisation_CRS_Mercator)$/i.test(n)) return 3857;
  if (/^(GCS_WGS_1984|WGS_84|WGS84)$/i.test(n)) return 4326;
  if (/^(GCS_China_Geodetic_Coordinate_System_2000|China_Geodetic_Coordinate_System_2000|CGCS2000|GCS_CGCS2000)$/i.test(n)) return 4490;
  return null;
}

/** The 3° zone code with central meridian `cm` (zone number in the false easting or not), or null. */
function threeDegree(cm: number, zoneInEasting: boolean): number | null {
  if (cm % 3 !== 0 || cm < 75 || cm > 135) return null;
  return zoneInEasting ? 4513 + cm / 3 - 25 : 4534 + (cm - 75) / 3;
}

/** The 6° zone code with central meridian `cm`, or null. */
function sixDegree(cm: number, zoneInEasting: boolean): number | null {
  if ((cm - 75) % 6 !== 0 || cm < 75 || cm > 135) return null;
  return zoneInEasting ? 4491 + (cm + 3) / 6 - 13 : 4502 + (cm - 75) / 6;
}

/** What proj4's WKT parser makes of a definition (the fields read here). */
interface ParsedDefinition {
  projName?: string;
  datumCode?: string;
  datum_params?: number[];
  a?: number;
  rf?: number;
  k0?: number;
  x0?: number;
  y0?: number;
  long0?: number;
  lat0?: number;
  units?: string;
  to_meter?: number;
  utmSouth?: boolean;
  zone?: number;
}

const DEG = 180 / Math.PI;
const near = (a: number | undefined, b: number, tolerance = 1e-6) => a !== undefined && Math.abs(a - b) <= tolerance;

/** The datums whose coordinates are WGS84 to within centimetres, as proj4's parser names them. */
function onWgs84OrCgcs2000(def: ParsedDefinition): boolean {
  const datum = (def.datumCode ?? '').toLowerCase().replace(/[\s_-]/g, '');
  if (/^(wgs84|wgs1984|dwgs1984|worldgeodeticsystem1984|china2000|dchina2000|cgcs2000|chinageodeticcoordinatesystem2000)$/.test(datum))
    return true;
  // A datum shift given explicitly, all zero, on the WGS84/GRS80 ellipsoid.
  return (def.datum_params ?? []).length > 0 && def.datum_params!.every((v) => v === 0) && near(def.a, 6378137, 0.5);
}

/** The EPSG code whose parameters a parsed definition has, or null. */
function epsgOfParameters(def: ParsedDefinition): number | null {
  if (!onWgs84OrCgcs2000(def)) return null;
  const cgcs = /china|cgcs/i.test(def.datumCode ?? '');
  if (def.projName === 'longlat') return cgcs ? 4490 : 4326;
  if (!/^(tmerc|transverse_mercator|gauss_kruger|utm)$/i.test(def.projName ?? '')) return null;
  if (def.projName === 'utm' && def.zone) return (def.utmSouth ? 32700 : 32600) + def.zone;
  if (!near(def.lat0 ?? 0, 0) || (def.to_meter !== undefined && !near(def.to_meter, 1))) return null;
  const cm = Math.round((def.long0 ?? 0) * DEG * 1e6) / 1e6;
  const x0 = def.x0 ?? 0;
  const y0 = def.y0 ?? 0;
  if (near(def.k0 ?? 1, 1) && y0 === 0) {
    if (x0 === 500000) return threeDegree(cm, false) ?? sixDegree(cm, false);
    if (x0 === Math.round(cm / 3) * 1e6 + 500000) return threeDegree(cm, true);
    if (x0 === ((cm + 3) / 6) * 1e6 + 500000) return sixDegree(cm, true);
    return null;
  }
  if (!cgcs && near(def.k0, 0.9996) && x0 === 500000 && (y0 === 0 || y0 === 10000000)) {
    const zone = (cm + 183) / 6;
    if (Number.isInteger(zone) && zone >= 1 && zone <= 60) return (y0 === 0 ? 32600 : 32700) + zone;
  }
  return null;
}

function parseWkt(wkt: string): ParsedDefinition | null {
  const name = `WKT:${wkt}`;
  try {
    if (!proj4.defs(name)) proj4.defs(name, wkt);
    return (proj4.defs(name) as ParsedDefinition | undefined) ?? null;
  } catch {
    return null;
  }
}

/** The top-level name of a WKT (PROJCS["name", …] or GEOGCS["name", …], WKT1 or WKT2). */
function wktName(wkt: string): string | null {
  return /^\s*[A-Z_]+\s*\[\s*"([^"]*)"/.exec(wkt)?.[1] ?? null;
}

/** The top-level EPSG authority of a WKT: WKT1's last AUTHORITY["EPSG","n"], WKT2's last ID["EPSG",n]. */
function wktAuthority(wkt: string): number | null {
  const all = [...wkt.matchAll(/(?:AUTHORITY|ID)\s*\[\s*"EPSG"\s*,\s*"?(\d+)"?\s*\]\s*\]\s*$/gi)];
  return all.length > 0 ? Number(all[all.length - 1]![1]) : null;
}

/**
 * The CRS a WKT describes (a .prj, a GeoPackage SRS): the EPSG code it names or whose parameters it has,
 * else the definition itself when it is a complete projection on WGS84/CGCS2000. Null when the service
 * cannot place it (unknown projection, another datum without a shift): the caller reports the file.
 */
export function crsFromWkt(wkt: string): ResolvedCrs | null {
  const authority = wktAuthority(wkt);
  if (authority !== null && epsgEntry(authority)) return crsFromEpsg(authority);
  const byName = wktName(wkt);
  const named = byName ? epsgOfEsriName(byName) : null;
  const def = parseWkt(wkt);
  if (named !== null && (!def || onWgs84OrCgcs2000(def))) return crsFromEpsg(named);
  if (!def) return null;
  const byParameters = epsgOfParameters(def);
  if (byParameters !== null && epsgEntry(byParameters)) return crsFromEpsg(byParameters);
  if (!onWgs84OrCgcs2000(def) || !def.projName) return null;
  let convert: (p: readonly [number, number]) => [number, number];
  try {
    convert = converterOf(`WKT:${wkt}`);
    const probe = convert([def.x0 ?? 0, def.y0 ?? 0]);
    if (!probe.every(Number.isFinite)) return null;
  } catch {
    return null;
  }
  return { label: 'WKT', geographic: def.projName === 'longlat', areaOfUse: WORLD, toWgs84: convert };
}

/** Whether a WGS84 position lies in a CRS's area of use. */
export function insideAreaOfUse([lon, lat]: LonLat, { west, south, east, north }: LonLatBox): boolean {
  return Number.isFinite(lon) && Number.isFinite(lat) && lon >= west && lon <= east && lat >= south && lat <= north;
}
