/**
 * CSV exports never hand a spreadsheet a formula (issue #14): names from the data that start with
 * =, +, -, @ (or a tab) are written with a leading apostrophe; numbers, negative ones too, stay numbers.
 */
import request from 'supertest';
import { describe, expect, it } from 'vitest';
import { csvCell } from '../../server/http/csv.js';
import { tinyTownFiles } from '../import/tiny-town-files.js';
import { useTestApp } from '../helpers/app.js';
import { databaseKinds } from '../helpers/databases.js';

describe('csvCell', () => {
  it('neutralises formula starts in text, quotes what needs quoting, leaves numbers alone', () => {
    expect(csvCell('=HYPERLINK("http://evil","x")')).toBe(`"'=HYPERLINK(""http://evil"",""x"")"`);
    expect(csvCell('+86 577')).toBe("'+86 577");
    expect(csvCell('-1')).toBe("'-1");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell('\tcmd')).toBe("'\tcmd");
    expect(csvCell(-3.5)).toBe('-3.5');
    expect(csvCell('望江花园, 一期')).toBe('"望江花园, 一期"');
    expect(csvCell(null)).toBe('');
  });
});

describe.each(databaseKinds)('CSV export of projects named like formulas on %s', (kind) => {
  const town = useTestApp(kind, [], { tokens: { bureau: 'bureau' } });

  it('writes the names as text cells', async () => {
    const files = tinyTownFiles();
    files['manifest.json'].id = 'formula-town';
    files['projects.geojson'].features[0].properties.name = '=HYPERLINK("http://evil.example","点此")';
    files['projects.geojson'].features[1].properties.name = '@cmd';
    await request(town.app).post('/api/jurisdictions/import').set(town.as('bureau')).send({ files }).expect(201);
    const csv = await request(town.app).get('/api/jurisdictions/formula-town/projects?year=2026&format=csv').expect(200);
    const lines = csv.text
      .replace(/^\uFEFF/, '')
      .trim()
      .split('\r\n');
    expect(lines.some((line) => line.includes(`"'=HYPERLINK(""http://evil.example"",""点此"")"`))).toBe(true);
    expect(lines.some((line) => line.includes(",'@cmd,"))).toBe(true);
    expect(lines.slice(1).every((line) => !/(^|,)[=+@]/.test(line))).toBe(true);
  });
});
