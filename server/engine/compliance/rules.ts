/**
 * A city's rules as data (profile `rules`, model/types.ts JurisdictionRule): the engine knows only the
 * generic kinds below; which rules apply, their numbers and their sources are the profile's.
 *
 * - `min_slots_per_1000`: a residential project of the kinds named (`new`, `existing`) plans at least
 *   ⌈residents × value ÷ 1000⌉ slots.
 * - `min_floor_area_per_slot`: the planned facility's floor area ≥ value m² per planned slot (judged only
 *   when the floor area is given).
 * - `facility_required`: a residential project of the kinds named has an operating facility within
 *   `withinMinutes` walking.
 * - `max_slots_per_facility`: no operating facility of `facilityType` holds more than `value` slots.
 */
import { bilingual, type Bilingual, type Facility, type JurisdictionRule } from '../../model/index.js';
import { exactCeilOfProduct } from '../figures/index.js';

export interface RuleVerdict {
  id: string;
  kind: JurisdictionRule['kind'];
  source: string;
  /** False when the rule does not concern this project (another kind of neighbourhood) or facility set. */
  applies: boolean;
  /** null when the rule applies but the input lacks the figure it judges (floor area not given). */
  passed: boolean | null;
  /** What the rule requires (slots, m², metres, slots per facility); null when it does not apply. */
  required: number | null;
  /** What the project or facilities have; null when unknown. */
  actual: number | null;
  message: Bilingual;
  /** max_slots_per_facility: the facilities above the cap. */
  violations?: { id: string; name: string; slots: number }[];
}

export interface ProjectRuleInput {
  /** `new`: a proposed or approved community; `existing`: a built neighbourhood. */
  neighbourhood: 'new' | 'existing';
  population: number;
  plannedSlots: number;
  /** Floor area of the planned childcare facility in m²; null when not given. */
  plannedFloorAreaM2: number | null;
  /** Walking distance in metres to the nearest operating facility; null when none within the search limit. */
  nearestFacilityDistanceM: number | null;
  walkSpeedKmh: number;
}

const neighbourhoodZh = { new: '新建社区', existing: '既有小区' } as const;

/** The verdict of every project rule of the profile on one residential project. */
export function evaluateProjectRules(rules: readonly JurisdictionRule[] | undefined, input: ProjectRuleInput): RuleVerdict[] {
  const verdicts: RuleVerdict[] = [];
  for (const rule of rules ?? []) {
    const base = { id: rule.id, kind: rule.kind, source: rule.source };
    switch (rule.kind) {
      case 'min_slots_per_1000': {
        if (!rule.appliesTo.includes(input.neighbourhood)) {
          verdicts.push({ ...base, applies: false, passed: null, required: null, actual: null, message: notFor(input.neighbourhood) });
          break;
        }
        const required = exactCeilOfProduct([input.population, rule.value], 1000);
        const passed = input.plannedSlots >= required;
        verdicts.push({
          ...base,
          applies: true,
          passed,
          required,
          actual: input.plannedSlots,
          message: bilingual(
            `${neighbourhoodZh[input.neighbourhood]}每千人不少于 ${rule.value} 个托位：需 ${required} 个，规划 ${input.plannedSlots} 个${passed ? '，达标' : '，不达标'}`,
            `at least ${rule.value} slots per 1,000 residents: ${required} required, ${input.plannedSlots} planned — ${passed ? 'met' : 'not met'}`,
          ),
        });
        break;
      }
      case 'min_floor_area_per_slot': {
        if (input.plannedSlots === 0) {
          verdicts.push({
            ...base,
            applies: false,
            passed: null,
            required: null,
            actual: null,
            message: bilingual('未规划托位，不适用', 'no slots planned: does not apply'),
          });
          break;
        }
        const required = input.plannedSlots * rule.value;
        const area = input.plannedFloorAreaM2;
        const passed = area === null ? null : area >= required;
        verdicts.push({
          ...base,
          applies: true,
          passed,
          required,
          actual: area,
          message:
            area === null
              ? bilingual(
                  `每个托位建筑面积不少于 ${rule.value} 平方米：需 ${required} 平方米；未给出建筑面积，无法判断`,
                  `at least ${rule.value} m² of floor area per slot: ${required} m² required; no floor area given, so not judged`,
                )
              : bilingual(
                  `每个托位建筑面积不少于 ${rule.value} 平方米：需 ${required} 平方米，规划 ${area} 平方米${passed ? '，达标' : '，不达标'}`,
                  `at least ${rule.value} m² of floor area per slot: ${required} m² required, ${area} m² planned — ${passed ? 'met' : 'not met'}`,
                ),
        });
        break;
      }
      case 'facility_required': {
        if (!rule.appliesTo.includes(input.neighbourhood)) {
          verdicts.push({ ...base, applies: false, passed: null, required: null, actual: null, message: notFor(input.neighbourhood) });
          break;
        }
        // Multiply before dividing so that round figures stay exact (4 km/h × 15 min = 1000 m).
        const required = (input.walkSpeedKmh * 1000 * rule.withinMinutes) / 60;
        const passed = input.plannedSlots > 0 || (input.nearestFacilityDistanceM !== null && input.nearestFacilityDistanceM <= required);
        verdicts.push({
          ...base,
          applies: true,
          passed,
          required,
          actual: input.plannedSlots > 0 ? 0 : input.nearestFacilityDistanceM,
          message: bilingual(
            `须配有托育机构（驿站）或在步行 ${rule.withinMinutes} 分钟（${required} 米）内有运营中的机构：${passed ? '满足' : '不满足'}`,
            `needs its own childcare facility (station) or an operating one within ${rule.withinMinutes} min on foot (${required} m): ${passed ? 'met' : 'not met'}`,
          ),
        });
        break;
      }
      case 'max_slots_per_facility':
        break; // a rule on facilities, not projects: see evaluateFacilityRules
    }
  }
  return verdicts;
}

