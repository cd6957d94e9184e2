/**
 * The import wizard: (1) drop or pick files → `POST /api/imports`; (2) each layer with its CRS, encoding,
 * column mapping, value mapping and first rows, every change previewed again with `PUT /api/imports/{id}`;
 * (3) every problem as file, row, column, problem; (4) the import with its stages, ending on a link to
 * the new jurisdiction's map; (5) the confirmed manifest.json to download. Nothing is written before (4).
 */
import { RequestError } from '../auth/session';
import { formatInteger } from '../i18n/i18n';
import { h, replaceChildren } from '../panels/dom';
import {
  commitImport,
  manifestUrl,
  updateManifest,
  uploadFiles,
  type CommitResult,
  type ImportPreview,
  type ImportProblem,
  type LayerPreview,
  type Manifest,
  type ManifestLayer,
} from './api';
import { CRS_CHOICES, ENCODING_CHOICES, LAYER_FIELDS, LAYER_VALUES } from './fields';
import { ti, tiMaybe } from './messages';

/** The commit's stages, as the server reports them (server/import/commit-import.ts). */
const STAGES = ['reading', 'converting', 'writing', 'network', 'indicators'] as const;
/** Rows of a layer's sample shown. */
const SAMPLE_ROWS = 5;

type Busy = 'upload' | 'check' | 'commit' | null;

