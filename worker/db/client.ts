import { drizzle } from 'drizzle-orm/d1';
import * as schema from './schema';

export type Db = ReturnType<typeof database>;

/** A Drizzle handle over the request's D1 binding; cheap to create, holds no connection. */
export const database = (d1: D1Database) => drizzle(d1, { schema });
