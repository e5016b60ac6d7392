import { Hono } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { requestId } from 'hono/request-id';
import { timing } from 'hono/timing';
import type { EdgeCacheOptions } from './cache/edge-cache';
import { recordHot } from './cache/hot-lane';
import type { AppEnv } from './http/app-env';
import { allowedMethods } from './http/allowed-methods';
import { ApiError } from './http/errors';
import { isMachinePath } from './http/machine-path';
import { onError, renderError } from './http/on-error';
import { experiments } from './middleware/experiments';
import { jsonLogger } from './middleware/logger';
import { newRequestId } from './middleware/request-ids';
import { securityHeaders } from './middleware/security-headers';
import { adminApi } from './routes/admin-api';
import { adminPage } from './routes/admin-page';
import { deadLettersApi } from './routes/dead-letters-api';
import { adminPricingApi } from './routes/admin-pricing';
import { adminTelemetryApi } from './routes/admin-telemetry';
import { adminDropsApi } from './routes/admin-drops';
import { stockLiveApi } from './routes/stock-live';
import { dropsApi } from './routes/drops-api';
import { cartApi } from './routes/cart-api';
import { cartPages } from './routes/cart-pages';
import { catalogApi } from './routes/catalog-api';
import { checkoutApi } from './routes/checkout-api';
import { checkoutPages } from './routes/checkout-pages';
import { dropPages } from './routes/drop-pages';
import { health } from './routes/health';
import { images } from './routes/images';
import { openApi } from './routes/openapi';
import { ordersApi } from './routes/orders-api';
import { pages, renderNotFound } from './routes/pages';
import { searchApi } from './routes/search-api';
import { rum } from './routes/rum';
import { seo } from './routes/seo';
import { telemetry } from './telemetry/middleware';
import { webhooks } from './routes/webhooks';

const MAX_BODY_BYTES = 64 * 1024;


export const app = new Hono<AppEnv>();

/** Lets the edge cache refresh a stale copy by running the request through the app again. */
const dispatch: EdgeCacheOptions['dispatch'] = (request, env, ctx) => Promise.resolve(app.fetch(request, env, ctx));

app.use(
  recordHot(),
  requestId({ generator: (c) => newRequestId(c.req.raw) }),
  jsonLogger(),
  telemetry(),
  timing({ crossOrigin: false }),
  securityHeaders(),
);
app.use(experiments());
app.use(
  bodyLimit({
    maxSize: MAX_BODY_BYTES,
    onError: () => {
      throw new ApiError('payload_too_large', `Bodies are limited to ${MAX_BODY_BYTES} bytes`);
    },
  }),
);

app.route('/healthz', health);
app.route('/api', catalogApi(dispatch));
app.route('/api', searchApi(dispatch));
app.route('/admin/api', adminTelemetryApi);
app.route('/admin/api', adminApi);
app.route('/admin/api', adminPricingApi);
app.route('/admin/api', deadLettersApi);
app.route('/admin/api', adminDropsApi);
app.route('/img', images);
app.route('/', seo(dispatch));
app.route('/api', cartApi);
app.route('/api', checkoutApi);
app.route('/api', ordersApi);
app.route('/api', dropsApi);
app.route('/api', stockLiveApi);
app.route('/api', openApi(app));
app.route('/webhooks', webhooks);
app.route('/', rum);
app.route('/', cartPages);
app.route('/', checkoutPages);
app.route('/', dropPages);
app.route('/', adminPage);
app.route('/', pages(dispatch));

const methodsAt = allowedMethods(app);
app.notFound((c) => {
  const allowed = methodsAt(c.req.path);
  if (allowed.length > 0 && !allowed.includes(c.req.method)) {
    return renderError(
      c,
      new ApiError('method_not_allowed', `Use ${allowed.join(', ')} here`, {}, { allow: allowed.join(', ') }),
    );
  }
  return isMachinePath(c.req.path) ? renderError(c, new ApiError('not_found', 'No such route')) : renderNotFound(c);
});
app.onError(onError);
