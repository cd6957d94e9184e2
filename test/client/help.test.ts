/**
 * The in-app help (client/help/, issue #17): every entry is written in both languages, each in its own
 * language (no English prose inside Chinese beyond names and acronyms, no Chinese inside English), with
 * the same placeholders; every indicator a built-in profile sets a target or rule for, and every
 * indicator POLICY.md lists, has a definition; and every profile's targets and rules cite a policy
 * document the help can name.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { documentsCitedBy, POLICY_DOCUMENTS } from '../../client/help/documents.js';
import { HELP_INDICATORS, helpIndicator } from '../../client/help/indicators.js';
import { helpCatalogues } from '../../client/help/messages.js';
import { policySources } from '../../client/help/render.js';
import { HELP_TOPICS, type HelpTopicId } from '../../client/help/topics/index.js';
import type { Bilingual } from '../../client/help/types.js';

const ROOT = join(import.meta.dirname, '../..');
const PROFILE_DIR = join(ROOT, 'data/profiles');

/** Latin words a Chinese help text may carry: names of formats, systems and methods written in Latin letters in Chinese documents too. */
const ALLOWED_IN_ZH = new Set(
  [
    'max',
    'E2SFCA',
    'WGS84',
    'GCJ',
    'BD',
    'CGCS2000',
    'EPSG',
    'CSV',
    'Excel',
    'Shapefile',
    'GeoPackage',
    'KML',
    'OpenStreetMap',
    'A4',
    'A3',
  ].map((word) => word.toLowerCase()),
);
const CJK = /[\u3400-\u9fff\uf900-\ufaff\u3000-\u303f\uff01-\uff60]/;

function latinWords(text: string): string[] {
  return (text.replace(/\{\w+\}/g, '').match(/[A-Za-z][A-Za-z0-9]+/g) ?? []).filter((word) => !ALLOWED_IN_ZH.has(word.toLowerCase()));
}
const placeholders = (text: string) => (text.match(/\{\w+\}/g) ?? []).sort().join();

/** Every text of the help as [where, text in both languages]. */
function helpTexts(): [string, Bilingual][] {
  const texts: [string, Bilingual][] = [];
  for (const topic of HELP_TOPICS) {
    texts.push([`${topic.id}.title`, topic.title], [`${topic.id}.purpose`, topic.purpose]);
    topic.steps.forEach((step, i) => texts.push([`${topic.id}.steps[${i}]`, step]));
    topic.figures.forEach((figure, i) =>
      texts.push([`${topic.id}.figures[${i}].name`, figure.name], [`${topic.id}.figures[${i}].definition`, figure.definition]),
    );
    topic.notes?.forEach((note, i) => texts.push([`${topic.id}.notes[${i}]`, note]));
  }
  for (const indicator of HELP_INDICATORS) {
    texts.push([`${indicator.id}.name`, indicator.name], [`${indicator.id}.definition`, indicator.definition]);
    for (const [seed, reference] of Object.entries(indicator.references)) texts.push([`${indicator.id}.references.${seed}`, reference!]);
  }
  for (const document of POLICY_DOCUMENTS) {
    texts.push([`${document.seed}.title`, document.title], [`${document.seed}.issuer`, document.issuer]);
    if (document.number) texts.push([`${document.seed}.number`, document.number]);
  }
  for (const key of Object.keys(helpCatalogues.zh) as (keyof typeof helpCatalogues.zh)[]) {
    texts.push([`messages.${key}`, { zh: helpCatalogues.zh[key], en: helpCatalogues.en[key] }]);
  }
  return texts;
}

interface ProfileFile {
  id: string;
  source?: string;
  targets: Record<string, unknown>;
  comparisons?: Record<string, unknown>;
  units?: Record<string, unknown>;
  rules?: { id: string; source: string }[];
}
const profiles: ProfileFile[] = readdirSync(PROFILE_DIR)
  .filter((file) => file.endsWith('.json'))
  .map((file) => JSON.parse(readFileSync(join(PROFILE_DIR, file), 'utf8')) as ProfileFile);

describe('the help texts', () => {
  const texts = helpTexts();

  it('cover every topic, indicator, document and message', () => {
    expect(texts.length).toBeGreaterThan(150);
    expect(profiles.length).toBeGreaterThanOrEqual(2);
  });

  it('have both languages, none empty', () => {
    expect(texts.filter(([, text]) => !text.zh.trim() || !text.en.trim()).map(([where]) => where)).toEqual([]);
  });

  it('use the same placeholders in both languages', () => {
    expect(texts.filter(([, text]) => placeholders(text.zh) !== placeholders(text.en)).map(([where]) => where)).toEqual([]);
  });

  it('write Chinese without English words (names of formats and methods aside)', () => {
    const offending = texts
      .map(([where, text]) => [where, latinWords(text.zh)] as const)
      .filter(([, words]) => words.length > 0)
      .map(([where, words]) => `${where}: ${words.join(' ')}`);
    expect(offending).toEqual([]);
  });

  it('write English without Chinese characters', () => {
    expect(texts.filter(([, text]) => CJK.test(text.en)).map(([where, text]) => `${where}: ${text.en}`)).toEqual([]);
  });

  it('write the Chinese texts in Chinese', () => {
    expect(texts.filter(([, text]) => !CJK.test(text.zh) && /[A-Za-z]{3}/.test(text.zh)).map(([where]) => where)).toEqual([]);
  });
});

