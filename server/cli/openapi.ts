/**
 * Writes the OpenAPI document (the one `/api/openapi.json` serves) to a file or stdout, without a
 * database or a server: `npm run openapi -- dist/openapi.json`. The OpenAPI lint and the client's
 * generated types read it.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { buildOpenApiDocument } from '../http/openapi.js';
import { routes } from '../http/routes/index.js';

const out = process.argv[2];
const text = `${JSON.stringify(buildOpenApiDocument(routes), null, 2)}\n`;
if (out) {
  mkdirSync(path.dirname(out), { recursive: true });
  writeFileSync(out, text);
} else {
  process.stdout.write(text);
}
