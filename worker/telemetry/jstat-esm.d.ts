/** The part of jstat-esm (jstat's functions as ES modules, so the bundle keeps only these; untyped) the telemetry uses. */
declare module 'jstat-esm' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  export const normal: Distribution;
  export const chisquare: Pick<Distribution, 'cdf'>;
}
