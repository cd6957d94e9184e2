/**
 * A file that cannot be read, naming the file and the problem in both languages. The streaming
 * readers (OpenStreetMap PBF, GeoTIFF) throw it; the package reader turns it into one problem of
 * the import report, like every other, instead of a 500.
 */
import { bilingual, type Bilingual } from '../model/index.js';

export class FileReadError extends Error {
  /** The problem with the file's name in front, in both languages. */
  readonly text: Bilingual;

  constructor(
    /** The file's name as the user gave it (inside the package or upload). */
    readonly file: string,
    /** What is wrong, without the file's name. */
    readonly problem: Bilingual,
  ) {
    super(`${file}: ${problem.en}`);
    this.name = 'FileReadError';
    this.text = bilingual(`${file}：${problem.zh}`, `${file}: ${problem.en}`);
  }
}
