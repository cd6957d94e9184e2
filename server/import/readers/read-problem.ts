/** The streaming readers (OSM PBF, GeoTIFF) report a FileReadError; the assembly hears every reader's problems as ReadProblem. */
import { FileReadError } from '../file-read-error.js';
import { ReadProblem } from './reader.js';

/** `reading`, with a FileReadError turned into the ReadProblem of the same file and text. */
export async function asReadProblem<T>(reading: Promise<T>): Promise<T> {
  try {
    return await reading;
  } catch (error) {
    if (error instanceof FileReadError) throw new ReadProblem(error.file, error.problem);
    throw error;
  }
}
