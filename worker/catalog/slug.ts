import * as z from 'zod';

/** A product or category slug: what URLs carry, bounded before it reaches D1. */
export const slugSchema = z
  .string()
  .min(1)
  .max(120)
  .regex(/^[a-z0-9]+(?:-[a-z0-9]+)*$/, 'lower-case letters, digits and single hyphens');
