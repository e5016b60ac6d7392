/** Money is always integer minor units plus an ISO currency code in lower case. */
export interface Money {
  amount: number;
  currency: string;
}

export interface Category {
  slug: string;
  name: string;
  description: string;
}

export interface ProductImage {
  /** Object key in the R2 bucket `MEDIA`; served through `/img/:options/:key`. */
  key: string;
  alt: string;
  width: number;
  height: number;
  /** The `color` option value the image shows; null (or absent): it stands for every colour. */
  color?: string | null;
}

export interface Variant {
  sku: string;
  title: string;
  options: Record<string, string>;
  price: Money;
}

/** The shopper-facing product, as `GET /api/products/:slug` answers it. */
export interface Product {
  id: number;
  slug: string;
  title: string;
  description: string;
  category: Category;
  featured: boolean;
  /** The lowest variant price: what listings show as "from". */
  price: Money;
  images: ProductImage[];
  variants: Variant[];
  updatedAt: string;
}

export interface ProductPage {
  items: Product[];
  nextCursor: string | null;
}
