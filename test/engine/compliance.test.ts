import { describe, expect, it } from 'vitest';
import { checkCompliance } from '../../server/engine/compliance/index.js';
import { policyDefaults } from '../fixtures/parameters.js';

const parameters = policyDefaults();

describe('checkCompliance', () => {
  it('is compliant exactly at the boundary: 2,500 residents need 25 slots', () => {
    const r = checkCompliance({ population: 2500, households: null, personsPerHousehold: null, plannedSlots: 25 }, parameters);
    expect(r).toMatchObject({ population: 2500, populationSource: 'population', requiredSlots: 25, compliant: true, shortfall: 0 });
    const short = checkCompliance({ population: 2500, households: null, personsPerHousehold: null, plannedSlots: 24 }, parameters);
    expect(short).toMatchObject({ compliant: false, shortfall: 1 });
  });

  it('uses the profile’s persons per household: 400 × 2.8 = 1,120 → 12 required (tiny-town J1)', () => {
    const r = checkCompliance({ population: null, households: 400, personsPerHousehold: null, plannedSlots: 10 }, parameters);
    expect(r).toMatchObject({
      population: 1120,
      personsPerHousehold: 2.8,
      personsPerHouseholdSource: 'profile',
      requiredSlots: 12,
      compliant: false,
      shortfall: 2,
    });
  });

  it('uses the project’s own persons per household: 500 × 3.1 = 1,550 → 16 required (tiny-town J2)', () => {
    const r = checkCompliance({ population: null, households: 500, personsPerHousehold: 3.1, plannedSlots: 20 }, parameters);
    expect(r).toMatchObject({ population: 1550, personsPerHouseholdSource: 'project', requiredSlots: 16, compliant: true, shortfall: 0 });
  });

  it('rounds a fractional requirement up: 333 × 2.8 = 932.4 → 10 required; 860 → 9 (tiny-town J4)', () => {
    expect(checkCompliance({ population: null, households: 333, personsPerHousehold: null, plannedSlots: 0 }, parameters)).toMatchObject({
      population: 932.4,
      requiredSlots: 10,
      shortfall: 10,
    });
    expect(checkCompliance({ population: 860, households: null, personsPerHousehold: null, plannedSlots: 0 }, parameters)).toMatchObject({
      requiredSlots: 9,
      shortfall: 9,
    });
  });

  it('takes the standard from the profile', () => {
    const r = checkCompliance(
      { population: 1000, households: null, personsPerHousehold: null, plannedSlots: 10 },
      { ...parameters, newCommunitySlotsPer1000: 12 },
    );
    expect(r).toMatchObject({ standardSlotsPer1000: 12, requiredSlots: 12, compliant: false, shortfall: 2 });
  });
});
