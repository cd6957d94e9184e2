import { describe, expect, it } from 'vitest';
import { crsFromEpsg, crsFromText, crsFromWkt, insideAreaOfUse } from '../../server/engine/geo/index.js';

/**
 * [EPSG code, lon, lat, x, y]: x/y computed by GDAL 3.6 (`gdaltransform -s_srs EPSG:4326 -t_srs EPSG:<code>`)
 * from lon/lat, one point inside each zone; the service must give lon/lat back to a millimetre or so.
 */
const GDAL_REFERENCE: [number, number, number, number, number][] = [
  [4491, 75.5, 30, 13548243.4486062, 3320218.65041027],
  [4501, 134.6, 45, 23468461.2655324, 4985022.22455257],
  [4502, 76, 35, 591289.768741913, 3875049.87069043],
  [4512, 135.2, 47, 515211.197550422, 5207266.42525152],
  [4513, 75.3, 36, 25527049.1448959, 3985584.294234],
  [4528, 120.65, 28, 40563935.9866877, 3098612.01310544],
  [4533, 134.9, 46, 45492253.6702208, 5096090.7890334],
  [4534, 74.8, 37, 482197.65559024, 4096529.67374402],
  [4549, 120.65, 28, 563935.986687723, 3098612.01310544],
  [4554, 135.4, 48, 529850.116405248, 5318505.02910309],
  [32651, 120.65, 28, 268905.579030749, 3099428.09612306],
  [32750, 117.2, -8.5, 522012.193523332, 9060420.01531763],
  [3857, 120.65, 28, 13430696.5642085, 3248973.78965097],
  [4490, 120.65, 28, 120.65, 28],
];

/** 1e-8 degrees is about a millimetre. */
const DEGREE_TOLERANCE = 1e-8;

describe('CRS by EPSG code', () => {
  it.each(GDAL_REFERENCE)('EPSG:%i gives GDAL’s position back', (code, lon, lat, x, y) => {
    const crs = crsFromEpsg(code)!;
    expect(crs.label).toBe(`EPSG:${code}`);
    const [gotLon, gotLat] = crs.toWgs84([x, y]);
    expect(Math.abs(gotLon - lon)).toBeLessThan(DEGREE_TOLERANCE);
    expect(Math.abs(gotLat - lat)).toBeLessThan(DEGREE_TOLERANCE);
    expect(insideAreaOfUse([gotLon, gotLat], crs.areaOfUse)).toBe(true);
  });

  it('knows no other code', () => {
    for (const code of [4214, 4610, 2385, 4555, 32661, 900913]) expect(crsFromEpsg(code)).toBeNull();
  });

  it('reads the names a manifest and GeoJSON’s old crs member use', () => {
    expect(crsFromText('EPSG:4549')?.label).toBe('EPSG:4549');
    expect(crsFromText('urn:ogc:def:crs:EPSG::4549')?.label).toBe('EPSG:4549');
    expect(crsFromText('urn:ogc:def:crs:OGC:1.3:CRS84')?.label).toBe('EPSG:4326');
    expect(crsFromText('CGCS2000')?.label).toBe('EPSG:4490');
    expect(crsFromText('GCJ-02')?.label).toBe('GCJ-02');
    expect(crsFromText('Xian 1980')).toBeNull();
  });

  it('finds a position outside the zone it claims: a table of degrees labelled as a Gauss-Krüger zone', () => {
    const crs = crsFromEpsg(4549)!;
    expect(insideAreaOfUse(crs.toWgs84([120.65, 28]), crs.areaOfUse)).toBe(false);
  });
});

const ESRI_CM_120E =
  'PROJCS["CGCS2000_3_Degree_GK_CM_120E",GEOGCS["GCS_China_Geodetic_Coordinate_System_2000",DATUM["D_China_2000",SPHEROID["CGCS2000",6378137.0,298.257222101]],PRIMEM["Greenwich",0.0],UNIT["Degree",0.0174532925199433]],PROJECTION["Gauss_Kruger"],PARAMETER["False_Easting",500000.0],PARAMETER["False_Northing",0.0],PARAMETER["Central_Meridian",120.0],PARAMETER["Scale_Factor",1.0],PARAMETER["Latitude_Of_Origin",0.0],UNIT["Meter",1.0]]';

