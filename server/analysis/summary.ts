/**
 * The district summary of a year (the dashboard's headline figures), from a jurisdiction's cached
 * indicators and coverage; and its record for roll-ups (issue #15): the summary, stored per data
 * version and year, so a city or province adds its counties' stored figures up instead of recomputing.
 */
import * as turf from '@turf/turf';
import { isOperatingIn } from '../engine/figures/index.js';
import { bilingual, bilingualFields, type Bilingual } from '../model/index.js';
import type { Summary } from '../schemas/indicators.js';
import type { JurisdictionAnalysis } from './analysis-service.js';

/**
 * Caveats of the district summary of `year`, with `facilitiesOutsideTownships` operating facilities
 * outside every township (a what-if proposal changes that count, not the others).
 */
export function summaryNotes(analysis: JurisdictionAnalysis, year: number, facilitiesOutsideTownships: number): Bilingual[] {
  const notes: Bilingual[] = [];
  if (analysis.indicators(year).district.target === null) {
    notes.push(bilingual(`规划未设定 ${year} 年每千人托位数目标。`, `The profile sets no slots-per-1,000 target for ${year}.`));
  }
  if (analysis.coverage(year).approximate) {
    const detourFactor = analysis.data.profile.parameters.detourFactor;
    notes.push(
      bilingual(
        `未加载路网：步行距离按直线距离 × ${detourFactor}（绕行系数）估算（近似值）。`,
        `No road network is loaded: walking distances are straight-line distances × ${detourFactor} (an approximation).`,
      ),
    );
  }
  if (analysis.data.populationUnits.some((u) => u.approximate)) {
    notes.push(
      bilingual(
        '未提供人口点：各乡镇（街道）人口按网格均匀分布（近似值）。',
        'No population points were supplied: each township’s population is spread evenly over a grid (an approximation).',
      ),
    );
  }
  const { neighbours } = analysis;
  if (neighbours.ids.length > 0) {
    const crossing = analysis.coverage(year).borderFacilities;
    notes.push(
      bilingual(
        `步行覆盖计入边界外 ${Math.round(neighbours.bufferM)} 米内相邻辖区（${neighbours.names.join('、')}）的 ${crossing} 家运营中托育机构；居民只计入其所在乡镇（街道）所属辖区。`,
        `Walking coverage counts ${crossing} operating facilities of neighbouring jurisdictions (${neighbours.names.join(', ')}) within ${Math.round(neighbours.bufferM)} m beyond the border; residents count only in the jurisdiction of their township.`,
      ),
    );
  }
  if (facilitiesOutsideTownships > 0) {
    notes.push(
      bilingual(
        `${facilitiesOutsideTownships} 家运营中的托育机构不在任何乡镇（街道）范围内，未计入乡镇（街道）托位。`,
        `${facilitiesOutsideTownships} operating facilities lie outside every township and are not counted in township slots.`,
      ),
    );
  }
  return notes;
}

export function summaryOf(analysis: JurisdictionAnalysis, year: number): Summary {
  const { district } = analysis.indicators(year);
  const coverage = analysis.coverage(year);
  const notes = summaryNotes(analysis, year, district.facilitiesOutsideTownships);
  return {
    year,
    population: district.population,
    slots: district.slots,
    inclusiveSlots: district.inclusiveSlots,
    facilityCount: district.facilityCount,
    slotsPer1000: district.slotsPer1000,
    target: district.target,
    targetComparison: district.targetComparison,
    slotGap: district.slotGap,
    meetsTarget: district.meetsTarget,
    inclusiveShare: district.inclusiveShare,
    inclusiveShareTarget: district.inclusiveShareTarget,
    townshipCount: district.townshipCount,
    townshipsWithOperatingFacility: district.townshipsWithOperatingFacility,
    townshipInstitutionCoverage: district.townshipInstitutionCoverage,
    townshipInstitutionCoverageTarget: district.townshipInstitutionCoverageTarget,
    coverage: coverage.district.coverage,
    coveredPopulation: coverage.district.coveredPopulation,
    uncoveredPopulation: coverage.district.uncoveredPopulation,
    thresholdMeters: coverage.thresholdM,
    populationUnits: coverage.district.populationUnits,
    unreachableUnits: coverage.district.unreachableUnits,
    approximate: coverage.approximate || analysis.data.populationUnits.some((u) => u.approximate),
    crossBorder:
      analysis.neighbours.ids.length > 0
        ? { bufferMeters: analysis.neighbours.bufferM, jurisdictions: [...analysis.neighbours.ids], facilities: coverage.borderFacilities }
        : null,
    ...bilingualFields('notes', notes),
  };
}

/**
 * What a roll-up needs of a county beyond its summary: its name and extent (for the map of children).
 * Its outline (JurisdictionAnalysis.outline) is computed beside it and stored in a column of its own.
 */
export interface CountySummaryRecord {
  name: string;
  /** [west, south, east, north] of its townships, WGS84 degrees; null without townships. */
  bbox: [number, number, number, number] | null;
  summary: Summary;
  /** Slots and inclusive slots of every operating facility of the year (the inclusive share's base). */
  operatingSlots: number;
  operatingInclusiveSlots: number;
}

/** The county's record for `year`: its summary, name and extent. */
export function countySummaryRecord(analysis: JurisdictionAnalysis, year: number): CountySummaryRecord {
  const { townships } = analysis.data;
  const bbox =
    townships.length > 0
      ? (turf.bbox(turf.featureCollection(townships.map((t) => turf.feature(t.geometry)))) as [number, number, number, number])
      : null;
  let operatingSlots = 0;
  let operatingInclusiveSlots = 0;
  for (const f of analysis.data.facilities) {
    if (!isOperatingIn(f, year)) continue;
    operatingSlots += f.slots;
    operatingInclusiveSlots += f.inclusiveSlots;
  }
  return { name: analysis.data.name, bbox, summary: summaryOf(analysis, year), operatingSlots, operatingInclusiveSlots };
}
