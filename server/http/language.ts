/**
 * The language a person reads the answer in: `Accept-Language` chooses between Chinese (the default,
 * also when the header is absent) and English. Only texts for people follow it (error `message`s and
 * validation issues); machine-readable `code`s and `path`s never change.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request, RequestHandler } from 'express';
import type { Bilingual, Language } from '../model/index.js';
import { readLanguageFrom } from '../model/messages.js';

export const LANGUAGES: readonly Language[] = ['zh', 'en'];

/** `zh` unless the client prefers English (`Accept-Language: en-GB,en;q=0.9` → `en`). */
export function requestLanguage(req: Pick<Request, 'acceptsLanguages'>): Language {
  const best = req.acceptsLanguages(...LANGUAGES);
  return best === 'en' ? 'en' : 'zh';
}

/** A message in `language`; a plain string is the same in both. */
export function inLanguage(message: string | Bilingual, language: Language): string {
  return typeof message === 'string' ? message : message[language];
}

const requestLanguages = new AsyncLocalStorage<Language>();
readLanguageFrom(() => requestLanguages.getStore() ?? 'zh');

/**
 * Runs the rest of the request with its language as the schemas' language source, so messages a schema
 * writes itself (server/model/messages.ts) are in the reader's language too.
 */
export const languageContext: RequestHandler = (req, _res, next) => {
  requestLanguages.run(requestLanguage(req), next);
};
