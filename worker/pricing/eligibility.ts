import type { CodeRejection, DiscountClass, PricingLine, Promotion, PromotionTarget } from './types';

/** A promotion that may take something off this cart, and the lines it targets (indices). */
export interface Candidate {
  promotion: Promotion;
  class: DiscountClass;
  /** Entered as a code (rather than automatic): wins ties in the selection. */
  entered: boolean;
  lines: number[];
}

/** An entered code, and why it cannot apply before the selection has had its say. */
export interface EnteredCode {
  code: string;
  candidate: Candidate | null;
  rejection: CodeRejection | null;
}

export function discountClass(promotion: Promotion): DiscountClass {
  if (promotion.type === 'free_shipping') return 'shipping';
  if (promotion.type === 'buy_x_get_y' || promotion.target !== 'order') return 'product';
  return 'order';
}

function targets(target: PromotionTarget): (line: PricingLine) => boolean {
  if (target === 'order') return () => true;
  if ('category' in target) return (line) => line.categorySlug === target.category;
  const skus = new Set(target.skus);
  return (line) => skus.has(line.sku);
}

function hasSomethingToActOn(promotion: Promotion, lines: readonly PricingLine[], targeted: number[]): boolean {
  if (targeted.length === 0) return false;
  if (promotion.type !== 'buy_x_get_y') return true;
  const buy = promotion.buyQuantity ?? 0;
  const get = promotion.getQuantity ?? 0;
  const units = targeted.reduce((total, index) => total + lines[index]!.quantity, 0);
  return buy >= 1 && get >= 1 && units >= buy + get;
}

/** The promotion as a candidate for this cart, or why it is not one (the caller has left out disabled ones). */
function qualify(
  promotion: Promotion,
  entered: boolean,
  lines: readonly PricingLine[],
  subtotal: number,
  now: number,
): Candidate | CodeRejection {
  if (promotion.startsAt !== null && now < promotion.startsAt) return 'not_started';
  if (promotion.endsAt !== null && now >= promotion.endsAt) return 'expired';
  if (promotion.minSubtotal !== null && subtotal < promotion.minSubtotal) return 'min_subtotal';
  const inTarget = targets(promotion.target);
  const targeted = lines.flatMap((line, index) => (inTarget(line) ? [index] : []));
  if (!hasSomethingToActOn(promotion, lines, targeted)) return 'not_applicable';
  return { promotion, class: discountClass(promotion), entered, lines: targeted };
}

/**
 * Every automatic promotion that qualifies, plus the promotion of each entered code that does. Each
 * distinct code is answered once, in the order first entered.
 */
export function findCandidates(
  promotions: readonly Promotion[],
  codes: readonly string[],
  lines: readonly PricingLine[],
  subtotal: number,
  now: number,
): { candidates: Candidate[]; entered: EnteredCode[] } {
  const candidates: Candidate[] = [];
  for (const promotion of promotions) {
    if (promotion.code !== null || !promotion.enabled) continue;
    const result = qualify(promotion, false, lines, subtotal, now);
    if (typeof result !== 'string') candidates.push(result);
  }
  const entered: EnteredCode[] = [];
  for (const code of new Set(codes)) {
    const promotion = promotions.find((p) => p.code === code && p.enabled);
    const result = promotion ? qualify(promotion, true, lines, subtotal, now) : 'unknown';
    if (typeof result === 'string') {
      entered.push({ code, candidate: null, rejection: result });
    } else {
      candidates.push(result);
      entered.push({ code, candidate: result, rejection: null });
    }
  }
  return { candidates, entered };
}
