/**
 * GeoPackages (.gpkg): the OGC's SQLite container, what QGIS and recent ArcGIS save by default. The
 * SQLite file is opened with sql.js (SQLite compiled to WebAssembly: no native build on the server or the
 * developers' machines); geometry blobs are the GeoPackage binary header followed by standard WKB, which
 * wkx parses. The header is read here because no maintained package decodes it on its own.
 *
 * A layer is one table of gpkg_contents: 'features' tables, and 'attributes' tables read as rows without
 * geometry (e.g. population by year). Properties are every column except the integer primary key (a row
 * id the format requires, not data) and the geometry column, in table order. BLOB columns other than the
 * geometry stay Uint8Array. Text is UTF-8 (SQLite's), so `encoding` is null.
 */
import type { Geometry } from 'geojson';
import initSqlJs, { type Database, type SqlJsStatic, type SqlValue } from 'sql.js';
import wkx from 'wkx';
import { bilingual } from '../../model/index.js';
import { to2d } from './geometry-2d.js';
import { chooseLayer } from './layer-choice.js';
import { loadSource, ReadProblem, type DeclaredCrs, type LayerReader, type SourceFeature, type SourceLayer } from './reader.js';

/** SQLite's WebAssembly module, loaded once on first use (≈ 1 MB; most servers never read a GeoPackage). */
let sqlJs: Promise<SqlJsStatic> | undefined;
const loadSqlJs = () => (sqlJs ??= initSqlJs());

const SQLITE_MAGIC = 'SQLite format 3\u0000';

/** Bytes of the envelope after the 8-byte header, by the envelope indicator (flags bits 1–3); 5–7 are invalid. */
const ENVELOPE_BYTES = [0, 32, 48, 48, 64] as const;

/** A GeoPackage geometry blob that cannot be decoded, and why. */
export class BadGeometryBlob extends Error {}

/**
 * The GeoJSON geometry of a GeoPackage geometry blob (GeoPackage 1.3 §2.1.3: 'GP', version, flags,
 * srs_id, optional envelope, WKB), reduced to x/y; null for a blob flagged empty.
 * @throws BadGeometryBlob when the bytes are not a standard GeoPackage geometry.
 */
export function parseGeoPackageGeometry(blob: Uint8Array): Geometry | null {
  if (blob.length < 8 || blob[0] !== 0x47 || blob[1] !== 0x50) throw new BadGeometryBlob('no GP magic');
  const flags = blob[3]!;
  // Bit 5 marks an ExtendedGeoPackageBinary: a vendor geometry type that is not WKB.
  if (flags & 0b10_0000) throw new BadGeometryBlob('extended (non-standard) geometry');
  const envelope = ENVELOPE_BYTES[(flags >> 1) & 0b111];
  if (envelope === undefined) throw new BadGeometryBlob(`invalid envelope indicator ${(flags >> 1) & 0b111}`);
  if (flags & 0b1_0000) return null;
  const start = 8 + envelope;
  if (blob.length <= start) throw new BadGeometryBlob('no WKB after the header');
  let geometry: Geometry;
  try {
    const wkb = Buffer.from(blob.buffer, blob.byteOffset + start, blob.length - start);
    geometry = wkx.Geometry.parse(wkb).toGeoJSON() as Geometry;
  } catch (error) {
    throw new BadGeometryBlob(`invalid WKB: ${(error as Error).message}`);
  }
  return to2d(geometry);
}

const quote = (identifier: string) => `"${identifier.replaceAll('"', '""')}"`;

/** Every row of a query, as arrays of values. */
function rows(db: Database, sql: string, params: SqlValue[] = []): SqlValue[][] {
  const statement = db.prepare(sql, params);
  try {
    const result: SqlValue[][] = [];
    while (statement.step()) result.push(statement.get());
    return result;
  } finally {
    statement.free();
  }
}

export const geoPackageReader: LayerReader = {
  format: 'GeoPackage',
  accepts: (fileName) => /\.gpkg$/i.test(fileName),
  readLayer: async (source, _files, options) => {
    // sql.js opens a database from its bytes: the GeoPackage is read into memory, alone.
    const file = await loadSource(source);
    const header = new TextDecoder('latin1').decode(file.bytes.subarray(0, SQLITE_MAGIC.length));
    if (header !== SQLITE_MAGIC)
      throw new ReadProblem(
        file.name,
        bilingual('不是 GeoPackage 文件（不是 SQLite 数据库）', 'not a GeoPackage (the file is not an SQLite database)'),
      );
    const SQL = await loadSqlJs();
    let db: Database;
    try {
      db = new SQL.Database(file.bytes);
    } catch (error) {
      throw damaged(file.name, error);
    }
    try {
      return readTable(db, file.name, options.layer);
    } catch (error) {
      if (error instanceof ReadProblem) throw error;
      throw damaged(file.name, error);
    } finally {
      db.close();
    }
  },
};

function damaged(file: string, error: unknown): ReadProblem {
  const reason = error instanceof Error ? error.message : String(error);
  return new ReadProblem(
    file,
    bilingual(`GeoPackage 无法读取（文件已损坏？）：${reason}`, `the GeoPackage cannot be read (damaged?): ${reason}`),
  );
}

