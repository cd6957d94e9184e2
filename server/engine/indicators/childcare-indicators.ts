/**
 * The childcare indicators the facility data compute: slots per 1,000, inclusive share, township
 * institution coverage, the 15-minute service circle, new-community compliance, certified staff, graded
 * institutions, and community stations (not computable from the data).
 */
import { bilingual, grouped, type Bilingual, type Facility } from '../../model/index.js';
import { checkCompliance } from '../compliance/index.js';
import { namesOf, noData, percent, type Computed, type Context } from './indicator-row.js';

/** The service circle of POLICY.md: residents within this walking time of a facility. */
export const SERVICE_CIRCLE_MIN = 15;

// ---- computed indicators --------------------------------------------------------------------

export function slotsPer1000(ctx: Context): Computed {
  const d = ctx.district;
  if (d.slotsPer1000 === null) return noData(bilingual('乡镇（街道）常住人口合计为 0', 'the townships have no resident population'));
  const outside = d.facilitiesOutsideTownships;
  const notes =
    outside > 0
      ? [
          bilingual(
            `${outside} 家运营中的托育机构不在任何乡镇（街道）范围内，未计入。`,
            `${outside} operating facilities lie outside every township and are not counted.`,
          ),
        ]
      : [];
  return {
    value: d.slotsPer1000,
    reason: null,
    basis: bilingual(
      `${ctx.year} 年运营的 ${grouped(d.facilityCount)} 家机构共 ${grouped(d.slots)} 个托位 ÷ ${grouped(d.population)} 常住人口 × 1000`,
      `${d.slots} slots of ${d.facilityCount} facilities operating in ${ctx.year} ÷ ${d.population} residents (常住人口) × 1,000`,
    ),
    details: { slots: d.slots, population: d.population },
    notes,
  };
}

export function inclusiveShare(ctx: Context): Computed {
  const slots = ctx.operating.reduce((s, f) => s + f.slots, 0);
  const inclusive = ctx.operating.reduce((s, f) => s + f.inclusiveSlots, 0);
  if (slots === 0) return noData(bilingual(`${ctx.year} 年没有运营中且有托位的托育机构`, `no facility with slots operates in ${ctx.year}`));
  return {
    value: percent(inclusive, slots),
    reason: null,
    basis: bilingual(
      `${ctx.year} 年运营机构的普惠托位 ${grouped(inclusive)} 个 ÷ 托位 ${grouped(slots)} 个`,
      `${inclusive} inclusive slots ÷ ${slots} slots of the facilities operating in ${ctx.year}`,
    ),
    details: { inclusiveSlots: inclusive, slots },
    notes: [],
  };
}

/** Townships with at least one operating facility passing `counts`. */
export function townshipsWith(ctx: Context, counts: (f: Facility) => boolean): Set<string> {
  const codes = new Set(ctx.data.townships.map((t) => t.code));
  const found = new Set<string>();
  for (const f of ctx.operating) if (f.township !== null && codes.has(f.township) && counts(f)) found.add(f.township);
  return found;
}

export function townshipCoverage(ctx: Context, counts: (f: Facility) => boolean, what: Bilingual): Computed {
  const total = ctx.data.townships.length;
  if (total === 0) return noData(bilingual('数据中没有乡镇（街道）', 'the data hold no townships'));
  const covered = townshipsWith(ctx, counts);
  const missing = namesOf(ctx.data.townships.filter((t) => !covered.has(t.code)).map((t) => t.name));
  return {
    value: percent(covered.size, total),
    reason: null,
    basis: bilingual(
      `${total} 个乡镇（街道）中有 ${covered.size} 个在 ${ctx.year} 年有${what.zh}运营`,
      `${covered.size} of ${total} townships have ${what.en} operating in ${ctx.year}`,
    ),
    details: { townships: total, townshipsCovered: covered.size },
    notes: covered.size < total ? [bilingual(`未覆盖的乡镇（街道）：${missing.zh}。`, `Without: ${missing.en}.`)] : [],
  };
}

