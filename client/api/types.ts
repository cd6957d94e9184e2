/**
 * Shapes of the public JSON API as the client reads them, taken from the types generated from the
 * server's OpenAPI document (openapi.d.ts, `npm run api:types`), which the server builds from its zod
 * schemas: a change of a server schema changes these types and fails the client's type check.
 * Shares are fractions in [0, 1]; distances are metres; `minutes` are walking minutes. Keys of
 * `coverage` / `coveredPopulation` are thresholds in minutes as strings ("5", "10", "15").
 */
import type { FeatureCollection, Feature, MultiPolygon, Point, Polygon } from 'geojson';
import type { paths } from './openapi';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Operation<P extends keyof paths, M extends Method> = NonNullable<paths[P][M]>;
type ContentOf<R> = R extends { content: infer C } ? C[keyof C] : never;

/** The body of the successful answer (200 or 201) of `method path`. */
export type Answer<P extends keyof paths, M extends Method = 'get'> =
  Operation<P, M> extends { responses: infer R }
    ? R extends { 200: infer S }
      ? ContentOf<S>
      : R extends { 201: infer S }
        ? ContentOf<S>
        : never
    : never;

/** The JSON body `method path` takes. */
export type RequestBody<P extends keyof paths, M extends Method> =
  Operation<P, M> extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;

/** Values per walking threshold in minutes, keyed "5" | "10" | "15". */
export type ByThreshold<T> = Record<string, T>;

export type JurisdictionListItem = Answer<'/api/jurisdictions'>[number];
export type PublicConfig = Answer<'/api/config'>;
export type Basemap = PublicConfig['basemaps'][number];
export type JurisdictionDetail = Answer<'/api/jurisdictions/{id}'>;
export type Profile = JurisdictionDetail['profile'];
export type ProfileParameters = Profile['parameters'];

export type TownshipRow = Answer<'/api/jurisdictions/{id}/townships'>[number];
export type DistrictSummary = Answer<'/api/jurisdictions/{id}/summary'>;

/** The figures every area (a township, the district) has for a year: slots against residents and target, coverage. */
export type AreaFigures = Pick<
  TownshipRow & DistrictSummary,
  | 'population'
  | 'slots'
  | 'inclusiveSlots'
  | 'slotsPer1000'
  | 'target'
  | 'slotGap'
  | 'facilityCount'
  | 'inclusiveShare'
  | 'coverage'
  | 'coveredPopulation'
>;

type PropertiesOf<C> = C extends { features: (infer F)[] } ? (F extends { properties: infer P } ? P : never) : never;

export type FacilityProperties = PropertiesOf<Answer<'/api/jurisdictions/{id}/facilities.geojson'>>;
export type ServiceAreaProperties = PropertiesOf<Answer<'/api/jurisdictions/{id}/service-areas'>>;
export type UncoveredProperties = PropertiesOf<Answer<'/api/jurisdictions/{id}/uncovered'>>;
export type CatchmentProperties = Answer<'/api/jurisdictions/{id}/facilities/{fid}/catchment'> extends { properties: infer P } ? P : never;
type TownshipFeatureProperties = PropertiesOf<Answer<'/api/jurisdictions/{id}/townships.geojson'>>;

export type TownshipCollection = FeatureCollection<Polygon | MultiPolygon, TownshipFeatureProperties>;
export type FacilityCollection = FeatureCollection<Point, FacilityProperties>;
export type ServiceAreaCollection = FeatureCollection<Polygon | MultiPolygon, ServiceAreaProperties>;
export type UncoveredCollection = FeatureCollection<Point, UncoveredProperties>;
export type CatchmentFeature = Feature<Polygon | MultiPolygon, CatchmentProperties>;

/** The error body every 4xx/5xx response carries. */
export type ApiErrorBody = ContentOf<Operation<'/api/jurisdictions', 'get'>['responses'][429]>;

// --- the developer's compliance check ------------------------------------------------------------

/** Body of `POST /compliance`: exactly one of `households` or `population`; `location` is [lon, lat] or a GeoJSON Polygon. */
export type ComplianceRequest = RequestBody<'/api/jurisdictions/{id}/compliance', 'post'>;
/** Coordinate system of a location given to the check: WGS84, GCJ-02 (Amap/Tencent) or BD-09 (Baidu). */
export type CoordinateSystem = NonNullable<ComplianceRequest['crs']>;
/** The check's answer; distances in metres, `site` in WGS84, `coveredWithin` keyed by walking minutes. */
export type ComplianceResult = Answer<'/api/jurisdictions/{id}/compliance', 'post'>;
/** One project of the data package with its check (`GET /projects`). */
export type ProjectRow = Answer<'/api/jurisdictions/{id}/projects'>[number];
