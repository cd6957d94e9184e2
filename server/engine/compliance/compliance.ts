/**
 * New-community compliance (新建社区每千人10个以上托位), exactly as DATA_FORMAT.md defines it:
 * population = `population`, else `households` × `personsPerHousehold` (the project's value, else the
 * profile's); required slots = ⌈population × standard ÷ 1000⌉; compliant when planned ≥ required;
 * shortfall = required − planned when positive.
 */
import { exactCeilOfProduct } from '../figures/index.js';
import type { PlanningParameters } from '../../model/index.js';

export interface ComplianceInput {
  /** Residents the project will house; exactly one of population and households is given. */
  population: number | null;
  households: number | null;
  /** The project's own persons per household; null uses the profile's. */
  personsPerHousehold: number | null;
  plannedSlots: number;
}

export interface ComplianceResult {
  population: number;
  /** Which input the population came from. */
  populationSource: 'population' | 'households';
  households: number | null;
  /** Persons per household used (null when the population was given directly). */
  personsPerHousehold: number | null;
  personsPerHouseholdSource: 'project' | 'profile' | null;
  /** Required slots per 1,000 residents (the profile's `newCommunitySlotsPer1000`). */
  standardSlotsPer1000: number;
  requiredSlots: number;
  plannedSlots: number;
  compliant: boolean;
  /** Slots missing to comply; 0 when compliant. */
  shortfall: number;
}

/** Round away float noise of a decimal product (400 × 2.8), keeping 6 decimals. */
const clean = (x: number): number => Math.round(x * 1e6) / 1e6;

export function checkCompliance(input: ComplianceInput, parameters: PlanningParameters): ComplianceResult {
  const standard = parameters.newCommunitySlotsPer1000;
  let population: number;
  let requiredSlots: number;
  let personsPerHousehold: number | null = null;
  let personsPerHouseholdSource: ComplianceResult['personsPerHouseholdSource'] = null;
  let populationSource: ComplianceResult['populationSource'];
  if (input.population !== null) {
    population = input.population;
    populationSource = 'population';
    requiredSlots = exactCeilOfProduct([population, standard], 1000);
  } else if (input.households !== null) {
    personsPerHousehold = input.personsPerHousehold ?? parameters.personsPerHousehold;
    personsPerHouseholdSource = input.personsPerHousehold !== null ? 'project' : 'profile';
    population = clean(input.households * personsPerHousehold);
    populationSource = 'households';
    // From the exact factors, so 333 households × 2.8 = 932.4 residents needs ⌈9.324⌉ = 10 slots.
    requiredSlots = exactCeilOfProduct([input.households, personsPerHousehold, standard], 1000);
  } else {
    throw new RangeError('a residential project needs its population or its households');
  }
  const shortfall = Math.max(0, requiredSlots - input.plannedSlots);
  return {
    population,
    populationSource,
    households: input.households,
    personsPerHousehold,
    personsPerHouseholdSource,
    standardSlotsPer1000: standard,
    requiredSlots,
    plannedSlots: input.plannedSlots,
    compliant: shortfall === 0,
    shortfall,
  };
}
