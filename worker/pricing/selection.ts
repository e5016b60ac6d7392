import type { Candidate } from './eligibility';

/** Two discounts stack only when each allows the other's class. */
export function compatible(a: Candidate, b: Candidate): boolean {
  return a.promotion.combinesWith[b.class] && b.promotion.combinesWith[a.class];
}

/**
 * Which candidates apply: largest standalone amount first, then entered codes before automatic
 * promotions, then promotion id; each is accepted when it is compatible with all accepted so far.
 * Answers the accepted candidates in that order.
 */
export function select(candidates: readonly Candidate[], standalone: (candidate: Candidate) => number): Candidate[] {
  const ranked = candidates
    .map((candidate) => ({ candidate, amount: standalone(candidate) }))
    .sort(
      (a, b) =>
        b.amount - a.amount ||
        Number(b.candidate.entered) - Number(a.candidate.entered) ||
        compareIds(a.candidate.promotion.id, b.candidate.promotion.id),
    );
  const accepted: Candidate[] = [];
  for (const { candidate } of ranked) {
    if (accepted.every((other) => compatible(candidate, other))) accepted.push(candidate);
  }
  return accepted;
}

/** By UTF-16 code unit, not locale, so the order is the same in every isolate. */
function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
