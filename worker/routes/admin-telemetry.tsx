import { Hono } from 'hono';
import { experimentIdParam } from '../experiments/schemas';
import { getExperiment } from '../experiments/store';
import type { AppEnv } from '../http/app-env';
import { ApiError } from '../http/errors';
import { validate } from '../http/validate';
import { adminAuth } from '../middleware/admin-auth';
import { documented } from '../openapi/describe';
import { experimentResultsSchema, metricsSchema } from '../openapi/responses';
import { healthMetrics, windowQuerySchema } from '../telemetry/metrics';
import { experimentResults } from '../telemetry/results';
import { ExperimentResultsView } from '../views/admin-experiment-results';
import { HealthView } from '../views/admin-health';

/** Business telemetry for the admin (CONTRACT.md, "Business telemetry"), mounted at `/admin/api`. */
export const adminTelemetryApi = new Hono<AppEnv>()
  .use('/metrics', adminAuth())
  .use('/experiments/:id/results', adminAuth())
  .use('/views/*', adminAuth())
  .get('/metrics', documented('Health: money and checkout figures for a window', { 200: metricsSchema }), validate('query', windowQuerySchema), async (c) => {
    c.header('cache-control', 'no-store');
    return c.json(await healthMetrics(c.env, c.req.valid('query').window));
  })
  .get('/experiments/:id/results', documented('An experiment’s results per variant, with significance and SRM', { 200: experimentResultsSchema }), validate('param', experimentIdParam), async (c) => {
    const experiment = await getExperiment(c.env.CONFIG, c.req.valid('param').id);
    if (!experiment) throw new ApiError('not_found', 'No such experiment');
    c.header('cache-control', 'no-store');
    return c.json(await experimentResults(c.env, experiment));
  })
  // The same figures as HTML fragments with their charts, for /js/admin/health.js.
  .get('/views/health', documented('The Health view as an HTML fragment (the admin page)', { 200: 'html' }), validate('query', windowQuerySchema), async (c) => {
    c.header('cache-control', 'no-store');
    return c.html(<HealthView metrics={await healthMetrics(c.env, c.req.valid('query').window)} />);
  })
  .get('/views/experiments/:id', documented('An experiment’s results as an HTML fragment (the admin page)', { 200: 'html' }), validate('param', experimentIdParam), async (c) => {
    const experiment = await getExperiment(c.env.CONFIG, c.req.valid('param').id);
    if (!experiment) throw new ApiError('not_found', 'No such experiment');
    c.header('cache-control', 'no-store');
    return c.html(<ExperimentResultsView results={await experimentResults(c.env, experiment)} />);
  });
