import { z } from 'zod';
import { migrationStatus } from '../../db/migrate.js';
import { bilingual, HttpError } from '../errors.js';
import { defineRoute } from '../route.js';

export const healthRoutes = [
  defineRoute({
    method: 'get',
    path: '/api/health',
    summary: 'Liveness: the process answers',
    tags: ['operations'],
    access: 'public',
    response: z.object({ status: z.literal('ok') }),
    handler: () => ({ status: 'ok' as const }),
  }),
  defineRoute({
    method: 'get',
    path: '/api/ready',
    summary: 'Readiness: the database answers and every migration is applied',
    tags: ['operations'],
    access: 'public',
    response: z.object({ status: z.literal('ready'), migrations: z.number().int() }),
    errors: [503],
    handler: async ({ deps }) => {
      const status = await migrationStatus(deps.db).catch(() => null);
      if (!status) throw new HttpError(503, 'not_ready', bilingual('数据库无响应', 'the database does not answer'));
      if (status.pending.length > 0)
        throw new HttpError(
          503,
          'not_ready',
          bilingual(`有待执行的数据库迁移：${status.pending.join('、')}`, `migrations pending: ${status.pending.join(', ')}`),
        );
      return { status: 'ready' as const, migrations: status.applied.length };
    },
  }),
];
