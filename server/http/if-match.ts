/**
 * Optimistic concurrency: a write names the version it is based on, as a body or query field or as
 * an If-Match header (`"3"`, `W/"3"` or `3`), and both must agree when both are given. Scenarios
 * and facility records share these rules.
 */
import { MAX_DATABASE_INTEGER } from '../model/index.js';
import { badRequest, bilingual, type Bilingual } from './errors.js';

/** The version in an If-Match header; undefined without the header. `record` names what it versions (方案/scenario). */
export function ifMatchVersion(header: string | undefined, record: Bilingual): number | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*(?:W\/)?"?(\d{1,10})"?\s*$/.exec(header);
  const version = match ? Number(match[1]) : NaN;
  if (!(version >= 1 && version <= MAX_DATABASE_INTEGER)) {
    throw badRequest(
      bilingual(`If-Match 请求头应为${record.zh}的版本号，例如 "3"`, `If-Match must hold the ${record.en} version, e.g. "3"`),
      [{ path: 'headers.if-match', message: bilingual('应为版本号，例如 "3"', 'must be a version such as "3"') }],
    );
  }
  return version;
}

/**
 * The version a write is based on: `given` (the request's `field`, e.g. "body.version") or the
 * If-Match header; undefined when neither is sent. 400 when they name different versions.
 */
export function baseVersion(given: number | undefined, header: string | undefined, field: string, record: Bilingual): number | undefined {
  const fromHeader = ifMatchVersion(header, record);
  if (given !== undefined && fromHeader !== undefined && given !== fromHeader) {
    throw badRequest(bilingual(`${field} 与 If-Match 给出的版本号不一致`, `${field} and If-Match name different versions`), [
      { path: field, message: bilingual(`为 ${given}，而 If-Match 为 ${fromHeader}`, `is ${given} but If-Match is ${fromHeader}`) },
    ]);
  }
  return given ?? fromHeader;
}
