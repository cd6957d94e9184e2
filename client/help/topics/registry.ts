/** Help for the facility registry (dashboard.html). */
import { b, type HelpTopic } from '../types';

export const registryTopic: HelpTopic = {
  id: 'registry',
  page: 'dashboard',
  title: b('托育机构登记', 'Facility registry'),
  purpose: b(
    '卫健部门在此新增、修改或停办托育机构；保存后全部指标与步行覆盖随即重新计算。',
    'Where the bureau adds, edits or closes childcare facilities; every indicator and the walking coverage are recomputed on saving.',
  ),
  steps: [
    b('以卫健部门或管理员身份登录。', 'Sign in as bureau staff or an administrator.'),
    b(
      '在列表中选择机构修改，或点“新增机构”；普惠托位不得超过托位数。',
      'Pick a facility to edit, or add a new one; inclusive slots may not exceed slots.',
    ),
    b(
      '停办时填写停办年份：该年之后机构不再计入运营。每次修改都记入审计日志，可在机构的修改记录中查看。',
      'To close a facility give its closing year: it no longer operates after that year. Every change is written to the audit log and listed in the facility’s history.',
    ),
  ],
  figures: [
    {
      name: b('托位与普惠托位', 'Slots and inclusive slots'),
      definition: b(
        '机构核定的托位数，其中按政府指导价收费的为普惠托位（0 至托位数）。',
        'The facility’s slots, of which inclusive (government-priced) slots are 0 up to the slots.',
      ),
      indicator: 'inclusive_share',
    },
    {
      name: b('状态与年份', 'Status and years'),
      definition: b(
        '运营中、规划中或已停办；某年运营指状态为运营中（或停办年份晚于该年），且开办年份未注明或不晚于该年。',
        'Operating, planned or closed; a facility operates in a year when it is operating (or closes after that year) and its opening year is absent or not after that year.',
      ),
    },
    {
      name: b('类型', 'Type'),
      definition: b(
        '“5+X”体系：社区统筹、社会兴办、单位自建、幼儿园托班、家庭托育点、社区驿站、托育中心。',
        'The “5+X” system: community-run, privately run, employer-run, kindergarten nursery class, family childcare point, community station, childcare centre.',
      ),
    },
    {
      name: b('从业人员与持证人员', 'Staff and certified staff'),
      definition: b('用于计算托育机构从业人员持证率。', 'Used for the certified staff rate.'),
      indicator: 'certified_staff_rate',
    },
    {
      name: b('等级', 'Grade'),
      definition: b('机构评定的等级；用于托育机构等级覆盖率。', 'The facility’s assessed grade; used for the graded institution rate.'),
      indicator: 'graded_institution_rate',
    },
  ],
};
