/**
 * The population-by-year table without the DOM (client/dashboard/registry/population-model.ts): the
 * grid of the stored rows, the rows a save sends (Chinese number input, empty cells, problems named by
 * cell), the cell a 422 issue names, a block pasted from Excel and where its values go, a new year.
 */
import { describe, expect, it } from 'vitest';
import {
  cellText,
  columnsOf,
  gridOf,
  isBlock,
  issueCell,
  parsePastedBlock,
  placeBlock,
  rowsOf,
  withCell,
  withYear,
  yearToAdd,
  type PopulationRow,
} from '../../client/dashboard/registry/population-model.js';

const townships = [
  { code: '001', name: '景山街道' },
  { code: '002', name: '梧田街道' },
  { code: '003', name: '三垟街道' },
];
const stored: PopulationRow[] = [
  { code: '002', year: 2024, population: 90_000, populationUnder3: 2_100 },
  { code: '001', year: 2023, population: 52_013, populationUnder3: null },
  { code: '001', year: 2024, population: 52_500, populationUnder3: 1_300 },
];

describe('gridOf and rowsOf', () => {
  it('round-trips the stored rows, by township order then year, leaving out empty cells', () => {
    const grid = gridOf(stored);
    expect(grid.years).toEqual([2023, 2024]);
    expect(cellText(grid, '001', 2023, 'populationUnder3')).toBe('');
    expect(cellText(grid, '003', 2024, 'population')).toBe('');
    expect(rowsOf(grid, townships)).toEqual({
      rows: [
        { code: '001', year: 2023, population: 52_013, populationUnder3: null },
        { code: '001', year: 2024, population: 52_500, populationUnder3: 1_300 },
        { code: '002', year: 2024, population: 90_000, populationUnder3: 2_100 },
      ],
      problems: [],
    });
  });

  it('reads numbers as Chinese users type them', () => {
    let grid = gridOf(stored);
    grid = withCell(grid, '003', 2024, 'population', '４．５万');
    grid = withCell(grid, '003', 2024, 'populationUnder3', '１，０５０');
    grid = withCell(grid, '002', 2023, 'population', '89,500');
    const { rows, problems } = rowsOf(grid, townships);
    expect(problems).toEqual([]);
    expect(rows).toContainEqual({ code: '003', year: 2024, population: 45_000, populationUnder3: 1_050 });
    expect(rows).toContainEqual({ code: '002', year: 2023, population: 89_500, populationUnder3: null });
  });

  it('names the cell of every problem and sends nothing then', () => {
    let grid = gridOf(stored);
    grid = withCell(grid, '001', 2023, 'population', '五万');
    grid = withCell(grid, '003', 2023, 'populationUnder3', '300');
    grid = withCell(grid, '002', 2024, 'populationUnder3', '95000');
    grid = withCell(grid, '001', 2024, 'populationUnder3', '1.5');
    expect(rowsOf(grid, townships)).toEqual({
      rows: [],
      problems: [
        { code: '001', year: 2023, field: 'population', problem: 'notNumber' },
        { code: '001', year: 2024, field: 'populationUnder3', problem: 'notNumber' },
        { code: '002', year: 2024, field: 'populationUnder3', problem: 'under3Exceeds' },
        { code: '003', year: 2023, field: 'population', problem: 'populationMissing' },
      ],
    });
  });

  it('does not change the grid it was given', () => {
    const grid = gridOf(stored);
    withCell(grid, '001', 2023, 'population', '1');
    expect(cellText(grid, '001', 2023, 'population')).toBe('52013');
  });
});

