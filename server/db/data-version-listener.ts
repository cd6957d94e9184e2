/**
 * The data versions of every jurisdiction, kept in memory and kept current by PostgreSQL's
 * LISTEN/NOTIFY (server mode, issue #15): migrations/0017 announces every change of
 * `jurisdictions.data_version` on the channel `tuowei_data_version`, so a replica learns of another
 * replica's import or edit within milliseconds and answers reads of unchanged data without asking the
 * database at all.
 *
 * While the listening connection is down (start-up, a restart of PostgreSQL) `version()` answers
 * `undefined` and the caller asks the database, as the embedded mode always does; on reconnecting, the
 * listener first LISTENs and then reads every version, so no change between the two is lost.
 */
import { createHash } from 'node:crypto';
import pg from 'pg';

export const DATA_VERSION_CHANNEL = 'tuowei_data_version';
/** Wait before reconnecting after the listening connection failed, ms (doubles up to 10 s). */
const RECONNECT_MS = 250;

/** What the analysis cache asks: the current version of a jurisdiction, when known without a query. */
export interface DataVersionSource {
  /** The version; null when the jurisdiction does not exist; undefined when unknown (ask the database). */
  version(id: string): number | null | undefined;
  /** One string naming every jurisdiction's version, the same on every replica; undefined when unknown. */
  allVersionsKey(): string | undefined;
  /** One string naming the set of jurisdiction ids (not their versions); undefined when unknown. */
  idsKey(): string | undefined;
  /** This replica changed `id`: answer undefined for it until the database or a notification says more. */
  markStale(id: string): void;
  /** A version read from the database (never lowers one a notification already gave). */
  observe(id: string, version: number | null): void;
  close(): Promise<void>;
}

export class DataVersionListener implements DataVersionSource {
  private readonly versions = new Map<string, number>();
  private readonly stale = new Set<string>();
  private ready = false;
  private closed = false;
  private client: pg.Client | null = null;
  private digest: string | undefined;
  private retryMs = RECONNECT_MS;

  private constructor(
    private readonly connectionString: string,
    private readonly schema: string | null,
  ) {}

  /** Connects, LISTENs and reads every version; resolves once the versions are known. */
  static async start(connectionString: string, schema: string | null): Promise<DataVersionListener> {
    const listener = new DataVersionListener(connectionString, schema);
    await listener.connect();
    return listener;
  }

  version(id: string): number | null | undefined {
    if (!this.ready || this.stale.has(id)) return undefined;
    return this.versions.get(id) ?? null;
  }

  allVersionsKey(): string | undefined {
    if (!this.ready || this.stale.size > 0) return undefined;
    if (this.digest === undefined) {
      const entries = [...this.versions].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
      this.digest = createHash('sha1')
        .update(entries.map(([id, v]) => `${id}:${v}`).join(','))
        .digest('base64url');
    }
    return this.digest;
  }

  markStale(id: string): void {
    this.stale.add(id);
  }

  idsKey(): string | undefined {
    if (!this.ready || this.stale.size > 0) return undefined;
    this.ids ??= idsKeyOf(this.versions.keys());
    return this.ids;
  }

  private ids: string | undefined;

  observe(id: string, version: number | null): void {
    this.stale.delete(id);
    if (version === null) {
      // Gone: a later notification of a new import sets it again.
      if (this.versions.delete(id)) this.digest = undefined;
      this.ids = undefined;
      return;
    }
    const known = this.versions.get(id);
    if (known === undefined || version > known) {
      this.versions.set(id, version);
      this.digest = undefined;
      this.ids = undefined;
    }
  }

  async close(): Promise<void> {
    this.closed = true;
    this.ready = false;
    await this.client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.connectionString,
      ...(this.schema ? { options: `-c search_path="${this.schema}"` } : {}),
    });
    client.on('error', () => this.lost(client));
    client.on('end', () => this.lost(client));
    client.on('notification', (message) => this.notified(message.payload ?? ''));
    await client.connect();
    this.client = client;
    await client.query(`listen ${DATA_VERSION_CHANNEL}`);
    this.currentSchema = (await client.query<{ schema: string }>('select current_schema() as schema')).rows[0]?.schema ?? 'public';
    const { rows } = await client.query<{ id: string; data_version: number }>('select id, data_version from jurisdictions');
    this.versions.clear();
    for (const row of rows) this.versions.set(row.id, row.data_version);
    this.stale.clear();
    this.digest = undefined;
    this.ids = undefined;
    this.ready = true;
    this.retryMs = RECONNECT_MS;
  }

  private currentSchema = 'public';

  /** Payload `<schema>:<id>:<version>` (version -1: deleted); other schemas' changes are not ours. */
  private notified(payload: string): void {
    const [schema, id, version] = payload.split(':');
    if (schema !== this.currentSchema || id === undefined || version === undefined) return;
    const v = Number(version);
    this.stale.delete(id);
    if (v < 0) {
      this.versions.delete(id);
    } else {
      this.versions.set(id, v);
    }
    this.digest = undefined;
    this.ids = undefined;
  }

  private lost(client: pg.Client): void {
    if (client !== this.client) return;
    this.client = null;
    this.ready = false;
    if (this.closed) return;
    const retry = () => {
      if (this.closed) return;
      this.connect().catch(() => {
        this.client = null;
        this.retryMs = Math.min(this.retryMs * 2, 10_000);
        setTimeout(retry, this.retryMs).unref();
      });
    };
    setTimeout(retry, this.retryMs).unref();
  }
}

/** The set of ids as one short string, independent of order. */
export function idsKeyOf(ids: Iterable<string>): string {
  return createHash('sha1')
    .update([...ids].sort().join(','))
    .digest('base64url');
}
