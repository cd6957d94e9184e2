/**
 * The language the command-line tools speak: `TUOWEI_LANG`, else `LANG` — a value starting with `zh`
 * (`zh_CN.UTF-8`, `zh-TW`) → Chinese, anything else or nothing → English (a terminal without a Chinese
 * locale may not show Chinese). Importing this module installs it as the schemas' language source, so
 * package problems and zod's own messages come in that language. (The CLIs' own lines are English.)
 */
import type { Language } from '../model/index.js';
import { readLanguageFrom } from '../model/messages.js';

/** `zh` when TUOWEI_LANG (or, without it, LANG) starts with "zh"; else `en`. */
export function cliLanguage(env: Record<string, string | undefined> = process.env): Language {
  const setting = env.TUOWEI_LANG?.trim() || env.LANG?.trim() || '';
  return /^zh/i.test(setting) ? 'zh' : 'en';
}

export const language: Language = cliLanguage();
readLanguageFrom(() => language);
