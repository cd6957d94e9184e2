/**
 * A synthetic province (issue #15), generated from a seed, county by county, so that no process holds
 * more than the counties it computes. At full scale (`PROVINCE.counties` = 90) it has, like Zhejiang:
 * 90 counties, 1,440 townships (16 per county; the 1,300 rounded to a square), 65 million
 * residents in 2,000,070 population units (22,223 per county), 10,000,800 directed road edges (a
 * jittered 167 × 167 street grid per county: 111,112 each) and 19,980 facilities (222 per county).
 * Counties lie side by side on a 10 × 9 grid, each a square of about 31.5 km.
 *
 * A smaller scale keeps every county at full size and generates fewer of them, so the cost per county
 * measured at any scale is the cost of a real county.
 */
import { type SyntheticCityOptions, syntheticCity } from '../../fixtures/synthetic-city.js';
import type { JurisdictionData } from '../../../server/model/index.js';

export const PROVINCE = {
  seed: 330000,
  counties: 90,
  countiesPerRow: 10,
  residents: 65_000_000,
  unitsPerCounty: 22_223,
  facilitiesPerCounty: 222,
  gridSide: 167,
  blockM: 190,
  townshipsPerSide: 4,
  origin: [118.0, 27.1] as [number, number],
  year: 2025,
  /** Slots per 1,000 residents the synthetic plan asks for in `year`. */
  slotsTarget: 4.5,
};

/** Metres per degree on the WGS84 semi-major axis sphere (the layout of synthetic-city.ts). */
const METRES_PER_DEGREE = (6378137 * Math.PI) / 180;

/** County `index` (0-based) of the province: its data, ready for the engine. */
export function syntheticCounty(index: number): JurisdictionData {
  const sideM = (PROVINCE.gridSide - 1) * PROVINCE.blockM;
  const column = index % PROVINCE.countiesPerRow;
  const row = Math.floor(index / PROVINCE.countiesPerRow);
  const [lon0, lat0] = PROVINCE.origin;
  const lonPerM = 1 / (METRES_PER_DEGREE * Math.cos((lat0 * Math.PI) / 180));
  const options: SyntheticCityOptions = {
    seed: PROVINCE.seed + index,
    gridSide: PROVINCE.gridSide,
    blockM: PROVINCE.blockM,
    jitterM: 40,
    diagonals: 0,
    populationUnits: PROVINCE.unitsPerCounty,
    facilities: PROVINCE.facilitiesPerCounty,
    townshipsPerSide: PROVINCE.townshipsPerSide,
    origin: [lon0 + column * sideM * lonPerM, lat0 + (row * sideM) / METRES_PER_DEGREE],
  };
  const { data } = syntheticCity(options);
  // synthetic-city.ts gives 1–200 residents a unit; scale them to the province's 65 million.
  const perCounty = PROVINCE.residents / PROVINCE.counties;
  const generated = data.populationUnits.reduce((s, u) => s + u.population, 0);
  const byTownship = new Map<string, number>();
  for (const unit of data.populationUnits) {
    unit.population = Math.max(1, Math.round((unit.population * perCounty) / generated));
    byTownship.set(unit.township!, (byTownship.get(unit.township!) ?? 0) + unit.population);
  }
  const id = `county-${String(index).padStart(2, '0')}`;
  return {
    ...data,
    id,
    name: `County ${index}`,
    year: PROVINCE.year,
    townships: data.townships.map((t) => ({ ...t, code: `${id}-${t.code}`, population: byTownship.get(t.code) ?? 0 })),
    populationUnits: data.populationUnits.map((u) => ({ ...u, township: `${id}-${u.township}` })),
    facilities: data.facilities.map((f) => ({ ...f, township: `${id}-${f.township}` })),
    profile: { ...data.profile, id: 'synthetic-province', targets: { slots_per_1000: { [String(PROVINCE.year)]: PROVINCE.slotsTarget } } },
  };
}