export function serviceCircle(ctx: Context): Computed {
  const { coverage } = ctx;
  if (coverage === null) return noData(bilingual('未计算步行覆盖', 'walking coverage was not computed'));
  const key = String(SERVICE_CIRCLE_MIN);
  const share = coverage.district.coverage[key];
  if (share === undefined) {
    return noData(
      bilingual(
        `规划配置的步行时间阈值（${coverage.thresholdsMin.join('、')} 分钟）不含 ${SERVICE_CIRCLE_MIN} 分钟`,
        `the profile's walking thresholds (${coverage.thresholdsMin.join(', ')} min) do not include ${SERVICE_CIRCLE_MIN} minutes`,
      ),
    );
  }
  if (coverage.district.unitPopulation <= 0)
    return noData(bilingual('数据中没有常住人口单元', 'the data hold no resident population units'));
  const covered = coverage.district.coveredPopulation[key] ?? 0;
  const unreachable = coverage.district.unreachableUnits;
  const notes: Bilingual[] = [];
  if (coverage.approximate) {
    notes.push(
      bilingual(
        '未加载路网：步行距离按直线距离 × 绕行系数估算（近似值）。',
        'No road network is loaded: walking distances are straight-line distances × the detour factor (an approximation).',
      ),
    );
  }
  if (ctx.data.populationUnits.some((u) => u.approximate)) {
    notes.push(
      bilingual(
        '未提供人口点：各乡镇（街道）人口按网格均匀分布（近似值）。',
        'No population points were supplied: each township’s population is spread evenly over a grid (an approximation).',
      ),
    );
  }
  if (unreachable > 0) {
    notes.push(
      bilingual(
        `${unreachable} 个人口单元无法步行到达任何托育机构（远离路网或路网不连通），按未覆盖计。`,
        `${unreachable} population units reach no facility (off the road network or cut off) and count as not covered.`,
      ),
    );
  }
  const thresholdM = coverage.thresholdM[key];
  return {
    value: share * 100,
    reason: null,
    basis: bilingual(
      `${grouped(coverage.district.unitPopulation)} 常住人口中有 ${grouped(covered)} 人距 ${ctx.year} 年运营的托育机构步行 ${thresholdM} 米（${SERVICE_CIRCLE_MIN} 分钟）以内`,
      `${covered} of ${coverage.district.unitPopulation} residents within ${thresholdM} m (${SERVICE_CIRCLE_MIN} min) on foot of a facility operating in ${ctx.year}`,
    ),
    details: { coveredPopulation: covered, population: coverage.district.unitPopulation, thresholdM: thresholdM ?? 0 },
    notes,
  };
}

/** Residential projects dated in the year or before, or undated, checked against the new-community standard. */
export function newCommunity(ctx: Context): Computed {
  const { projects } = ctx.data;
  if (projects.length === 0) {
    return noData(
      bilingual(
        '数据中没有住宅项目（projects.geojson 缺失或为空）',
        'the data hold no residential projects (projects.geojson absent or empty)',
      ),
    );
  }
  const dated = projects.filter((p) => p.year === null || p.year <= ctx.year);
  if (dated.length === 0)
    return noData(bilingual(`没有 ${ctx.year} 年及以前的住宅项目`, `no residential project is dated ${ctx.year} or earlier`));
  const parameters = ctx.data.profile.parameters;
  const standard = parameters.newCommunitySlotsPer1000;
  const shortZh: string[] = [];
  const shortEn: string[] = [];
  let compliant = 0;
  for (const p of dated) {
    const result = checkCompliance(
      {
        population: p.population,
        households: p.population === null ? p.households : null,
        personsPerHousehold: p.population === null ? p.personsPerHousehold : null,
        plannedSlots: p.plannedSlots,
      },
      parameters,
    );
    if (result.compliant) {
      compliant++;
    } else {
      shortZh.push(`${p.name}（规划 ${result.plannedSlots} 个，应配 ${result.requiredSlots} 个）`);
      shortEn.push(`${p.name} (${result.plannedSlots} of ${result.requiredSlots} slots)`);
    }
  }
  return {
    value: percent(compliant, dated.length),
    reason: null,
    basis: bilingual(
      `${ctx.year} 年及以前（或未注明年份）的 ${dated.length} 个住宅项目中，有 ${compliant} 个按每千人 ≥ ${standard} 个托位配置`,
      `${compliant} of ${dated.length} residential projects dated ${ctx.year} or earlier (or undated) plan ≥ ${standard} slots per 1,000 residents`,
    ),
    details: { projects: dated.length, compliantProjects: compliant, standardSlotsPer1000: standard },
    notes:
      shortEn.length > 0 ? [bilingual(`未达配置标准：${namesOf(shortZh).zh}。`, `Short of the standard: ${namesOf(shortEn).en}.`)] : [],
  };
}

