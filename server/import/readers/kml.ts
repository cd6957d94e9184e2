/**
 * KML and KMZ (.kml, .kmz): what Google Earth and 奥维互动地图 export, typically residential projects
 * or facilities marked by hand. Parsed by @tmcw/togeojson (the maintained successor of Mapbox's
 * toGeoJSON: Placemarks, MultiGeometry, ExtendedData with Schema types) over an @xmldom/xmldom DOM,
 * since Node has no DOMParser; a KMZ is unzipped with fflate.
 *
 * Coordinates are always WGS84 longitude/latitude (the KML 2.2 standard), reduced to 2D (Google Earth
 * writes an altitude). A layer is a Folder: `layer` names one by its name, or by its path ('项目/2025')
 * when folders nest; a folder's features include those of its sub-folders. Properties are the
 * Placemark's name, description, address, phone number, time stamp and ExtendedData (Data and
 * SimpleData); styles, visibility and other presentation are not data and are left out.
 */
import { DOMParser } from '@xmldom/xmldom';
import { kmlWithFolders, type Folder, type Root } from '@tmcw/togeojson';
import { unzipSync } from 'fflate';
import { bilingual } from '../../model/index.js';
import { to2d } from './geometry-2d.js';
import { chooseLayer } from './layer-choice.js';
import { loadSource, ReadProblem, type LayerReader, type LoadedSourceFile, type SourceFeature, type SourceLayer } from './reader.js';
import { decodeText, encodingOfName } from './text-encoding.js';
import { MAX_INFLATED_BYTES, tooLarge, zipEntries } from './zip-entries.js';

/** Largest KML inflated from a KMZ, in bytes (200 MB): checked against the archive's declared size before inflating. */
export const KMZ_MAX_KML_BYTES = MAX_INFLATED_BYTES;

/** Properties togeojson derives from styles and display state, not from the placemark's data. */
const PRESENTATION =
  /^(styleUrl|styleHash|styleMapHash|stroke(-.+)?|fill(-.+)?|icon(-.+)?|label(-.+)?|visibility|open|coordinateProperties|timespan|@geometry-type)$/;

export const kmlReader: LayerReader = {
  format: 'KML',
  accepts: (fileName) => /\.km[lz]$/i.test(fileName),
  readLayer: async (source, _files, options) => {
    const file = await loadSource(source);
    try {
      const kmz = /\.kmz$/i.test(file.name);
      const xml = kmlText(file.name, kmz ? kmlOfKmz(file) : file.bytes);
      return Promise.resolve(readKml(file.name, kmz ? 'KMZ' : 'KML', xml, options.layer));
    } catch (error) {
      return Promise.reject(error instanceof Error ? error : new Error(String(error)));
    }
  },
};

/** The KML inside a KMZ: doc.kml (the name Google Earth writes), else the first .kml in the archive. */
function kmlOfKmz(file: LoadedSourceFile): Uint8Array {
  const kmls = zipEntries(file, { zh: 'KMZ ', en: 'KMZ' }).filter((e) => /\.kml$/i.test(e.name));
  const chosen = kmls.find((e) => e.name.toLowerCase() === 'doc.kml') ?? kmls[0];
  if (!chosen) throw new ReadProblem(file.name, bilingual('KMZ 压缩包中没有 .kml 文件', 'the KMZ archive holds no .kml file'), 'no_layer');
  if (chosen.originalSize > KMZ_MAX_KML_BYTES) throw tooLarge(file.name, chosen.name, chosen.originalSize, KMZ_MAX_KML_BYTES);
  try {
    // fflate inflates into a buffer of the declared size and never grows it, so a lying header cannot exceed the cap.
    const inflated = unzipSync(file.bytes, { filter: (entry) => entry.name === chosen.name })[chosen.name];
    if (!inflated) throw new Error(chosen.name);
    return inflated;
  } catch (error) {
    throw new ReadProblem(
      file.name,
      bilingual(
        `KMZ 中的 ${chosen.name} 无法解压：${(error as Error).message}`,
        `${chosen.name} in the KMZ cannot be inflated: ${(error as Error).message}`,
      ),
    );
  }
}