function readTable(db: Database, file: string, requested: string | undefined): SourceLayer {
  const hasContents = rows(db, "SELECT 1 FROM sqlite_master WHERE type IN ('table', 'view') AND name = 'gpkg_contents'").length > 0;
  if (!hasContents)
    throw new ReadProblem(
      file,
      bilingual('不是 GeoPackage 文件：缺少 gpkg_contents 表', 'not a GeoPackage: the gpkg_contents table is missing'),
    );
  // rowid order is the order the tables were added, the order GIS programs list them.
  const layers = rows(db, "SELECT table_name FROM gpkg_contents WHERE lower(data_type) IN ('features', 'attributes') ORDER BY rowid").map(
    ([name]) => String(name),
  );
  const table = chooseLayer(file, layers, requested, { zh: '表', en: 'table' });

  const geometryRow = rows(db, 'SELECT column_name, srs_id FROM gpkg_geometry_columns WHERE lower(table_name) = lower(?)', [table])[0];
  const geometryColumn = geometryRow ? String(geometryRow[0]) : null;
  const crs = geometryRow ? declaredCrs(db, file, table, Number(geometryRow[1])) : null;

  const columns = rows(db, `PRAGMA table_info(${quote(table)})`).map(([, name, type, , , pk]) => ({
    name: String(name),
    type: String(type ?? '').toUpperCase(),
    pk: Number(pk),
  }));
  if (columns.length === 0)
    throw new ReadProblem(
      file,
      bilingual(`gpkg_contents 列出的表“${table}”不存在`, `the table "${table}" listed in gpkg_contents does not exist`),
    );
  const primaryKeys = columns.filter((c) => c.pk > 0);
  // The row id GeoPackage requires (INTEGER PRIMARY KEY, 'fid' by GDAL); a composite or text key is data.
  const rowId = primaryKeys.length === 1 && primaryKeys[0]!.type === 'INTEGER' ? primaryKeys[0]!.name : null;
  const fields = columns.filter((c) => c.name !== rowId && c.name.toLowerCase() !== geometryColumn?.toLowerCase());
  const geometryName = columns.find((c) => c.name.toLowerCase() === geometryColumn?.toLowerCase())?.name ?? null;

  const selected = [...fields.map((f) => quote(f.name)), geometryName ? quote(geometryName) : 'NULL'].join(', ');
  const order = rowId ? ` ORDER BY ${quote(rowId)}` : '';
  const features: SourceFeature[] = [];
  const statement = db.prepare(`SELECT ${selected} FROM ${quote(table)}${order}`);
  try {
    while (statement.step()) {
      const values = statement.get();
      const properties: Record<string, unknown> = {};
      fields.forEach((field, i) => {
        const value = values[i] ?? null;
        // GeoPackage stores BOOLEAN as the integers 0 and 1.
        properties[field.name] = field.type === 'BOOLEAN' && typeof value === 'number' ? value !== 0 : value;
      });
      const blob = values[fields.length];
      let geometry: Geometry | null = null;
      if (blob instanceof Uint8Array) {
        try {
          geometry = parseGeoPackageGeometry(blob);
        } catch (error) {
          const reason = (error as Error).message;
          throw new ReadProblem(
            file,
            bilingual(
              `表“${table}”第 ${features.length + 1} 个要素的几何无法解析：${reason}`,
              `table "${table}", feature ${features.length}: the geometry cannot be decoded: ${reason}`,
            ),
            'bad_geometry',
          );
        }
      }
      features.push({ type: 'Feature', geometry, properties });
    }
  } finally {
    statement.free();
  }
  return {
    file,
    format: 'GeoPackage',
    layer: table,
    layers,
    crs,
    encoding: null,
    encodingSource: null,
    fields: fields.map((f) => f.name),
    features,
  };
}

/**
 * The CRS of a geometry column from gpkg_spatial_ref_sys: an EPSG code when the organisation is EPSG,
 * else its WKT definition. srs_id 0 and -1 are the spec's "undefined" systems: the file says nothing.
 */
function declaredCrs(db: Database, file: string, table: string, srsId: number): DeclaredCrs | null {
  if (srsId === 0 || srsId === -1) return null;
  const row = rows(db, 'SELECT organization, organization_coordsys_id, definition FROM gpkg_spatial_ref_sys WHERE srs_id = ?', [srsId])[0];
  const [organization, code, definition] = row ?? [];
  if (typeof organization === 'string' && organization.toLowerCase() === 'epsg' && Number.isInteger(code))
    return { kind: 'epsg', code: Number(code) };
  if (typeof definition === 'string' && definition.trim() && definition.trim().toLowerCase() !== 'undefined')
    return { kind: 'definition', wkt: definition.trim() };
  throw new ReadProblem(
    file,
    bilingual(
      `表“${table}”的坐标系（srs_id ${srsId}）在 gpkg_spatial_ref_sys 中没有定义，请在清单中用 crs 指明`,
      `the coordinate system of table "${table}" (srs_id ${srsId}) is not defined in gpkg_spatial_ref_sys; name it as the layer's "crs" in the manifest`,
    ),
    'unknown_crs',
  );
}
