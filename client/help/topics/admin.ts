/** Help for the admin page (admin.html). */
import { b, type HelpTopic } from '../types';

export const adminTopic: HelpTopic = {
  id: 'admin',
  page: 'admin',
  title: b('系统管理', 'Administration'),
  purpose: b(
    '管理员管理用户与令牌、查看审计日志，以及各辖区的数据版本和最近一次导入。',
    'For administrators: users and tokens, the audit log, and each jurisdiction’s data version and last import.',
  ),
  steps: [
    b(
      '以管理员身份登录；地图页顶部的“系统管理”链接只对管理员显示。',
      'Sign in as an administrator; the “Administration” link in the map page’s header is shown to administrators only.',
    ),
    b(
      '新建用户时选择角色：规划人员（方案模拟与保存）、卫健部门（导入、机构登记、上报值）、管理员（全部）；规划人员和卫健部门至少指定一个辖区。',
      'Create a user with a role: planner (what-if and saved scenarios), bureau (import, facility registry, reported values) or administrator (everything); planners and bureau staff need at least one jurisdiction.',
    ),
    b(
      '为系统对接签发令牌：令牌只在签发时显示一次；可随时停用用户或令牌、重置密码。',
      'Issue tokens for systems that connect: a token is shown once when issued; users and tokens can be disabled and passwords reset at any time.',
    ),
  ],
  figures: [
    {
      name: b('数据版本', 'Data version'),
      definition: b(
        '辖区数据每次导入或机构登记修改后加一；指标与报表注明所用版本。',
        'Goes up by one with every import or registry change of the jurisdiction; indicators and reports name the version they used.',
      ),
    },
    {
      name: b('审计日志', 'Audit log'),
      definition: b(
        '谁在何时修改了什么：机构、上报值、用户与令牌的每次变更。',
        'Who changed what, and when: every change of facilities, reported values, users and tokens.',
      ),
    },
  ],
};
