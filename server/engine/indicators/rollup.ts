/**
 * A city's or province's figures from its counties' figures (issue #15): sums, and ratios of sums —
 * never an average of ratios, so a county of 2 million weighs 20 times one of 100,000.
 *
 * The slot gap is the sum of the counties' gaps, each against its own target: a surplus of slots in one
 * county does not shorten the walk of a child in another.
 */

/** The figures of one county that a roll-up adds up (a subset of the district summary). */
export interface CountyFigures {
  population: number;
  slots: number;
  inclusiveSlots: number;
  facilityCount: number;
  /** Slots and inclusive slots of every operating facility, those outside every township included (the inclusive share's base). */
  operatingSlots: number;
  operatingInclusiveSlots: number;
  /** Slots missing against the county's own target; null when its plan sets none for the year. */
  slotGap: number | null;
  townshipCount: number;
  townshipsWithOperatingFacility: number;
  /** Residents within each walking threshold (minutes as keys: "5", "10", "15"). */
  coveredPopulation: Record<string, number>;
  uncoveredPopulation: Record<string, number>;
}

export interface RolledUpFigures {
  counties: number;
  population: number;
  slots: number;
  inclusiveSlots: number;
  facilityCount: number;
  /** Slots per 1,000 residents over the sums; null when there are no residents. */
  slotsPer1000: number | null;
  /** Σ of the counties' gaps; counties without a target add nothing and are counted in `countiesWithoutTarget`. */
  slotGap: number;
  countiesWithoutTarget: number;
  /** Σ inclusive slots ÷ Σ slots of operating facilities (0..1), as a county's own share; null without slots. */
  inclusiveShare: number | null;
  townshipCount: number;
  townshipsWithOperatingFacility: number;
  /** Townships with an operating facility ÷ townships (0..1); null without townships. */
  townshipInstitutionCoverage: number | null;
  /** Σ covered ÷ Σ (covered + uncovered) per threshold (0..1), over the thresholds every county computes. */
  coverage: Record<string, number>;
  coveredPopulation: Record<string, number>;
}

export function rollUpFigures(counties: readonly CountyFigures[]): RolledUpFigures {
  let population = 0;
  let slots = 0;
  let inclusiveSlots = 0;
  let facilityCount = 0;
  let operatingSlots = 0;
  let operatingInclusiveSlots = 0;
  let slotGap = 0;
  let countiesWithoutTarget = 0;
  let townshipCount = 0;
  let townshipsWithOperatingFacility = 0;
  for (const c of counties) {
    population += c.population;
    slots += c.slots;
    inclusiveSlots += c.inclusiveSlots;
    facilityCount += c.facilityCount;
    operatingSlots += c.operatingSlots;
    operatingInclusiveSlots += c.operatingInclusiveSlots;
    if (c.slotGap === null) countiesWithoutTarget++;
    else slotGap += c.slotGap;
    townshipCount += c.townshipCount;
    townshipsWithOperatingFacility += c.townshipsWithOperatingFacility;
  }
  // Only thresholds every county computes: a sum over some counties would understate the share.
  const keys =
    counties.length === 0 ? [] : Object.keys(counties[0]!.coveredPopulation).filter((k) => counties.every((c) => k in c.coveredPopulation));
  const coverage: Record<string, number> = {};
  const coveredPopulation: Record<string, number> = {};
  for (const key of keys) {
    let covered = 0;
    let all = 0;
    for (const c of counties) {
      covered += c.coveredPopulation[key]!;
      all += c.coveredPopulation[key]! + (c.uncoveredPopulation[key] ?? 0);
    }
    coveredPopulation[key] = covered;
    if (all > 0) coverage[key] = covered / all;
  }
  return {
    counties: counties.length,
    population,
    slots,
    inclusiveSlots,
    facilityCount,
    slotsPer1000: population > 0 ? (slots / population) * 1000 : null,
    slotGap,
    countiesWithoutTarget,
    inclusiveShare: operatingSlots > 0 ? operatingInclusiveSlots / operatingSlots : null,
    townshipCount,
    townshipsWithOperatingFacility,
    townshipInstitutionCoverage: townshipCount > 0 ? townshipsWithOperatingFacility / townshipCount : null,
    coverage,
    coveredPopulation,
  };
}
