/**
 * How the roll-up page writes and orders its figures (pure functions, tested in
 * test/client/rollup-format.test.ts): a child's slot status in the one wording of ../i18n/targets.ts,
 * the table's cells and order, and the map's projection of lon/lat into the drawing and its outlines.
 */
import type { Answer } from '../api/types';
import { formatDecimal, formatInteger, formatShare } from '../i18n/i18n';
import type { TargetStatus } from '../i18n/targets';
import { tr } from './messages';

export type Rollup = Answer<'/api/jurisdictions/{id}/rollup'>;
export type RollupChild = Rollup['children'][number];
/** The roll-up's map: one feature per child, its stored outline (or null) with the child's figures. */
export type RollupMap = Answer<'/api/jurisdictions/{id}/rollup.geojson'>;
export type RollupOutline = NonNullable<RollupMap['features'][number]['geometry']>;
export type RolledUpFigures = Rollup['figures'];
type Box = [number, number, number, number];

/** The walking threshold the roll-up reports as "15-minute coverage". */
export const COVERAGE_MINUTES = '15';

/**
 * Slots per 1,000 against target, for an area of one or more counties: no data when none of its counties
 * has a stored result; no target when none of them has a target this year; met when the counties'
 * gaps (each against its own target) add up to nothing, else not met.
 */
export function slotStatus(figures: RolledUpFigures): TargetStatus {
  if (figures.counties === 0 || figures.slotsPer1000 === null) return 'no_data';
  if (figures.countiesWithoutTarget >= figures.counties) return 'no_target';
  return figures.slotGap > 0 ? 'not_met' : 'met';
}

/** The colours of the four statuses (the dashboard's, so a status looks the same on both pages). */
export const statusColors: Record<TargetStatus, string> = {
  met: '#1a9850',
  not_met: '#d7301f',
  no_target: '#829ab1',
  no_data: '#b7bec7',
};

/** The table's sortable columns. */
export type SortKey =
  'name' | 'population' | 'slots' | 'slotsPer1000' | 'slotGap' | 'status' | 'inclusiveShare' | 'townshipCoverage' | 'coverage15';

const STATUS_ORDER: Record<TargetStatus, number> = { not_met: 0, met: 1, no_target: 2, no_data: 3 };

/** The value a column sorts by (null: not computed, always last). */
export function sortValue(child: RollupChild, key: SortKey): number | string | null {
  const f = child.figures;
  const computed = f.counties > 0;
  switch (key) {
    case 'name':
      return child.name;
    case 'population':
      return computed ? f.population : null;
    case 'slots':
      return computed ? f.slots : null;
    case 'slotsPer1000':
      return f.slotsPer1000;
    case 'slotGap':
      return computed ? f.slotGap : null;
    case 'status':
      return STATUS_ORDER[slotStatus(f)];
    case 'inclusiveShare':
      return f.inclusiveShare;
    case 'townshipCoverage':
      return f.townshipInstitutionCoverage;
    case 'coverage15':
      return f.coverage[COVERAGE_MINUTES] ?? null;
  }
}

/** The children in the order of `key` (names in Chinese collation); areas without a value last either way. */
export function sortChildren(children: readonly RollupChild[], key: SortKey, ascending: boolean): RollupChild[] {
  const collator = new Intl.Collator('zh-CN');
  return [...children].sort((a, b) => {
    const [x, y] = [sortValue(a, key), sortValue(b, key)];
    if (x === null || y === null) return x === y ? 0 : x === null ? 1 : -1;
    const order = typeof x === 'string' || typeof y === 'string' ? collator.compare(String(x), String(y)) : x - y;
    return ascending ? order : -order;
  });
}

/** The cells of a row (or of the totals), as the page writes them in its language. */
export function figureCells(figures: RolledUpFigures): Record<Exclude<SortKey, 'name' | 'status'>, string> {
  const computed = figures.counties > 0;
  const status = slotStatus(figures);
  return {
    population: computed ? formatInteger(figures.population) : tr('notComputed'),
    slots: computed ? formatInteger(figures.slots) : '–',
    slotsPer1000: figures.slotsPer1000 === null ? '–' : tr('slotsPer1000Value', { value: formatDecimal(figures.slotsPer1000, 2) }),
    slotGap: status === 'met' ? tr('gapNone') : status === 'not_met' ? tr('slotsValue', { value: formatInteger(figures.slotGap) }) : '–',
    inclusiveShare: formatShare(figures.inclusiveShare),
    townshipCoverage: formatShare(figures.townshipInstitutionCoverage),
    coverage15: formatShare(figures.coverage[COVERAGE_MINUTES] ?? null),
  };
}

/** The union of boxes ([west, south, east, north]); null when none. */
export function unionBox(boxes: readonly (Box | null)[]): Box | null {
  let box: Box | null = null;
  for (const b of boxes) {
    if (!b) continue;
    box = box ? [Math.min(box[0], b[0]), Math.min(box[1], b[1]), Math.max(box[2], b[2]), Math.max(box[3], b[3])] : [...b];
  }
  return box;
}

/**
 * lon/lat → x/y in a drawing of `width` × `height` px showing `box` with `padding` px around it: an
 * equirectangular projection with longitude shrunk by cos(mid-latitude), north up, aspect kept.
 */
export function projector(box: Box, width: number, height: number, padding = 8): (lon: number, lat: number) => [number, number] {
  const [west, south, east, north] = box;
  const k = Math.cos((((south + north) / 2) * Math.PI) / 180);
  const spanX = Math.max((east - west) * k, 1e-9);
  const spanY = Math.max(north - south, 1e-9);
  const scale = Math.min((width - 2 * padding) / spanX, (height - 2 * padding) / spanY);
  const offsetX = (width - spanX * scale) / 2;
  const offsetY = (height - spanY * scale) / 2;
  return (lon, lat) => [offsetX + (lon - west) * k * scale, offsetY + (north - lat) * scale];
}

/** An SVG path of polygon rings (each closed with Z), coordinates to one decimal. */
export function ringsPath(rings: readonly (readonly number[][])[], project: (lon: number, lat: number) => [number, number]): string {
  return rings
    .filter((ring) => ring.length > 0)
    .map(
      (ring) =>
        ring
          .map((p, i) => {
            const [x, y] = project(p[0]!, p[1]!);
            return `${i === 0 ? 'M' : 'L'}${x.toFixed(1)} ${y.toFixed(1)}`;
          })
          .join('') + 'Z',
    )
    .join('');
}

/** An SVG path of a child's outline (a county's, or a city's counties' together): every ring of every polygon. */
export function outlinePath(outline: RollupOutline, project: (lon: number, lat: number) => [number, number]): string {
  return outline.coordinates.map((polygon) => ringsPath(polygon, project)).join('');
}