/** The problems of a refused commit: listed by the direct answer, or the failed job's issues (`file#row.column`). */
function problemsOf(error: RequestError): ImportProblem[] | undefined {
  const listed = error.details.problems as ImportProblem[] | undefined;
  if (listed) return listed;
  if (error.issues.length === 0) return undefined;
  return error.issues.map((issue) => {
    const match = /^(.*?)(?:#(\d+))?(?:\.([^.#]+))?$/.exec(issue.path);
    return {
      file: match?.[1] ?? issue.path,
      ...(match?.[2] !== undefined ? { row: Number(match[2]) } : {}),
      ...(match?.[3] !== undefined ? { column: match[3] } : {}),
      code: 'invalid_value',
      message: issue.message,
    };
  });
}

export interface WizardHost {
  /** Draws the preview's layers on the map. */
  showLayers(layers: readonly LayerPreview[]): void;
}

export class ImportWizard {
  private files: File[] = [];
  private preview: ImportPreview | null = null;
  private manifest: Manifest = {};
  private busy: Busy = null;
  /** Stages of the running import done (the job reports them); null while no figure is known. */
  private committing: number | null = null;
  private error: string | null = null;
  private problems: ImportProblem[] = [];
  private result: CommitResult | null = null;

  constructor(
    private readonly container: HTMLElement,
    private readonly host: WizardHost,
  ) {
    this.render();
  }

  // --- actions -----------------------------------------------------------------------------------

  private async upload(files: File[]): Promise<void> {
    if (files.length === 0 || this.busy) return;
    // A manifest.json chosen with the files is the manifest part, not one of the files.
    const manifestFile = files.find((f) => f.name === 'manifest.json');
    this.files = files.filter((f) => f !== manifestFile);
    const manifest = manifestFile ? (JSON.parse(await manifestFile.text()) as Manifest) : undefined;
    await this.run('upload', async () => this.showPreview(await uploadFiles(this.files, manifest)));
  }

  private async check(): Promise<void> {
    if (!this.preview) return;
    const id = this.preview.id;
    await this.run('check', async () => this.showPreview(await updateManifest(id, this.manifest)));
  }

  private async commit(): Promise<void> {
    if (!this.preview) return;
    const id = this.preview.id;
    await this.run('commit', async () => {
      this.committing = 0;
      try {
        this.result = await commitImport(id, (job) => {
          // The job reports the stage running as a fraction: stages before it are done.
          this.committing = Math.floor(job.progress * STAGES.length);
          this.render();
        });
      } catch (error) {
        // 422: the server lists every problem (directly, or as the failed job's issues); show them as the preview does.
        const listed = error instanceof RequestError ? problemsOf(error) : undefined;
        if (!listed) throw error;
        this.problems = listed;
      } finally {
        this.committing = null;
      }
    });
  }

  private async run(busy: Exclude<Busy, null>, action: () => Promise<void>): Promise<void> {
    this.busy = busy;
    this.error = null;
    this.render();
    try {
      await action();
    } catch (error) {
      if (error instanceof RequestError && (error.status === 410 || error.status === 404) && this.preview) {
        this.preview = null;
        this.error = ti('previewExpired');
      } else {
        this.error = ti('importFailed', { message: describe(error) });
      }
    } finally {
      this.busy = null;
      this.render();
    }
  }

  private showPreview(preview: ImportPreview): void {
    this.preview = preview;
    this.problems = preview.problems;
    this.manifest = structuredClone((preview.manifest ?? {}) as Manifest);
    this.host.showLayers(preview.layers);
  }

  private startOver(): void {
    this.files = [];
    this.preview = null;
    this.problems = [];
    this.result = null;
    this.error = null;
    this.host.showLayers([]);
    this.render();
  }

  /** The manifest's entry for `layer`, made when missing. */
  private manifestLayer(layer: LayerPreview): ManifestLayer {
    this.manifest.version = 2;
    this.manifest.layers ??= {};
    return (this.manifest.layers[layer.layer] ??= { file: layer.file });
  }

  // --- rendering ---------------------------------------------------------------------------------

  render(): void {
    if (this.result) {
      replaceChildren(this.container, this.renderDone(this.result));
      return;
    }
    replaceChildren(
      this.container,
      this.renderSteps(),
      this.error ? h('p', { className: 'iw-error', role: 'alert' }, this.error) : null,
      this.preview ? this.renderChosen() : this.renderDrop(),
      this.preview ? this.renderJurisdiction() : null,
      this.preview ? this.renderLayers(this.preview) : null,
      this.preview ? this.renderProblems() : null,
      this.preview ? this.renderCommit(this.preview) : null,
    );
  }

  private renderSteps(): HTMLElement {
    const current = this.result ? 4 : this.busy === 'commit' ? 4 : this.preview ? (this.problems.length > 0 ? 3 : 2) : 1;
    return h(
      'ol',
      { className: 'iw-steps' },
      (['step1', 'step2', 'step3', 'step4'] as const).map((key, i) =>
        h('li', { className: i + 1 === current ? 'is-current' : i + 1 < current ? 'is-done' : '' }, ti(key)),
      ),
    );
  }

  private renderDrop(): HTMLElement {
    const input = h('input', { type: 'file', id: 'import-files', multiple: true, className: 'iw-file-input' });
    input.addEventListener('change', () => void this.upload([...(input.files ?? [])]));
    const zone = h(
      'div',
      { className: 'iw-drop', id: 'import-drop', tabindex: 0 },
      h('strong', {}, this.busy === 'upload' ? ti('uploading', { n: this.files.length }) : ti('dropTitle')),
      h('p', {}, ti('dropHint')),
      h('label', { className: 'button button-primary', for: 'import-files' }, ti('pickFiles')),
      input,
    );
    zone.addEventListener('dragover', (event) => {
      event.preventDefault();
      zone.classList.add('is-over');
    });
    zone.addEventListener('dragleave', () => zone.classList.remove('is-over'));
    zone.addEventListener('drop', (event) => {
      event.preventDefault();
      zone.classList.remove('is-over');
      void this.upload([...(event.dataTransfer?.files ?? [])]);
    });
    return zone;
  }

  private renderChosen(): HTMLElement {
    const again = h('button', { type: 'button', className: 'button button-small', id: 'import-start-over' }, ti('startOver'));
    again.addEventListener('click', () => this.startOver());
    return h('p', { className: 'iw-chosen' }, ti('chosenFiles', { names: this.files.map((f) => f.name).join('、') }), ' ', again);
  }

  private renderJurisdiction(): HTMLElement {
    const input = (key: 'id' | 'name' | 'year' | 'profile', label: string) => {
      const value = this.manifest[key];
      const field = h('input', {
        id: `import-${key}`,
        className: 'input',
        value: value === undefined ? '' : String(value),
        ...(key === 'year' ? { type: 'number', min: 1990, max: 2100 } : {}),
      });
      field.addEventListener('change', () => {
        const text = field.value.trim();
        if (text === '') delete this.manifest[key];
        else if (key === 'year') this.manifest.year = Number(text);
        else this.manifest[key] = text;
        void this.check();
      });
      return h('label', { className: 'iw-field' }, h('span', {}, label), field);
    };
    return h(
      'section',
      { className: 'iw-card', 'aria-labelledby': 'iw-jurisdiction-title' },
      h('h2', { id: 'iw-jurisdiction-title' }, ti('jurisdictionTitle')),
      h(
        'div',
        { className: 'iw-grid' },
        input('id', ti('jurisdictionId')),
        input('name', ti('jurisdictionName')),
        input('year', ti('jurisdictionYear')),
        input('profile', ti('jurisdictionProfile')),
      ),
    );
  }

  private renderLayers(preview: ImportPreview): HTMLElement {
    return h(
      'section',
      { className: 'iw-layers', 'aria-labelledby': 'iw-layers-title' },
      h('h2', { id: 'iw-layers-title' }, ti('layersTitle')),
      preview.layers.map((layer) => this.renderLayer(layer)),
    );
  }

  private renderLayer(layer: LayerPreview): HTMLElement {
    return h(
      'article',
      { className: 'iw-card iw-layer', 'data-layer': layer.layer },
      h('h3', {}, tiMaybe(`layer_${layer.layer}`, layer.layer)),
      h('p', { className: 'iw-sub' }, ti('layerSummary', { file: layer.file, format: layer.format, n: formatInteger(layer.features) })),
      layer.notes.length > 0
        ? h(
            'ul',
            { className: 'iw-notes' },
            layer.notes.map((note) => h('li', {}, note)),
          )
        : null,
      h('div', { className: 'iw-grid' }, this.renderCrs(layer), layer.encoding !== null ? this.renderEncoding(layer) : null),
      this.renderMapping(layer),
      this.renderValues(layer),
      this.renderSample(layer),
    );
  }

  private select(id: string, options: readonly { value: string; label: string }[], selected: string, onChange: (value: string) => void) {
    const element = h(
      'select',
      { id, className: 'input', disabled: this.busy !== null },
      options.map((o) => h('option', { value: o.value, selected: o.value === selected }, o.label)),
    );
    element.addEventListener('change', () => onChange(element.value));
    return element;
  }

  private renderCrs(layer: LayerPreview): HTMLElement {
    const chosen = this.manifest.layers?.[layer.layer]?.crs ?? layer.crs ?? '';
    const choices = [...new Set([...(layer.crs ? [layer.crs] : []), ...CRS_CHOICES])];
    const options = [{ value: '', label: ti('crsUnknown') }, ...choices.map((c) => ({ value: c, label: c }))];
    return h(
      'label',
      { className: 'iw-field' },
      h('span', {}, ti('crsLabel'), ' ', h('small', {}, layer.crs ? ti('crsDetected', { crs: layer.crs }) : ti('crsUnknown'))),
      this.select(`crs-${layer.layer}`, options, chosen, (value) => {
        const entry = this.manifestLayer(layer);
        if (value === '') delete entry.crs;
        else entry.crs = value;
        void this.check();
      }),
    );
  }

  private renderEncoding(layer: LayerPreview): HTMLElement {
    const chosen = this.manifest.layers?.[layer.layer]?.encoding ?? layer.encoding ?? 'UTF-8';
    const choices = [...new Set([...(layer.encoding ? [layer.encoding] : []), ...ENCODING_CHOICES])];
    return h(
      'label',
      { className: 'iw-field' },
      h('span', {}, ti('encodingLabel')),
      this.select(
        `encoding-${layer.layer}`,
        choices.map((c) => ({ value: c, label: c })),
        chosen,
        (value) => {
          this.manifestLayer(layer).encoding = value;
          void this.check();
        },
      ),
    );
  }

  private renderMapping(layer: LayerPreview): HTMLElement {
    const ours = [...new Set([...(LAYER_FIELDS[layer.layer] ?? []), ...Object.keys(layer.mapping)])];
    const columns = [{ value: '', label: ti('noColumn') }, ...layer.fields.map((f) => ({ value: f, label: f }))];
    return h(
      'details',
      { className: 'iw-mapping', open: true },
      h('summary', {}, ti('mappingTitle')),
      h(
        'table',
        { className: 'iw-table' },
        h('thead', {}, h('tr', {}, h('th', {}, ti('ourField')), h('th', {}, ti('sourceColumn')))),
        h(
          'tbody',
          {},
          ours.map((field) =>
            h(
              'tr',
              {},
              h('th', { scope: 'row' }, tiMaybe(`field_${field}`, field)),
              h(
                'td',
                {},
                this.select(`map-${layer.layer}-${field}`, columns, mappedColumn(layer, field), (column) => {
                  const entry = this.manifestLayer(layer);
                  entry.fields = { ...layer.mapping, ...entry.fields };
                  if (column === '') delete entry.fields[field];
                  else entry.fields[field] = column;
                  void this.check();
                }),
              ),
            ),
          ),
        ),
      ),
    );
  }

  private renderValues(layer: LayerPreview): HTMLElement[] {
    const lists = LAYER_VALUES[layer.layer] ?? {};
    return Object.entries(lists).flatMap(([field, ourValues]) => {
      const column = mappedColumn(layer, field);
      const seen = new Set<string>(Object.keys(layer.values[field] ?? {}));
      for (const row of layer.sample) {
        const value = row[column];
        if (typeof value === 'string' || typeof value === 'number') seen.add(String(value));
      }
      // Values already ours need no mapping.
      const source = [...seen].filter((v) => !ourValues.includes(v));
      if (source.length === 0) return [];
      const options = [{ value: '', label: '–' }, ...ourValues.map((v) => ({ value: v, label: tiMaybe(`value_${v}`, v) }))];
      return [
        h(
          'details',
          { className: 'iw-values', open: true },
          h('summary', {}, ti('valuesTitle', { field: tiMaybe(`field_${field}`, field) })),
          h(
            'table',
            { className: 'iw-table' },
            h('thead', {}, h('tr', {}, h('th', {}, ti('sourceValue')), h('th', {}, ti('ourValue')))),
            h(
              'tbody',
              {},
              source.map((value) =>
                h(
                  'tr',
                  {},
                  h('th', { scope: 'row' }, value),
                  h(
                    'td',
                    {},
                    this.select(`value-${layer.layer}-${field}-${value}`, options, layer.values[field]?.[value] ?? '', (ours) => {
                      const entry = this.manifestLayer(layer);
                      entry.values = { ...layer.values, ...entry.values };
                      const map = { ...(entry.values[field] ?? {}) };
                      if (ours === '') delete map[value];
                      else map[value] = ours;
                      entry.values[field] = map;
                      void this.check();
                    }),
                  ),
                ),
              ),
            ),
          ),
        ),
      ];
    });
  }

  private renderSample(layer: LayerPreview): HTMLElement {
    const rows = layer.sample.slice(0, SAMPLE_ROWS);
    const columns = layer.fields.length > 0 ? layer.fields : [...new Set(rows.flatMap((r) => Object.keys(r)))];
    const cell = (value: unknown): string => {
      if (value === null || value === undefined) return '';
      if (typeof value === 'string') return value;
      if (typeof value === 'number' || typeof value === 'boolean') return String(value);
      return JSON.stringify(value);
    };
    return h(
      'details',
      { className: 'iw-sample' },
      h('summary', {}, ti('sampleTitle')),
      rows.length === 0
        ? h('p', {}, ti('noSample'))
        : h(
            'div',
            { className: 'iw-scroll' },
            h(
              'table',
              { className: 'iw-table' },
              h(
                'thead',
                {},
                h(
                  'tr',
                  {},
                  columns.map((c) => h('th', {}, c)),
                ),
              ),
              h(
                'tbody',
                {},
                rows.map((row) =>
                  h(
                    'tr',
                    {},
                    columns.map((c) => h('td', {}, cell(row[c]))),
                  ),
                ),
              ),
            ),
          ),
    );
  }

  private renderProblems(): HTMLElement {
    const count = this.problems.length;
    return h(
      'section',
      {
        className: `iw-card iw-problems ${count > 0 ? 'has-problems' : 'is-clean'}`,
        id: 'import-problems',
        'aria-labelledby': 'iw-problems-title',
      },
      h('h2', { id: 'iw-problems-title' }, ti('problemsTitle')),
      h('p', {}, count === 0 ? ti('problemsNone') : ti('problemsCount', { n: count })),
      count === 0
        ? null
        : h(
            'table',
            { className: 'iw-table' },
            h(
              'thead',
              {},
              h(
                'tr',
                {},
                h('th', {}, ti('problemFile')),
                h('th', {}, ti('problemRow')),
                h('th', {}, ti('problemColumn')),
                h('th', {}, ti('problemMessage')),
              ),
            ),
            h(
              'tbody',
              {},
              this.problems.map((p) =>
                h(
                  'tr',
                  {},
                  h('td', {}, p.file),
                  h('td', {}, p.row === undefined ? '' : formatInteger(p.row)),
                  h('td', {}, p.column ?? ''),
                  h('td', {}, p.message),
                ),
              ),
            ),
          ),
    );
  }

  private renderCommit(preview: ImportPreview): HTMLElement {
    const button = h(
      'button',
      { type: 'button', id: 'import-commit', className: 'button button-primary', disabled: this.busy !== null || this.problems.length > 0 },
      this.busy === 'commit' ? ti('importing') : ti('importButton'),
    );
    button.addEventListener('click', () => void this.commit());
    return h(
      'section',
      { className: 'iw-card iw-commit' },
      this.busy === 'commit' ? this.renderProgress(this.committing) : null,
      h(
        'div',
        { className: 'iw-commit-actions' },
        button,
        h(
          'a',
          { className: 'button', id: 'import-manifest', href: manifestUrl(preview.id), download: 'manifest.json' },
          ti('downloadManifest'),
        ),
      ),
      h('p', { className: 'iw-sub' }, ti('manifestHint')),
    );
  }

  /**
   * The stages of the import, ticked as the import job reports them (null: no figure yet, the bar moves
   * without one); at the end every stage is ticked.
   */
  private renderProgress(done: number | null): HTMLElement {
    return h(
      'div',
      { className: 'iw-progress', id: 'import-progress' },
      h('div', {
        className: `iw-bar ${done === null ? 'is-running' : ''}`,
        role: 'progressbar',
        'aria-valuemin': 0,
        'aria-valuemax': STAGES.length,
        ...(done === null ? {} : { 'aria-valuenow': done }),
        style: `--done: ${done === null ? 0 : done / STAGES.length}`,
      }),
      h(
        'ol',
        { className: 'iw-stages' },
        STAGES.map((stage, i) => h('li', { className: done !== null && i < done ? 'is-done' : '' }, ti(`stage_${stage}`))),
      ),
    );
  }

  private renderDone(result: CommitResult): HTMLElement {
    const name = typeof this.manifest.name === 'string' ? this.manifest.name : result.jurisdictionId;
    const counts = Object.fromEntries(
      ['townships', 'facilities', 'populationUnits', 'roads', 'projects'].map((k) => [k, formatInteger(result.counts[k] ?? 0)]),
    );
    return h(
      'section',
      { className: 'iw-card iw-done', id: 'import-done' },
      this.renderSteps(),
      this.renderProgress(STAGES.length),
      h('h2', {}, ti('importDone', { name, version: result.dataVersion })),
      h('p', {}, ti('importCounts', counts)),
      h(
        'div',
        { className: 'iw-commit-actions' },
        h(
          'a',
          { className: 'button button-primary', id: 'import-open-map', href: `./?j=${encodeURIComponent(result.jurisdictionId)}` },
          ti('openMap'),
        ),
        this.preview
          ? h(
              'a',
              { className: 'button', id: 'import-manifest', href: manifestUrl(this.preview.id), download: 'manifest.json' },
              ti('downloadManifest'),
            )
          : null,
      ),
      h('p', { className: 'iw-sub' }, ti('manifestHint')),
    );
  }
}

/** An error as the user reads it: the server's message (already in the page's language) and each issue. */
function describe(error: unknown): string {
  if (error instanceof RequestError) return [error.message, ...error.issues.map((i) => `${i.path}: ${i.message}`)].join('；');
  return error instanceof Error ? error.message : String(error);
}

/** The source column our property `field` is read from: the mapping's, else a column of the same name (DATA_FORMAT: unnamed columns keep their name). */
function mappedColumn(layer: LayerPreview, field: string): string {
  return layer.mapping[field] ?? (layer.fields.includes(field) ? field : '');
}
