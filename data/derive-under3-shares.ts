/**
 * Derives each built-in profile's under-3 share (`demand.under3Share`, with `demand.source`) from the 2020
 * census county table in ../shared/data/raw/census2020_county_wenzhou_shaoxing.csv (derived from
 * census_county_2020_v1.xlsx, see ../shared/data/raw/SOURCES.md), and writes it into data/profiles/*.json.
 * The raw file stays outside the project; only the share and where it came from are written.
 *
 * The census gives ages 0 and 1–4 in one band, not 0–2. Children under 3 = the 0-year-olds + half of the
 * 1–4-year-olds (ages 1 and 2 of the four ages 1–4, assuming the band is even), the same rule the Ouhai
 * demo's populationUnder3 uses (data/build-ouhai-demo.ts). The share = that ÷ 人口数_合计 (all residents).
 *
 *   npx tsx data/derive-under3-shares.ts [path/to/census2020_county_wenzhou_shaoxing.csv]
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { parse } from 'csv-parse/sync';

const CSV = process.argv[2] ?? fileURLToPath(new URL('../../shared/data/raw/census2020_county_wenzhou_shaoxing.csv', import.meta.url));
const PROFILES = new URL('./profiles/', import.meta.url);
/** Built-in profile → the county's 区划代码 in the census table. */
const COUNTY_OF_PROFILE: Record<string, string> = { ouhai: '330304', shengzhou: '330683' };

const rows = parse<Record<string, string>>(readFileSync(CSV, 'utf8'), { columns: true, bom: true, skip_empty_lines: true });
const count = (row: Record<string, string>, column: string): number => {
  const value = Number(row[column]);
  if (!Number.isFinite(value)) throw new Error(`${column} of ${row['区划代码']} is not a number: ${row[column]}`);
  return value;
};

for (const [profileId, code] of Object.entries(COUNTY_OF_PROFILE)) {
  const row = rows.find((r) => r['区划代码'] === code);
  if (!row) throw new Error(`county ${code} is not in ${CSV}`);
  const residents = count(row, '人口数_合计');
  const age0 = count(row, '男_0岁') + count(row, '女_0岁');
  const age1to4 = count(row, '男_1到4岁') + count(row, '女_1到4岁');
  const under3 = age0 + age1to4 / 2;
  const under3Share = Math.round((under3 / residents) * 1e6) / 1e6;
  const source =
    `2020 census (第七次全国人口普查) county table, ${row['市']}${row['区县']} (${code}): ` +
    `0-year-olds ${age0} + half of the 1–4-year-olds ${age1to4} = ${under3} children under 3 of ${residents} residents ` +
    `(ages 1 and 2 taken as half of the 1–4 band). File census2020_county_wenzhou_shaoxing.csv, derived from ` +
    `census_county_2020_v1.xlsx (shared/data/raw/SOURCES.md); written by data/derive-under3-shares.ts.`;
  const file = new URL(`${profileId}.json`, PROFILES);
  // Edited as text, so the profile keeps its hand-made layout: the demand block sits before "targets".
  const text = readFileSync(file, 'utf8').replace(/\n {2}"demand": \{[\s\S]*?\n {2}\},/, '');
  const block = `\n  "demand": {\n    "under3Share": ${under3Share},\n    "source": ${JSON.stringify(source)}\n  },`;
  const updated = text.replace(/\n {2}"targets":/, `${block}\n  "targets":`);
  if (updated === text) throw new Error(`${profileId}.json has no "targets" to put the demand block before`);
  JSON.parse(updated);
  writeFileSync(file, updated);
  console.log(`${profileId}: under3Share ${under3Share} (${under3} of ${residents})`);
}
