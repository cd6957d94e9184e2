/**
 * CSV point and attribute tables (.csv): what the statistics bureau exports and what Excel saves, often
 * in GBK on a Chinese Windows. Parsed by csv-parse (RFC 4180 quoting, quoted line breaks, doubled
 * quotes), which every edge of the format would otherwise cost us to get right.
 *
 * The text encoding follows DATA_FORMAT.md: the manifest's, else UTF-8 when the bytes are valid UTF-8,
 * else GB18030 (a byte order mark is dropped). The delimiter is the one of `,` `;` and tab found most
 * often outside quotes in the header line (Excel writes `;` where the decimal mark is a comma). Values
 * stay text exactly as written ("１２００", "1,200"): reading numbers is the assembly's, which names the
 * file, row and column of one it cannot read. An empty cell is null.
 *
 * Rows and numbers: see table-rows.ts. A feature's `id` is the row number a spreadsheet program shows
 * (1-based, header and blank lines counted; a quoted line break does not start a row); problems about a
 * feature use its 0-based index among the features.
 */
import { parse } from 'csv-parse/sync';
import { bilingual } from '../../model/index.js';
import { loadSource, ReadProblem, type LayerReader } from './reader.js';
import { tableFeatures } from './table-rows.js';
import { decideEncoding, decodeText } from './text-encoding.js';

const DELIMITERS = [',', ';', '\t'] as const;

/** The delimiter used most often outside quotes in the first line of `text`; ',' when none is. */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>(DELIMITERS.map((d) => [d, 0]));
  let quoted = false;
  for (const char of text) {
    if (char === '"') quoted = !quoted;
    else if (!quoted && (char === '\n' || char === '\r')) break;
    else if (!quoted && counts.has(char)) counts.set(char, counts.get(char)! + 1);
  }
  let best: string = ',';
  for (const [delimiter, count] of counts) if (count > counts.get(best)!) best = delimiter;
  return best;
}

export const csvReader: LayerReader = {
  format: 'CSV',
  accepts: (fileName) => /\.csv$/i.test(fileName),
  readLayer: async (source, _files, options) => {
    const file = await loadSource(source);
    try {
      const decided = decideEncoding(file.bytes, { manifest: options.encoding });
      if ('problem' in decided) throw new ReadProblem(file.name, decided.problem, 'undecidable_encoding');
      const text = decodeText(file.bytes, decided.encoding);
      if (typeof text !== 'string') throw new ReadProblem(file.name, text.problem, 'wrong_encoding');
      let records: string[][];
      try {
        // Empty lines are kept as records so a record's index is its row in a spreadsheet program.
        records = parse(text, { delimiter: detectDelimiter(text), relax_column_count: true, skip_empty_lines: false, bom: true });
      } catch (error) {
        const reason = (error as Error).message;
        throw new ReadProblem(file.name, bilingual(`CSV 格式有误：${reason}`, `the CSV is malformed: ${reason}`), 'malformed_csv');
      }
      const { fields, features } = tableFeatures(
        file.name,
        records.map((cells, i) => ({ row: i + 1, cells })),
      );
      return Promise.resolve({
        file: file.name,
        format: 'CSV',
        layer: null,
        layers: [],
        crs: null,
        encoding: decided.encoding,
        encodingSource: decided.source,
        fields,
        features,
      });
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  },
};
