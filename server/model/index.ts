/**
 * Types shared by import, db and engine: the plain data of a jurisdiction (townships, facilities,
 * population units, roads, profiles) and texts in both languages. Depends on nothing of ours.
 */
export * from './bilingual.js';
export * from './types.js';
export * from './limits.js';
export * from './package-schema.js';
export * from './messages.js';
export * from './number-text.js';
