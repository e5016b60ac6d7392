import { Hono } from 'hono';
import type { AppEnv } from '../http/app-env';
import { ADMIN_PAGE_SCRIPTS, AdminPage } from '../views/admin';
import { AdminLayout } from '../views/admin-layout';

/**
 * `GET /admin`: the shell of the admin single page. It is the same for everyone and holds no data;
 * the token lives in the browser tab and travels only as a bearer header to `/admin/api`.
 */
export const adminPage = new Hono<AppEnv>().get('/admin', (c) => {
  c.header('cache-control', 'no-store');
  c.header('x-robots-tag', 'noindex');
  return c.html(
    <AdminLayout title="Store admin" scripts={ADMIN_PAGE_SCRIPTS}>
      <AdminPage />
    </AdminLayout>,
  );
});
