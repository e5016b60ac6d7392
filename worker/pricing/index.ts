export { price } from './price';
export { tableTaxCalculator } from './table-tax';
export type * from './types';
