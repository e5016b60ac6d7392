/** The part of jstat (UMD, untyped) the telemetry uses. */
declare module 'jstat' {
  interface Distribution {
    cdf(x: number, ...params: number[]): number;
    inv(p: number, ...params: number[]): number;
  }
  const jStat: { normal: Distribution; chisquare: Distribution };
  export default jStat;
}
