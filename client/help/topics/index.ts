/** Every help topic, in the order help.html lists them (map page, dashboard, import, admin). */
import type { HelpTopic } from '../types';
import { adminTopic } from './admin';
import { dashboardTopic } from './dashboard';
import { importTopic } from './import';
import { mapTopic } from './map';
import { overviewTopic } from './overview';
import { projectCheckTopic } from './project-check';
import { populationTopic } from './population';
import { registryTopic } from './registry';
import { rollupTopic } from './rollup';
import { scheduleTopic } from './schedule';
import { suggestionsTopic } from './suggestions';
import { townshipsTopic } from './townships';
import { trajectoryTopic } from './trajectory';
import { whatIfTopic } from './whatif';

export const HELP_TOPICS: readonly HelpTopic[] = [
  mapTopic,
  overviewTopic,
  townshipsTopic,
  projectCheckTopic,
  whatIfTopic,
  suggestionsTopic,
  scheduleTopic,
  trajectoryTopic,
  dashboardTopic,
  registryTopic,
  populationTopic,
  rollupTopic,
  importTopic,
  adminTopic,
];

export type HelpTopicId =
  | 'map'
  | 'overview'
  | 'townships'
  | 'project-check'
  | 'whatif'
  | 'suggestions'
  | 'schedule'
  | 'trajectory'
  | 'dashboard'
  | 'registry'
  | 'population'
  | 'rollup'
  | 'import'
  | 'admin';

export function helpTopic(id: HelpTopicId): HelpTopic {
  const topic = HELP_TOPICS.find((candidate) => candidate.id === id);
  if (!topic) throw new Error(`no help topic ${id}`);
  return topic;
}
