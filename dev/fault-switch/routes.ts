import { zValidator } from '@hono/zod-validator';
import { Hono } from 'hono';
import { bearerAuth } from 'hono/bearer-auth';
import { z } from 'zod';
import { armFault, clearFaults, FAULT_NAMES, faultInputSchema, listFaults } from './faults';

/**
 * The switch's control API, `/_dev/faults` (admin token): `GET` lists what is on, `PUT /:name`
 * `{ seconds }` or `{ count }` arms one, `DELETE` clears all. Only dev/fault-switch/worker.ts mounts it.
 */
export const faultRoutes = new Hono<{ Bindings: Env }>()
  .basePath('/_dev/faults')
  .use(bearerAuth({ verifyToken: (token, c) => token.length > 0 && token === (c.env as Env).ADMIN_TOKEN }))
  .get('/', async (c) => c.json({ faults: await listFaults(c.env.CONFIG) }))
  .put('/:name', zValidator('param', z.object({ name: z.enum(FAULT_NAMES) })), zValidator('json', faultInputSchema), async (c) => {
    await armFault(c.env.CONFIG, c.req.valid('param').name, c.req.valid('json'));
    return c.json({ faults: await listFaults(c.env.CONFIG) });
  })
  .delete('/', async (c) => {
    await clearFaults(c.env.CONFIG);
    return c.json({ faults: {} });
  });