/** The verdict of every facility rule of the profile on the facilities operating in a year. */
export function evaluateFacilityRules(rules: readonly JurisdictionRule[] | undefined, operating: readonly Facility[]): RuleVerdict[] {
  const verdicts: RuleVerdict[] = [];
  for (const rule of rules ?? []) {
    if (rule.kind !== 'max_slots_per_facility') continue;
    const ofType = operating.filter((f) => f.type === rule.facilityType);
    const violations = ofType.filter((f) => f.slots > rule.value).map((f) => ({ id: f.id, name: f.name, slots: f.slots }));
    verdicts.push({
      id: rule.id,
      kind: rule.kind,
      source: rule.source,
      applies: ofType.length > 0,
      passed: ofType.length > 0 ? violations.length === 0 : null,
      required: rule.value,
      actual: ofType.length > 0 ? Math.max(...ofType.map((f) => f.slots)) : null,
      message: bilingual(
        `${rule.facilityType} 类机构每处不超过 ${rule.value} 个托位：${ofType.length} 处中 ${violations.length} 处超出`,
        `${rule.facilityType} facilities hold at most ${rule.value} slots each: ${violations.length} of ${ofType.length} above`,
      ),
      violations,
    });
  }
  return verdicts;
}

function notFor(neighbourhood: 'new' | 'existing'): Bilingual {
  return bilingual(
    `不适用于${neighbourhoodZh[neighbourhood]}`,
    `does not apply to ${neighbourhood === 'new' ? 'new communities' : 'existing neighbourhoods'}`,
  );
}

/**
 * The dashboard's line per project rule: over the verdicts of every residential project, how many it
 * applies to and how many of those meet it (`required`: projects judged, `actual`: projects meeting it).
 */
export function summariseProjectRules(rules: readonly JurisdictionRule[] | undefined, perProject: readonly RuleVerdict[][]): RuleVerdict[] {
  return (rules ?? [])
    .filter((rule) => rule.kind !== 'max_slots_per_facility')
    .map((rule) => {
      const verdicts = perProject.map((list) => list.find((v) => v.id === rule.id)).filter((v) => v !== undefined && v.applies);
      const judged = verdicts.filter((v) => v!.passed !== null);
      const met = judged.filter((v) => v!.passed === true).length;
      return {
        id: rule.id,
        kind: rule.kind,
        source: rule.source,
        applies: verdicts.length > 0,
        passed: judged.length > 0 ? met === judged.length : null,
        required: judged.length,
        actual: met,
        message: bilingual(
          `适用 ${verdicts.length} 个住宅项目，已判断 ${judged.length} 个，其中 ${met} 个达标`,
          `applies to ${verdicts.length} residential projects; ${judged.length} judged, ${met} meet it`,
        ),
      };
    });
}
