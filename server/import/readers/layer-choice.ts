/**
 * Which layer of a multi-layer file to read (DATA_FORMAT.md version 2, `layer`: a GeoPackage table, an
 * Excel sheet or a KML folder): the one the manifest names, else the only one. With several and none
 * named, reading the first would be a guess the user never sees, so it is a problem listing the choices.
 */
import { bilingual } from '../../model/index.js';
import { ReadProblem } from './reader.js';

/** What the layers of a format are called, in both languages ('表' / 'table'). */
export interface LayerKind {
  zh: string;
  en: string;
}

const list = (names: readonly string[]) => names.map((name) => `“${name}”`).join('、');
const listEn = (names: readonly string[]) => names.map((name) => `"${name}"`).join(', ');

/**
 * The layer to read among `layers` (in file order): `requested` when given, else the only one.
 * Throws a ReadProblem naming `file` when `requested` is not there ('unknown_layer'), when there is
 * none ('no_layer') or when there are several and none is requested ('layer_required').
 */
export function chooseLayer(file: string, layers: readonly string[], requested: string | undefined, kind: LayerKind): string {
  if (requested !== undefined) {
    if (layers.includes(requested)) return requested;
    throw new ReadProblem(
      file,
      bilingual(
        `文件中没有名为“${requested}”的${kind.zh}；现有：${layers.length ? list(layers) : '无'}`,
        `the file has no ${kind.en} named "${requested}"; it has: ${layers.length ? listEn(layers) : 'none'}`,
      ),
      'unknown_layer',
    );
  }
  if (layers.length === 1) return layers[0]!;
  if (layers.length === 0)
    throw new ReadProblem(file, bilingual(`文件中没有可读取的${kind.zh}`, `the file holds no ${kind.en} to read`), 'no_layer');
  throw new ReadProblem(
    file,
    bilingual(
      `文件中有多个${kind.zh}（${list(layers)}），请在清单中用 layer 指明读取哪一个`,
      `the file holds several ${kind.en}s (${listEn(layers)}); name the one to read as the layer's "layer" in the manifest`,
    ),
    'layer_required',
  );
}