describe('the help topics', () => {
  it('have distinct ids, one per panel named in the issue', () => {
    const ids = HELP_TOPICS.map((topic) => topic.id);
    expect(new Set(ids).size).toBe(ids.length);
    const expected: HelpTopicId[] = [
      'map',
      'overview',
      'townships',
      'project-check',
      'whatif',
      'suggestions',
      'schedule',
      'trajectory',
      'dashboard',
      'registry',
      'population',
      'rollup',
      'import',
      'admin',
    ];
    expect(ids.sort()).toEqual([...expected].sort());
  });

  it('define every figure they show, and name only indicators the help defines', () => {
    for (const topic of HELP_TOPICS) {
      expect(topic.figures.length, topic.id).toBeGreaterThan(0);
      expect(topic.steps.length, topic.id).toBeGreaterThan(0);
      for (const figure of topic.figures)
        if (figure.indicator) expect(helpIndicator(figure.indicator), `${topic.id}: ${figure.indicator}`).toBeDefined();
    }
  });

  it('explain every suggestion mode and the proof of optimality', () => {
    const suggestions = HELP_TOPICS.find((topic) => topic.id === 'suggestions')!;
    const names = suggestions.figures.map((figure) => figure.name.en).join(' | ');
    for (const mode of [
      'Maximal covering',
      'Minimum sites',
      'Capacitated covering',
      'Least total walking distance',
      'Smallest slot gap',
      'bound / gap',
    ]) {
      expect(names).toContain(mode);
    }
  });
});

describe('the indicator definitions', () => {
  it('define every indicator and rule a built-in profile sets', () => {
    const ids = new Set(
      profiles.flatMap((profile) => [
        ...Object.keys(profile.targets),
        ...Object.keys(profile.comparisons ?? {}),
        ...Object.keys(profile.units ?? {}),
        ...(profile.rules ?? []).map((rule) => rule.id),
      ]),
    );
    expect(ids.size).toBeGreaterThan(5);
    expect([...ids].filter((id) => !helpIndicator(id))).toEqual([]);
  });

  it('define every indicator POLICY.md lists', () => {
    const policy = readFileSync(join(ROOT, '../shared/POLICY.md'), 'utf8');
    const ids = [...policy.matchAll(/^\| `([a-z0-9_]+)` \|/gm)].map((match) => match[1]!);
    expect(ids).toContain('slots_per_1000');
    expect(ids.filter((id) => !helpIndicator(id))).toEqual([]);
  });

  it('cite only known policy documents', () => {
    const seeds = new Set(POLICY_DOCUMENTS.map((document) => document.seed));
    for (const indicator of HELP_INDICATORS)
      for (const seed of Object.keys(indicator.references)) expect(seeds.has(seed), `${indicator.id}: ${seed}`).toBe(true);
  });
});

describe('the built-in profiles', () => {
  it('cite a policy document the help names, for their targets and every rule', () => {
    for (const profile of profiles) {
      expect(documentsCitedBy(profile.source).length, profile.id).toBe(1);
      for (const rule of profile.rules ?? []) expect(documentsCitedBy(rule.source).length, `${profile.id}: ${rule.id}`).toBe(1);
    }
  });

  it('have a reference in their document for every indicator with a target', () => {
    for (const profile of profiles) {
      const [document] = documentsCitedBy(profile.source);
      const missing = Object.keys(profile.targets).filter((id) => !helpIndicator(id)?.references[document!.seed]);
      expect(missing, profile.id).toEqual([]);
    }
  });
});

describe('the policy source the help names for a target', () => {
  const profile = (id: string) => {
    const file = profiles.find((candidate) => candidate.id === id)!;
    return {
      targets: file.targets as Record<string, Record<string, number>>,
      rules: (file.rules ?? []).map((rule) => ({ ...rule, kind: '' })),
      source: file.source ?? null,
    };
  };
  const seedsOf = (indicator: string, profileId: string) =>
    policySources(helpIndicator(indicator)!, profile(profileId)).documents.map((document) => document.seed.slice(0, 3));

  it('is the viewed profile’s own plan, for its targets and its rules', () => {
    expect(seedsOf('slots_per_1000', 'ouhai')).toEqual(['000']);
    expect(seedsOf('slots_per_1000', 'shengzhou')).toEqual(['002']);
    expect(seedsOf('new_community_10_per_1000', 'ouhai')).toEqual(['000']);
    expect(seedsOf('new_residential_area_facility', 'shengzhou')).toEqual(['002']);
  });

  it('is never another city’s plan for an indicator the profile sets nothing for', () => {
    expect(seedsOf('new_community_10_per_1000', 'shengzhou')).toEqual([]);
    expect(seedsOf('graded_institution_rate', 'ouhai')).toEqual([]);
  });

  it('is the stating document for a rule applied everywhere', () => {
    expect(seedsOf('employer_welfare', 'ouhai')).toEqual(['003']);
    expect(seedsOf('employer_welfare', 'shengzhou')).toEqual(['003']);
  });

  it('is the profile’s own text when it cites no known document', () => {
    const own = { targets: { slots_per_1000: { '2025': 5 } }, rules: [], source: '本县托育规划（2024）' };
    expect(policySources(helpIndicator('slots_per_1000')!, own)).toEqual({ documents: [], unknown: '本县托育规划（2024）' });
  });
});
