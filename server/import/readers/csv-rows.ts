/**
 * A version-1 package's CSV table (townshipPopulation.csv, the statistics bureau's table): one object per
 * data row, keyed by the header row's column names, every cell as text (the package schema reads numbers
 * written as text). Version-2 layers in CSV are read by csv.ts instead. CSV tables (.csv), such as the statistics bureau's townshipPopulation table: one object per data row,
 * keyed by the header row's column names, every cell as text (the package schema reads numbers written
 * as text). Parsed by csv-parse (quoting, embedded commas and line breaks, CRLF are its job). Encoding as
 * DATA_FORMAT.md says for .csv: UTF-8 when the bytes are valid UTF-8 (a byte order mark is dropped),
 * else GB18030, which Excel on Chinese Windows writes.
 */
import { parse } from 'csv-parse/sync';
import { bilingual, unstorableText } from '../../model/index.js';
import { say } from '../../model/messages.js';
import { UnreadableFile } from '../validate-package.js';
import { loadSourceSync, type SourceFile } from './reader.js';

const utf8 = new TextDecoder('utf-8', { fatal: true });
const gb18030 = new TextDecoder('gb18030');

/** The rows of a version-1 CSV table, or an UnreadableFile saying why it cannot be read (never throws for bad content). */
export function readCsvRows(source: SourceFile): unknown {
  {
    const file = loadSourceSync(source);
    let text: string;
    try {
      text = utf8.decode(file.bytes);
    } catch {
      text = gb18030.decode(file.bytes);
    }
    if (unstorableText(text)) {
      return new UnreadableFile(
        say(bilingual('含有 NUL 字符或无效字符，不是有效文本', 'holds a NUL or invalid character; not valid text')),
      );
    }
    try {
      return parse<Record<string, string>>(text, {
        columns: (header: string[]) => header.map((h) => h.trim()),
        bom: true,
        skip_empty_lines: true,
        trim: true,
      });
    } catch (error) {
      return new UnreadableFile(
        say(bilingual(`不是有效的 CSV：${(error as Error).message}`, `not a valid CSV table: ${(error as Error).message}`)),
      );
    }
  }
}
