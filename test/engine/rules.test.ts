/**
 * City rules as data (issue #16): the generic rule kinds judged by hand-checkable figures.
 */
import { describe, expect, it } from 'vitest';
import { evaluateFacilityRules, evaluateProjectRules, summariseProjectRules } from '../../server/engine/compliance/index.js';
import type { Facility, JurisdictionRule } from '../../server/model/index.js';

const rules: JurisdictionRule[] = [
  { kind: 'min_slots_per_1000', id: 'new10', appliesTo: ['new'], value: 10, source: 'plan A §1' },
  { kind: 'min_slots_per_1000', id: 'old3', appliesTo: ['existing'], value: 3, source: 'plan A §2' },
  { kind: 'min_floor_area_per_slot', id: 'area', value: 8, source: 'plan A §3' },
  { kind: 'facility_required', id: 'near', appliesTo: ['new', 'existing'], withinMinutes: 15, source: 'plan B' },
  { kind: 'max_slots_per_facility', id: 'family5', facilityType: 'family', value: 5, source: 'plan C' },
];

const project = { population: 1234, plannedSlots: 12, plannedFloorAreaM2: 100, nearestFacilityDistanceM: 1200, walkSpeedKmh: 4 };

describe('project rules', () => {
  it('judges a new community by the rules for new ones', () => {
    const verdicts = Object.fromEntries(evaluateProjectRules(rules, { ...project, neighbourhood: 'new' }).map((v) => [v.id, v]));
    expect(verdicts.new10).toMatchObject({ applies: true, required: 13, actual: 12, passed: false }); // ⌈12.34⌉
    expect(verdicts.old3).toMatchObject({ applies: false, passed: null });
    expect(verdicts.area).toMatchObject({ applies: true, required: 96, actual: 100, passed: true }); // 12 × 8 m²
    expect(verdicts.near).toMatchObject({ applies: true, required: 1000, passed: true }); // it plans its own slots
    expect(verdicts.new10!.message.zh).toContain('不达标');
    expect(verdicts.family5).toBeUndefined();
  });

  it('judges an existing neighbourhood by its own rate, and says when a figure is missing', () => {
    const input = { ...project, neighbourhood: 'existing' as const, plannedSlots: 0, plannedFloorAreaM2: null };
    const verdicts = Object.fromEntries(evaluateProjectRules(rules, input).map((v) => [v.id, v]));
    expect(verdicts.old3).toMatchObject({ applies: true, required: 4, actual: 0, passed: false }); // ⌈3.702⌉
    expect(verdicts.area).toMatchObject({ applies: false }); // no slots planned
    expect(verdicts.near).toMatchObject({ applies: true, actual: 1200, passed: false }); // 1,200 m > 1,000 m
    const noArea = evaluateProjectRules(rules, { ...project, neighbourhood: 'new', plannedFloorAreaM2: null }).find(
      (v) => v.id === 'area',
    )!;
    expect(noArea.passed).toBeNull();
    expect(noArea.message.en).toContain('not judged');
  });

  it('summarises project rules over many projects for the dashboard', () => {
    const a = evaluateProjectRules(rules, { ...project, neighbourhood: 'new', plannedSlots: 13, plannedFloorAreaM2: null });
    const b = evaluateProjectRules(rules, { ...project, neighbourhood: 'new' });
    const line = summariseProjectRules(rules, [a, b]).find((v) => v.id === 'new10')!;
    expect(line).toMatchObject({ applies: true, required: 2, actual: 1, passed: false });
  });
});

describe('facility rules', () => {
  const facility = (id: string, type: Facility['type'], slots: number) => ({ id, name: id, type, slots }) as Facility;
  it('lists the facilities above their type’s cap', () => {
    const [cap] = evaluateFacilityRules(rules, [facility('a', 'family', 5), facility('b', 'family', 8), facility('c', 'community', 80)]);
    expect(cap).toMatchObject({
      id: 'family5',
      applies: true,
      passed: false,
      required: 5,
      actual: 8,
      violations: [{ id: 'b', name: 'b', slots: 8 }],
    });
    expect(evaluateFacilityRules(rules, [facility('c', 'community', 80)])[0]).toMatchObject({ applies: false, passed: null });
    expect(evaluateFacilityRules(undefined, [])).toEqual([]);
  });
});