/** The KML's text: UTF-8 as the standard says, or the encoding its XML declaration names (some Chinese tools write GBK). */
function kmlText(file: string, bytes: Uint8Array): string {
  const prolog = new TextDecoder('latin1').decode(bytes.subarray(0, 200));
  const declared = /^(?:\uFEFF|ï»¿)?<\?xml[^>]*\bencoding\s*=\s*["']([^"']+)["']/.exec(prolog)?.[1];
  const encoding = declared ? encodingOfName(declared) : 'UTF-8';
  if (!encoding)
    throw new ReadProblem(
      file,
      bilingual(
        `KML 声明的文字编码“${declared}”无法读取，请另存为 UTF-8`,
        `the KML declares the text encoding "${declared}", which cannot be read; save it as UTF-8`,
      ),
      'wrong_encoding',
    );
  const text = decodeText(bytes, encoding);
  if (typeof text !== 'string') throw new ReadProblem(file, text.problem, 'wrong_encoding');
  return text;
}

/** A folder with the path that names it and every feature inside it, sub-folders included. */
interface FolderLayer {
  path: string;
  features: SourceFeature[];
}

function readKml(file: string, format: string, xml: string, requested: string | undefined): SourceLayer {
  let tree: Root;
  try {
    // Only malformed XML is fatal; xmldom would otherwise log every recoverable error on the console.
    const onError = (level: string, message: string) => {
      if (level === 'fatalError') throw new Error(message.trim());
    };
    const doc = new DOMParser({ onError }).parseFromString(xml, 'text/xml');
    if (doc.getElementsByTagName('kml').length === 0 && doc.getElementsByTagName('Document').length === 0)
      throw new Error('no <kml> element');
    tree = kmlWithFolders(doc);
  } catch (error) {
    if (error instanceof ReadProblem) throw error;
    throw new ReadProblem(
      file,
      bilingual(`不是有效的 KML：${(error as Error).message}`, `not a valid KML file: ${(error as Error).message}`),
    );
  }
  const folders: FolderLayer[] = [];
  const all = collect(tree.children, null, folders);
  const withFeatures = folders.filter((f) => f.features.length > 0);
  const names = withFeatures.map((f) => f.path);
  let layer: string | null = null;
  let features = all;
  if (requested !== undefined || withFeatures.length > 1) {
    layer = chooseLayer(file, names, resolveFolder(withFeatures, requested), { zh: '文件夹（Folder）', en: 'folder' });
    features = withFeatures.find((f) => f.path === layer)!.features;
  } else if (withFeatures.length === 1 && withFeatures[0]!.features.length === all.length) {
    layer = withFeatures[0]!.path;
  }
  return {
    file,
    format,
    layer,
    layers: names,
    crs: { kind: 'epsg', code: 4326 },
    encoding: null,
    encodingSource: null,
    fields: [...new Set(features.flatMap((f) => Object.keys(f.properties)))],
    features,
  };
}

/** The path `requested` stands for: a folder path, else the bare name of exactly one folder. */
function resolveFolder(folders: readonly FolderLayer[], requested: string | undefined): string | undefined {
  if (requested === undefined || folders.some((f) => f.path === requested)) return requested;
  const byName = folders.filter((f) => f.path.split('/').at(-1) === requested);
  return byName.length === 1 ? byName[0]!.path : requested;
}

/** The features under `children` in document order; each folder met is added to `folders` with its own. */
function collect(children: (Folder | Root['children'][number])[], path: string | null, folders: FolderLayer[]): SourceFeature[] {
  const features: SourceFeature[] = [];
  for (const child of children) {
    if (child.type === 'folder') {
      const name = typeof child.meta.name === 'string' && child.meta.name.trim() ? child.meta.name.trim() : `${folders.length + 1}`;
      const folder: FolderLayer = { path: path ? `${path}/${name}` : name, features: [] };
      folders.push(folder);
      folder.features = collect(child.children, folder.path, folders);
      features.push(...folder.features);
    } else if (child.properties?.['@geometry-type'] === undefined) {
      // Ground overlays (images) and network links (other files) are not features of the layer.
      features.push({ type: 'Feature', geometry: to2d(child.geometry), properties: dataOf(child.properties ?? {}) });
    }
  }
  return features;
}

/** A placemark's data properties: presentation left out, an HTML description as its text. */
function dataOf(properties: Record<string, unknown>): Record<string, unknown> {
  const data: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(properties)) {
    if (PRESENTATION.test(key)) continue;
    data[key] = key === 'description' && typeof value === 'object' && value !== null && 'value' in value ? value.value : value;
  }
  return data;
}
