/**
 * The least-cost schedule of openings without the DOM (client/whatif/schedule-model.ts): the request
 * from the form as typed (Chinese number input included), the answer as a year-by-year table, the
 * year colours, how sure the answer is, the sites that join the proposal; and how a proposal whose
 * changes carry years is evaluated in one year (client/whatif/proposal.ts).
 */
import { describe, expect, it } from 'vitest';
import { evaluationRequest } from '../../client/whatif/proposal.js';
import {
  SCHEDULE_DEFAULTS,
  scheduledSites,
  scheduleQuality,
  scheduleRequest,
  scheduleTable,
  targetYears,
  yearColours,
  type Schedule,
  type ScheduleForm,
} from '../../client/whatif/schedule-model.js';
import type { Change } from '../../client/whatif/types.js';

const form = (overrides: Partial<ScheduleForm> = {}): ScheduleForm => ({
  from: '2025',
  to: '2027',
  ...SCHEDULE_DEFAULTS,
  source: 'grid',
  ...overrides,
});

const opening = (year: number, township: string, slots: number, candidateIndex: number, lon = 120 + candidateIndex / 100) => ({
  year,
  candidateIndex,
  lon,
  lat: 28,
  township,
  slots,
  cost: 50 + 2 * slots,
});

function schedule(overrides: Partial<Schedule> = {}): Schedule {
  return {
    years: [2025, 2026, 2027],
    candidateSource: 'generated',
    candidateCount: 471,
    openings: [opening(2026, 'B', 40, 7), opening(2025, 'B', 60, 3), opening(2025, 'A', 30, 5), opening(2025, 'B', 90, 1)],
    perYear: [],
    totalCost: 0,
    discountedCost: 0,
    infeasible: [],
    method: 'mip',
    optimal: true,
    bound: 100,
    gap: 0,
    note: null,
    noteZh: null,
    solveSeconds: 1,
    ...overrides,
  };
}

describe('targetYears', () => {
  it('lists the years with a slots-per-1,000 target from the data year on, in order', () => {
    expect(targetYears({ '2027': 5.55, '2022': 4.3, '2025': 5.5, '2026': 5.55 }, 2025)).toEqual([2025, 2026, 2027]);
    expect(targetYears(undefined, 2025)).toEqual([]);
    expect(targetYears({ '2024': 5.2 }, 2025)).toEqual([]);
  });
});

describe('scheduleRequest', () => {
  it('builds the body from the form: every year of the span, costs, sizes, percent → fraction, the grid', () => {
    const built = scheduleRequest(form({ discountPercent: '5%', seconds: '8' }), []);
    expect(built).toEqual({
      body: {
        years: [2025, 2026, 2027],
        candidates: { spacingM: 1000 },
        costPerSite: 50,
        costPerSlot: 2,
        minSlotsPerSite: 30,
        maxSlotsPerSite: 150,
        discountRate: 0.05,
        timeLimitSeconds: 8,
      },
      candidates: null,
    });
  });

  it('reads numbers as Chinese users type them', () => {
    const built = scheduleRequest(
      form({ from: '２０２５', to: '２０２６', costPerSite: '１２０．５', costPerSlot: '1，000', maxSlots: '１５０', spacing: '1,000' }),
      [],
    );
    expect('body' in built && built.body).toMatchObject({
      years: [2025, 2026],
      costPerSite: 120.5,
      costPerSlot: 1000,
      maxSlotsPerSite: 150,
      candidates: { spacingM: 1000 },
    });
  });

  it('takes the proposal’s own sites as candidates', () => {
    const own: [number, number][] = [
      [120.1, 28.1],
      [120.2, 28.2],
    ];
    const built = scheduleRequest(form({ source: 'mine', spacing: 'not used' }), own);
    expect('body' in built && built.body.candidates).toEqual(own);
    expect('body' in built && built.candidates).toEqual(own);
  });

  it('names every field that is wrong, and a missing own site', () => {
    expect(
      scheduleRequest(
        form({
          from: '2027',
          to: '2025',
          costPerSite: '-1',
          costPerSlot: 'abc',
          minSlots: '200',
          discountPercent: '80',
          seconds: '0',
          spacing: '10',
        }),
        [],
      ),
    ).toEqual({ errors: ['years', 'costPerSite', 'costPerSlot', 'slots', 'discount', 'seconds', 'spacing'], noOwnSites: false });
    expect(scheduleRequest(form({ from: '2020', to: '2040' }), [])).toEqual({ errors: ['years'], noOwnSites: false });
    expect(scheduleRequest(form({ minSlots: '1.5' }), [])).toEqual({ errors: ['slots'], noOwnSites: false });
    expect(scheduleRequest(form({ source: 'mine' }), [])).toEqual({ errors: [], noOwnSites: true });
  });

  it('takes an empty discount as none', () => {
    const built = scheduleRequest(form({ discountPercent: ' ' }), []);
    expect('body' in built && built.body.discountRate).toBe(0);
  });
});

