/**
 * Answers of unchanged data, serialised once (issue #15). A cacheable route (RouteSpec.cache) names what
 * its answer depends on — one jurisdiction's data version, or every jurisdiction's — and the answer is
 * kept as bytes under the request's URL, its language and that version. The ETag is a hash of the same
 * key, so every replica gives the same ETag for the same answer, and a client that sends it back in
 * If-None-Match gets 304 without the answer being looked up at all.
 *
 * Answers of 1 KB or more are also kept gzip-compressed, compressed once (off the event loop) and sent to
 * clients whose Accept-Encoding takes gzip, under an ETag of their own (`"…-gzip"`).
 *
 * Bounded by bytes (least recently used out first): no sequence of requests grows the heap without limit.
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gzip } from 'node:zlib';
import { LRUCache } from 'lru-cache';

const gzipAsync = promisify(gzip);

/** Bytes of serialised answers kept per process (default). */
export const DEFAULT_RESPONSE_CACHE_BYTES = 64 * 1024 * 1024;
/** An answer larger than this is sent but not kept (a whole-province GeoJSON would push out everything else). */
const MAX_ENTRY_BYTES = 8 * 1024 * 1024;
/** Answers at least this large are kept gzip-compressed too; smaller ones gain less than the header costs. */
const GZIP_FROM_BYTES = 1024;

export interface CachedResponse {
  body: Buffer;
  type: string;
  /** The body gzip-compressed (level 6, in libuv's thread pool, once per entry); null when the body is small. */
  gzip: Buffer | null;
}

export class ResponseCache {
  private readonly entries: LRUCache<string, CachedResponse>;

  constructor(maxBytes = DEFAULT_RESPONSE_CACHE_BYTES) {
    this.entries = new LRUCache({ maxSize: maxBytes, sizeCalculation: (e) => e.body.length + (e.gzip?.length ?? 0) + 64 });
  }

  /** An answer as it is kept: its bytes, its media type, and its bytes gzip-compressed when that is worth it. */
  static async entry(body: Buffer, type: string): Promise<CachedResponse> {
    return { body, type, gzip: body.length >= GZIP_FROM_BYTES ? await gzipAsync(body) : null };
  }

  /** The cache key of a request: its URL (path and query), language and data version key. */
  static key(url: string, language: string, version: string): string {
    return `${version}|${language}|${url}`;
  }

  /** A strong ETag derived from the key alone, so that it is the same on every replica. */
  static etag(key: string): string {
    return `"${createHash('sha1').update(key).digest('base64url')}"`;
  }

  get(key: string): CachedResponse | undefined {
    return this.entries.get(key);
  }

  set(key: string, value: CachedResponse): void {
    if (value.body.length <= MAX_ENTRY_BYTES) this.entries.set(key, value);
  }
}

/** Whether an If-None-Match header names `etag` (a list, `*`, or weak forms of it). */
export function ifNoneMatchHits(header: string | undefined, etag: string): boolean {
  if (!header) return false;
  if (header.trim() === '*') return true;
  return header.split(',').some((tag) => tag.trim().replace(/^W\//, '') === etag);
}