describe('issueCell', () => {
  const sent = rowsOf(gridOf(stored), townships).rows;
  it('finds the cell a 422 issue names among the rows sent', () => {
    expect(issueCell('body.rows.1.populationUnder3', sent)).toEqual({ code: '001', year: 2024, field: 'populationUnder3' });
    expect(issueCell('body.rows.2.population', sent)).toEqual({ code: '002', year: 2024, field: 'population' });
    // The row as a whole (an unknown code, a repeated year) is shown at its residents cell.
    expect(issueCell('body.rows.0.code', sent)).toEqual({ code: '001', year: 2023, field: 'population' });
    expect(issueCell('body.rows.0', sent)).toEqual({ code: '001', year: 2023, field: 'population' });
  });

  it('leaves other paths to the message above the table', () => {
    expect(issueCell('body.rows', sent)).toBeNull();
    expect(issueCell('body.rows.9.population', sent)).toBeNull();
    expect(issueCell('body', sent)).toBeNull();
  });
});

describe('parsePastedBlock', () => {
  it('splits Excel’s tab-separated lines and drops its final line break', () => {
    expect(parsePastedBlock('52013\t1300\r\n90000\t2100\r\n')).toEqual([
      ['52013', '1300'],
      ['90000', '2100'],
    ]);
  });

  it('keeps empty cells and unquotes cells Excel quoted', () => {
    expect(parsePastedBlock('景山街道\t\t1300\n"梧田\n街道"\t"1,""2"\t5')).toEqual([
      ['景山街道', '', '1300'],
      ['梧田\n街道', '1,"2', '5'],
    ]);
  });

  it('reads a lone quote as text', () => {
    expect(parsePastedBlock('"52013')).toEqual([['"52013']]);
  });

  it('tells a block from one value', () => {
    expect(isBlock('52013\n')).toBe(false);
    expect(isBlock('52,013')).toBe(false);
    expect(isBlock('52013\t1300')).toBe(true);
    expect(isBlock('52013\n90000')).toBe(true);
  });
});

describe('placeBlock', () => {
  const columns = columnsOf([2023, 2024]);

  it('fills rows down and columns right from the cell pasted into', () => {
    const placed = placeBlock(parsePastedBlock('1300\t60000\n2000\t91000\n'), { row: 1, column: 1 }, townships, columns);
    expect(placed).toEqual({
      byName: false,
      outside: 0,
      values: [
        { code: '002', year: 2023, field: 'populationUnder3', text: '1300' },
        { code: '002', year: 2024, field: 'population', text: '60000' },
        { code: '003', year: 2023, field: 'populationUnder3', text: '2000' },
        { code: '003', year: 2024, field: 'population', text: '91000' },
      ],
    });
  });

  it('places lines by township name or code, skipping a header line, in any order', () => {
    const text = '乡镇\t2024年常住人口\t3岁以下\n三垟街道\t45011\t1000\n001\t52013\t1300\n';
    const placed = placeBlock(parsePastedBlock(text), { row: 0, column: 2 }, townships, columns);
    expect(placed.byName).toBe(true);
    expect(placed.values).toEqual([
      { code: '003', year: 2024, field: 'population', text: '45011' },
      { code: '003', year: 2024, field: 'populationUnder3', text: '1000' },
      { code: '001', year: 2024, field: 'population', text: '52013' },
      { code: '001', year: 2024, field: 'populationUnder3', text: '1300' },
    ]);
  });

  it('counts the values beyond the last row or column instead of placing them', () => {
    const placed = placeBlock(parsePastedBlock('1\t2\t3\n4\t5\t6\n7\t8\t9'), { row: 1, column: 2 }, townships, columns);
    expect(placed.values.map((v) => v.text)).toEqual(['1', '2', '4', '5']);
    expect(placed.outside).toBe(5);
  });
});

describe('adding a year', () => {
  it('accepts a new year typed in any width and keeps the years in order', () => {
    expect(yearToAdd('２０２６', [2023, 2024])).toEqual({ year: 2026 });
    expect(yearToAdd('2024', [2023, 2024])).toEqual({ problem: 'exists' });
    expect(yearToAdd('1800', [])).toEqual({ problem: 'invalid' });
    expect(yearToAdd('明年', [])).toEqual({ problem: 'invalid' });
    expect(withYear(gridOf(stored), 2022).years).toEqual([2022, 2023, 2024]);
  });
});