describe('scheduleTable', () => {
  const names: Record<string, string> = { A: '景山街道', B: '三垟街道' };
  it('groups the openings by year, rows by township name then slots, numbered through the schedule, with totals', () => {
    const groups = scheduleTable(schedule(), (code) => names[code] ?? code);
    expect(groups.map((g) => g.year)).toEqual([2025, 2026]);
    const [first, second] = groups;
    // By name in Chinese collation (景 jǐng before 三 sān), then the larger site first.
    expect(first!.rows.map((r) => [r.number, r.township, r.slots])).toEqual([
      [1, '景山街道', 30],
      [2, '三垟街道', 90],
      [3, '三垟街道', 60],
    ]);
    expect(first!.slots).toBe(180);
    expect(first!.cost).toBe(3 * 50 + 2 * 180);
    expect(second!.rows.map((r) => [r.number, r.township, r.slots, r.cost])).toEqual([[4, '三垟街道', 40, 130]]);
    // Colours follow the schedule's years, not only those with openings.
    expect(first!.colour).toBe(yearColours([2025, 2026, 2027]).get(2025));
    expect(second!.colour).toBe(yearColours([2025, 2026, 2027]).get(2026));
  });

  it('is empty when nothing opens', () => {
    expect(scheduleTable(schedule({ openings: [] }), (code) => code)).toEqual([]);
  });
});

describe('yearColours', () => {
  it('gives every year its own colour, first and last at the ends of the palette', () => {
    const colours = yearColours([2025, 2026, 2027, 2028, 2029, 2030]);
    expect(new Set(colours.values()).size).toBe(6);
    expect(yearColours([2025]).get(2025)).toBe(colours.get(2025));
  });
});

describe('scheduleQuality', () => {
  it('tells proven, bounded (gap in percent) and heuristic answers apart', () => {
    expect(scheduleQuality({ optimal: true, method: 'mip', bound: 10, gap: 0 })).toEqual({ kind: 'optimal' });
    expect(scheduleQuality({ optimal: false, method: 'mip', bound: 1805.3, gap: 0.0675 })).toEqual({
      kind: 'bounded',
      bound: 1805.3,
      gapPercent: 6.75,
    });
    expect(scheduleQuality({ optimal: false, method: 'heuristic', bound: null, gap: null })).toEqual({ kind: 'heuristic' });
  });
});

describe('scheduledSites', () => {
  it('gives each opening’s position, year and slots; own sites keep the position the proposal stores', () => {
    const answer = schedule({ openings: [opening(2026, 'B', 40, 1, 120.1234567)] });
    expect(scheduledSites(answer, null)).toEqual([{ position: [120.1234567, 28], year: 2026, slots: 40 }]);
    const own: [number, number][] = [
      [121, 29],
      [120.123457, 28.000001],
    ];
    expect(scheduledSites(answer, own)).toEqual([{ position: [120.123457, 28.000001], year: 2026, slots: 40 }]);
  });
});

describe('evaluationRequest with yearly changes', () => {
  const changes: Change[] = [
    { kind: 'addFacility', lon: 120.1, lat: 28, slots: 60, year: 2025 },
    { kind: 'addFacility', lon: 120.2, lat: 28, slots: 80, year: 2027 },
    { kind: 'removeFacility', id: 'F1', year: 2026 },
    { kind: 'addFacility', lon: 120.3, lat: 28, slots: 40 },
  ];

  it('leaves out the changes of later years and sends no year with a change', () => {
    const { body, origin } = evaluationRequest(changes, 2025);
    expect(body.sites).toEqual([
      { lon: 120.1, lat: 28, slots: 60 },
      { lon: 120.3, lat: 28, slots: 40 },
    ]);
    expect(body.remove).toEqual([]);
    expect(origin.sites).toEqual([0, 3]);
  });

  it('counts every change acting by the year', () => {
    const { body, origin } = evaluationRequest(changes, 2027);
    expect(body.sites).toHaveLength(3);
    expect(body.remove).toEqual(['F1']);
    expect(origin).toMatchObject({ sites: [0, 1, 3], remove: [2] });
  });
});
