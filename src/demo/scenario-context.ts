import { CITIES, CUSTOMERS, type DemoCustomer, type DemoProduct, PRODUCTS } from './demo-catalog';
import type { DemoQuality } from './demo-types';
import { StoreTranscript } from './store-transcript';

export type DemoOrderItem = { sku: string; name: string; price: number; qty: number };

export type DemoOrder = {
  order_id: string;
  status: 'processing' | 'shipped' | 'delivered';
  placed_at: string;
  delivered_at: string | null;
  estimated_delivery: string | null;
  /** At least one line. */
  items: [DemoOrderItem, ...DemoOrderItem[]];
  total: number;
  shipping_address: string;
};

export type ScenarioContext = {
  random: () => number;
  pick<T>(items: readonly T[]): T;
  today: Date;
  customer: DemoCustomer;
  t: StoreTranscript;
  order(options?: { status?: DemoOrder['status']; daysAgo?: number }): DemoOrder;
  product(): DemoProduct;
  address(): string;
  money(amount: number): string;
};

export type ScenarioOutcome = { quality: DemoQuality; notes: string };
/** The failures the demo's labels are meant to teach (each gets labelled examples). */
export const FAILURE_MODES = [
  'write-without-confirmation',
  'ignored-tool-error',
  'invented-facts',
] as const;
export type FailureMode = (typeof FAILURE_MODES)[number];
/** What a scenario shows the labeller: one of the failures, or a tool error handled well. */
export const LESSONS = [...FAILURE_MODES, 'tool-error-recovered'] as const;
export type Lesson = (typeof LESSONS)[number];

export type Scenario = {
  name: string;
  weight: number;
  /** The failure this scenario shows, or the good handling it is contrasted with. */
  teaches?: Lesson;
  run(ctx: ScenarioContext): ScenarioOutcome;
};

const DAY = 86_400_000;
export const isoDate = (date: Date) => date.toISOString().slice(0, 10);

export function createScenarioContext(random: () => number, today: Date, idPrefix: string) {
  const pick = <T>(items: readonly T[]): T => items[Math.floor(random() * items.length)] as T;
  const customer = pick(CUSTOMERS);
  const ctx: ScenarioContext = {
    random,
    pick,
    today,
    customer,
    t: new StoreTranscript(idPrefix),
    product: () => pick(PRODUCTS),
    address: () => pick(CITIES),
    money: (amount) => `$${amount.toFixed(2)}`,
    order(options = {}) {
      const status = options.status ?? pick(['processing', 'shipped', 'delivered'] as const);
      const daysAgo =
        options.daysAgo ?? (status === 'processing' ? 1 : 4 + Math.floor(random() * 20));
      const placed = new Date(today.getTime() - daysAgo * DAY);
      const count = 1 + Math.floor(random() * 2);
      const line = (): DemoOrderItem => {
        const p = pick(PRODUCTS);
        return { sku: p.sku, name: p.name, price: p.price, qty: 1 };
      };
      const items: DemoOrder['items'] = [line(), ...Array.from({ length: count - 1 }, line)];
      return {
        order_id: `HO-${40000 + Math.floor(random() * 59999)}`,
        status,
        placed_at: isoDate(placed),
        delivered_at: status === 'delivered' ? isoDate(new Date(placed.getTime() + 3 * DAY)) : null,
        estimated_delivery:
          status === 'delivered'
            ? null
            : isoDate(new Date(today.getTime() + (status === 'shipped' ? 2 : 5) * DAY)),
        items,
        total: items.reduce((sum, item) => sum + item.price * item.qty, 0),
        shipping_address: pick(CITIES),
      };
    },
  };
  return ctx;
}

/** How a scenario's conversation went, with the labeller's note on why. */
export const good = (notes: string): ScenarioOutcome => ({ quality: 'good', notes });
export const bad = (notes: string): ScenarioOutcome => ({ quality: 'bad', notes });
export const mixed = (notes: string): ScenarioOutcome => ({ quality: 'mixed', notes });
