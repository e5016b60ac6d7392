export { price } from './price';
export * from './schemas';
export { tableTaxCalculator } from './table-tax';
export type * from './types';