export const noneOperating = (year: number): Bilingual => bilingual(`${year} 年没有运营中的托育机构`, `no facility operates in ${year}`);

export function certifiedStaff(ctx: Context): Computed {
  if (ctx.operating.length === 0) return noData(noneOperating(ctx.year));
  const withStaff = ctx.operating.filter((f) => f.staff !== null && f.certifiedStaff !== null);
  if (withStaff.length === 0) {
    return noData(
      bilingual(
        '运营中的托育机构均无人员数据（staff 与 certifiedStaff）',
        'no operating facility has staff data (staff and certifiedStaff)',
      ),
    );
  }
  const staff = withStaff.reduce((s, f) => s + f.staff!, 0);
  const certified = withStaff.reduce((s, f) => s + f.certifiedStaff!, 0);
  if (staff === 0)
    return noData(bilingual('有人员数据的运营机构从业人员合计为 0', 'the operating facilities with staff data report no staff'));
  const left = ctx.operating.length - withStaff.length;
  return {
    value: percent(certified, staff),
    reason: null,
    basis: bilingual(
      `${ctx.operating.length} 家运营机构中有人员数据的 ${withStaff.length} 家：持证人员 ${grouped(certified)} 人 ÷ 从业人员 ${grouped(staff)} 人`,
      `${certified} certified ÷ ${staff} staff in the ${withStaff.length} of ${ctx.operating.length} operating facilities with staff data`,
    ),
    details: { certifiedStaff: certified, staff, facilities: withStaff.length, operatingFacilities: ctx.operating.length },
    notes:
      left > 0
        ? [bilingual(`${left} 家运营机构没有人员数据，未计入。`, `${left} operating facilities have no staff data and are left out.`)]
        : [],
  };
}

export const hasGrade = (f: Facility): boolean => f.grade !== null && f.grade.trim() !== '';

export function gradedInstitutions(ctx: Context): Computed {
  if (!ctx.data.facilities.some(hasGrade))
    return noData(bilingual('数据中没有任何托育机构的等级信息', 'no facility in the data has a grade (等级)'));
  if (ctx.operating.length === 0) return noData(noneOperating(ctx.year));
  const graded = ctx.operating.filter(hasGrade).length;
  return {
    value: percent(graded, ctx.operating.length),
    reason: null,
    basis: bilingual(
      `${ctx.year} 年运营的 ${ctx.operating.length} 家托育机构中有 ${graded} 家已评定等级；未注明等级的按未评级计`,
      `${graded} of ${ctx.operating.length} facilities operating in ${ctx.year} have a grade (等级); a facility without one counts as ungraded`,
    ),
    details: { gradedFacilities: graded, operatingFacilities: ctx.operating.length },
    notes: [],
  };
}

export function communityStations(): Computed {
  return noData(
    bilingual(
      '数据中没有城市社区图层，无法核查婴幼儿照护驿站；可由卫健部门录入上报值',
      'the data carry no urban-community layer to check for infant care stations (驿站); the bureau can record a reported value',
    ),
  );
}