describe('CRS from WKT', () => {
  it('maps ESRI’s name of a CGCS2000 3° zone to its EPSG code', () => {
    expect(crsFromWkt(ESRI_CM_120E)?.label).toBe('EPSG:4549');
    expect(
      crsFromWkt(ESRI_CM_120E.replace('CGCS2000_3_Degree_GK_CM_120E', 'CGCS2000_3_Degree_GK_Zone_40').replace('500000.0', '40500000.0'))
        ?.label,
    ).toBe('EPSG:4528');
  });

  it('matches a zone by its parameters when the name is the user’s own', () => {
    expect(crsFromWkt(ESRI_CM_120E.replace('CGCS2000_3_Degree_GK_CM_120E', '温州坐标'))?.label).toBe('EPSG:4549');
    const utm = ESRI_CM_120E.replace('CGCS2000_3_Degree_GK_CM_120E', 'my utm')
      .replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_WGS_1984')
      .replace('D_China_2000', 'D_WGS_1984')
      .replace('"CGCS2000",6378137.0,298.257222101', '"WGS_1984",6378137.0,298.257223563')
      .replace('Gauss_Kruger', 'Transverse_Mercator')
      .replace('"Central_Meridian",120.0', '"Central_Meridian",123.0')
      .replace('"Scale_Factor",1.0', '"Scale_Factor",0.9996');
    expect(crsFromWkt(utm)?.label).toBe('EPSG:32651');
  });

  it('reads the EPSG authority of OGC WKT', () => {
    const ogc =
      'PROJCS["CGCS2000 / 3-degree Gauss-Kruger CM 120E",GEOGCS["China Geodetic Coordinate System 2000",DATUM["China_2000",SPHEROID["CGCS2000",6378137,298.257222101,AUTHORITY["EPSG","1024"]],AUTHORITY["EPSG","1043"]],PRIMEM["Greenwich",0,AUTHORITY["EPSG","8901"]],UNIT["degree",0.0174532925199433,AUTHORITY["EPSG","9122"]],AUTHORITY["EPSG","4490"]],PROJECTION["Transverse_Mercator"],PARAMETER["latitude_of_origin",0],PARAMETER["central_meridian",120],PARAMETER["scale_factor",1],PARAMETER["false_easting",500000],PARAMETER["false_northing",0],UNIT["metre",1,AUTHORITY["EPSG","9001"]],AXIS["Northing",NORTH],AXIS["Easting",EAST],AUTHORITY["EPSG","4549"]]';
    expect(crsFromWkt(ogc)?.label).toBe('EPSG:4549');
  });

  it('uses a complete projection on CGCS2000 that matches no code, as it stands', () => {
    const local = ESRI_CM_120E.replace('CGCS2000_3_Degree_GK_CM_120E', 'local').replace(
      '"False_Northing",0.0',
      '"False_Northing",-3000000.0',
    );
    const crs = crsFromWkt(local)!;
    expect(crs.label).toBe('WKT');
    const [lon, lat] = crs.toWgs84([563935.986687723, 3098612.01310544 - 3000000]);
    expect(lon).toBeCloseTo(120.65, 8);
    expect(lat).toBeCloseTo(28, 8);
  });

  it('refuses a datum it cannot shift (Xi’an 1980 without TOWGS84) and text that is no WKT', () => {
    const xian = ESRI_CM_120E.replace('CGCS2000_3_Degree_GK_CM_120E', 'Xian_1980_3_Degree_GK_CM_120E')
      .replace('GCS_China_Geodetic_Coordinate_System_2000', 'GCS_Xian_1980')
      .replace('D_China_2000', 'D_Xian_1980')
      .replace('"CGCS2000",6378137.0,298.257222101', '"Xian_1980",6378140.0,298.257');
    expect(crsFromWkt(xian)).toBeNull();
    expect(crsFromWkt('not a projection')).toBeNull();
  });
});
