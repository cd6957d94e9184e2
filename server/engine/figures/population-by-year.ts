/**
 * Population by year (DATA_FORMAT.md v2, layer `townshipPopulation`): the township figures of year Y are
 * those of Y, else of the latest earlier year, else the township layer's. The population units of a
 * township are scaled to that year's figure, so coverage shares do not change while slots per 1,000 do.
 *
 * `populationOfYear` returns the jurisdiction's data as seen in a year (townships and units replaced,
 * everything else shared), so every figure of the year — indicators, coverage, what-if, accessibility —
 * is computed by the unchanged engine over Y's population.
 */
import type { JurisdictionData, PopulationUnit, Township, TownshipPopulationRow } from '../../model/index.js';

/** Where a township's figure of a year comes from. */
export interface TownshipFigureSource {
  code: string;
  /** Residents used for the year (persons). */
  population: number;
  populationUnder3: number | null;
  /** `table`: a townshipPopulation row (of `fromYear`); `townships`: the township layer's figure. */
  source: 'table' | 'townships';
  /** The table year the figure is taken from (≤ the year asked); null for the township layer. */
  fromYear: number | null;
}

/** How a year's population was obtained, for every result to say. */
export interface YearPopulationInfo {
  year: number;
  townships: TownshipFigureSource[];
  /** Latest year of the townshipPopulation table; null without one. */
  lastDataYear: number | null;
  /**
   * True when the year lies after the table's last year (or, without a table, after the package's
   * analysis year): its population is carried forward from the latest earlier figure.
   */
  projected: boolean;
  /** Townships whose figure comes from the township layer although the table has other townships. */
  fromTownshipLayer: string[];
}

/** Rows of each township code, ascending by year. */
function rowsByCode(rows: readonly TownshipPopulationRow[]): Map<string, TownshipPopulationRow[]> {
  const byCode = new Map<string, TownshipPopulationRow[]>();
  for (const row of rows) {
    const list = byCode.get(row.code);
    if (list) list.push(row);
    else byCode.set(row.code, [row]);
  }
  for (const list of byCode.values()) list.sort((a, b) => a.year - b.year);
  return byCode;
}

/** The row of `year`, else of the latest earlier year; undefined when every row is later. */
function rowFor(list: readonly TownshipPopulationRow[] | undefined, year: number): TownshipPopulationRow | undefined {
  if (!list) return undefined;
  let found: TownshipPopulationRow | undefined;
  for (const row of list) {
    if (row.year > year) break;
    found = row;
  }
  return found;
}

/** Each township's figure of `year` and where it comes from (DATA_FORMAT.md "Population by year"). */
export function townshipFiguresOfYear(
  data: Pick<JurisdictionData, 'townships' | 'townshipPopulation' | 'year'>,
  year: number,
): YearPopulationInfo {
  const rows = data.townshipPopulation ?? [];
  const byCode = rowsByCode(rows);
  const lastDataYear = rows.length > 0 ? Math.max(...rows.map((r) => r.year)) : null;
  const townships = data.townships.map((t): TownshipFigureSource => {
    const row = rowFor(byCode.get(t.code), year);
    if (row) {
      return {
        code: t.code,
        population: row.population,
        populationUnder3: row.populationUnder3 ?? null,
        source: 'table',
        fromYear: row.year,
      };
    }
    return { code: t.code, population: t.population, populationUnder3: t.populationUnder3, source: 'townships', fromYear: null };
  });
  return {
    year,
    townships,
    lastDataYear,
    projected: year > (lastDataYear ?? data.year),
    fromTownshipLayer: rows.length > 0 ? townships.filter((t) => t.source === 'townships').map((t) => t.code) : [],
  };
}

/**
 * The jurisdiction's data as seen in `year`: each township's `population` (and `populationUnder3`) is the
 * year's figure, and the population units of a township whose figure comes from the table are scaled so
 * that they sum to it (their `under3` too: to the row's under-3 figure when it gives one, else by the same
 * factor). Townships whose figure is the layer's keep their units as imported, so a package without a
 * table gives exactly today's figures. Returns `data` itself when nothing changes.
 */
export function populationOfYear(data: JurisdictionData, year: number): JurisdictionData {
  if (!data.townshipPopulation || data.townshipPopulation.length === 0) return data;
  const info = townshipFiguresOfYear(data, year);
  const figureOf = new Map(info.townships.map((f) => [f.code, f]));

  const unitSum = new Map<string, number>();
  for (const unit of data.populationUnits) {
    if (unit.township !== null) unitSum.set(unit.township, (unitSum.get(unit.township) ?? 0) + unit.population);
  }

  const townships: Township[] = data.townships.map((t) => {
    const figure = figureOf.get(t.code)!;
    return figure.source === 'table' ? { ...t, population: figure.population, populationUnder3: figure.populationUnder3 } : t;
  });
  const populationUnits: PopulationUnit[] = data.populationUnits.map((unit) => {
    const figure = unit.township === null ? undefined : figureOf.get(unit.township);
    if (!figure || figure.source !== 'table') return unit;
    const sum = unitSum.get(unit.township!) ?? 0;
    // Units without residents cannot be scaled to anything; the township's figure still counts in slots per 1,000.
    if (!(sum > 0)) return unit;
    const share = unit.population / sum;
    const factor = figure.population / sum;
    const under3 = figure.populationUnder3 !== null ? figure.populationUnder3 * share : unit.under3 === null ? null : unit.under3 * factor;
    return { ...unit, population: unit.population * factor, under3 };
  });
  return { ...data, townships, populationUnits };
}
