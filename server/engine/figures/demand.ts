/**
 * Demand for childcare is children under 3, not residents. Per population unit, the first of:
 *
 * 1. the unit's own `under3` count;
 * 2. its township's `populationUnder3` (of the year, see population-by-year.ts) spread over the township's
 *    units in proportion to their residents;
 * 3. residents × the profile's `demand.under3Share` (the county's 2020-census share of children 0–2);
 * 4. residents, when the profile has no share either — then the result says demand is residents.
 *
 * Every result built on demand carries {@link DemandSummary}, so it says which of these it used.
 */
import { bilingual, type Bilingual, type JurisdictionData } from '../../model/index.js';

export type DemandMethod = 'under3' | 'township_under3' | 'census_share' | 'residents';

export interface DemandSummary {
  /** The one method every unit used, or `mixed` when units differ. */
  method: DemandMethod | 'mixed';
  /** Units per method. */
  units: Record<DemandMethod, number>;
  /** Σ demand over all units (children under 3, or residents for method `residents`). */
  total: number;
  /** The census share used by `census_share` units; null when none used it. */
  under3Share: number | null;
  /** Where the share comes from (the profile's `demand.source`); null when no unit used it. */
  source: string | null;
  /** One sentence for the reader. */
  note: Bilingual;
}

export interface UnitDemand {
  /** Demand per unit, same order as data.populationUnits. */
  demand: Float64Array;
  summary: DemandSummary;
}

/** Each unit's childcare demand (see the module comment) and which methods gave it. */
export function under3Demand(data: Pick<JurisdictionData, 'populationUnits' | 'townships' | 'profile'>): UnitDemand {
  const units = data.populationUnits;
  const townshipUnder3 = new Map<string, number>();
  for (const t of data.townships) if (t.populationUnder3 !== null) townshipUnder3.set(t.code, t.populationUnder3);
  const residentsOf = new Map<string, number>();
  for (const unit of units) {
    if (unit.township !== null && townshipUnder3.has(unit.township) && unit.under3 === null) {
      residentsOf.set(unit.township, (residentsOf.get(unit.township) ?? 0) + unit.population);
    }
  }
  const share = data.profile.demand?.under3Share ?? null;
  const counts: Record<DemandMethod, number> = { under3: 0, township_under3: 0, census_share: 0, residents: 0 };
  const demand = new Float64Array(units.length);
  let total = 0;
  for (let i = 0; i < units.length; i++) {
    const unit = units[i]!;
    let value: number;
    const townshipFigure = unit.township === null ? undefined : townshipUnder3.get(unit.township);
    const townshipResidents = unit.township === null ? 0 : (residentsOf.get(unit.township) ?? 0);
    if (unit.under3 !== null) {
      value = unit.under3;
      counts.under3++;
    } else if (townshipFigure !== undefined && townshipResidents > 0) {
      value = (townshipFigure * unit.population) / townshipResidents;
      counts.township_under3++;
    } else if (share !== null) {
      value = unit.population * share;
      counts.census_share++;
    } else {
      value = unit.population;
      counts.residents++;
    }
    demand[i] = value;
    total += value;
  }
  const used = (Object.keys(counts) as DemandMethod[]).filter((m) => counts[m] > 0);
  const method = used.length === 1 ? used[0]! : used.length === 0 ? 'under3' : 'mixed';
  const shareUsed = counts.census_share > 0 ? share : null;
  return {
    demand,
    summary: {
      method,
      units: counts,
      total,
      under3Share: shareUsed,
      source: shareUsed !== null ? (data.profile.demand?.source ?? null) : null,
      note: demandNote(counts, shareUsed),
    },
  };
}

function demandNote(counts: Record<DemandMethod, number>, share: number | null): Bilingual {
  const parts: Bilingual[] = [];
  if (counts.under3 > 0)
    parts.push(bilingual(`${counts.under3} 个人口单元用其 3 岁以下人数`, `${counts.under3} units use their own under-3 count`));
  if (counts.township_under3 > 0)
    parts.push(
      bilingual(
        `${counts.township_under3} 个单元用所在乡镇（街道）的 3 岁以下人口按常住人口分摊`,
        `${counts.township_under3} units share their township's under-3 population in proportion to residents`,
      ),
    );
  if (counts.census_share > 0 && share !== null) {
    const percent = (share * 100).toFixed(2);
    parts.push(
      bilingual(
        `${counts.census_share} 个单元无 3 岁以下人数，按常住人口 × 本县 2020 年人口普查 0–2 岁占比 ${percent}% 估算`,
        `${counts.census_share} units have no under-3 count: residents × the county's 2020-census share of children aged 0–2, ${percent} %`,
      ),
    );
  }
  if (counts.residents > 0)
    parts.push(
      bilingual(
        `${counts.residents} 个单元既无 3 岁以下人数、配置中也无普查占比，需求按常住人口计`,
        `${counts.residents} units have no under-3 count and the profile gives no census share: demand is residents`,
      ),
    );
  return bilingual(
    `托育需求为 3 岁以下婴幼儿：${parts.map((p) => p.zh).join('；')}。`,
    `Childcare demand is children under 3: ${parts.map((p) => p.en).join('; ')}.`,
  );
}
