/**
 * The in-app help as data: one topic per panel, each with what the panel is for, what to do, and the
 * definition of every figure it shows, in Chinese and English. Definitions follow the data format's
 * normative definitions (DATA_FORMAT.md) and the policy reference (POLICY.md); a figure that has a
 * target names its indicator, and the help shows that target and its policy source from the profile
 * of the jurisdiction being viewed, never a number written here.
 *
 * Texts may carry placeholders filled from the profile's planning parameters (../help/render.ts
 * `parameterValues`): {walkSpeedKmh}, {metres15}, {maxSnapMeters}, {detourFactor},
 * {personsPerHousehold}, {newCommunitySlotsPer1000}, {healthCenterMinPopulation}, {thresholds}.
 */

/** A text in both languages. */
export interface Bilingual {
  zh: string;
  en: string;
}

/** Writes a text in both languages (Chinese first, as the pages default to it). */
export function b(zh: string, en: string): Bilingual {
  return { zh, en };
}

/** The page a panel lives on (its help is opened there; help.html lists them all). */
export type HelpPage = 'map' | 'dashboard' | 'import' | 'admin';

export interface HelpFigure {
  name: Bilingual;
  definition: Bilingual;
  /** The indicator whose target (for the viewed year) and policy source the help shows beside it. */
  indicator?: string;
}

export interface HelpTopic {
  /** Anchor on help.html and the key a panel's help button opens. */
  id: string;
  page: HelpPage;
  title: Bilingual;
  /** What the panel is for. */
  purpose: Bilingual;
  /** What to do, step by step. */
  steps: Bilingual[];
  /** Every figure the panel shows, defined. */
  figures: HelpFigure[];
  /** Remarks: caveats, where the numbers come from. */
  notes?: Bilingual[];
}

/** An indicator of POLICY.md (or a city rule of a profile), defined once for every panel that shows it. */
export interface HelpIndicator {
  id: string;
  name: Bilingual;
  definition: Bilingual;
  /**
   * Where in each policy document the indicator and its targets are stated (POLICY.md "source"
   * column), by the document's seed id (documents.ts); shown when the viewed profile cites that document.
   */
  references: Partial<Record<string, Bilingual>>;
  /** A rule the service applies to every jurisdiction from the documents it references, whatever the profile (employer welfare). */
  appliesEverywhere?: boolean;
}

/** A policy document targets come from (a file under shared/seeds/). */
export interface PolicyDocument {
  /** The seed file's stem, e.g. "000_04f2ab49c84bc8e5", as profile sources cite it. */
  seed: string;
  title: Bilingual;
  issuer: Bilingual;
  /** Document number (文号), when the document carries one. */
  number: Bilingual | null;
  /** Year of issue. */
  year: number;
}
