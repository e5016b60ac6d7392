import { sql, type AnyColumn, type SQL } from 'drizzle-orm';

/**
 * `column in (values…)` with ONE bound parameter, however many values: D1 allows at most 100 bound
 * parameters per statement, and drizzle's `inArray` binds one per value (a bulk stock write of 136
 * SKUs failed with it). The values travel as a JSON array read back with SQLite's `json_each`.
 */
export const inList = (column: AnyColumn, values: readonly (string | number)[]): SQL =>
  sql`${column} in (select value from json_each(${JSON.stringify(values)}))`;
