import type { DemoProduct } from './demo-catalog';
import type { DemoOrder, DemoOrderItem } from './scenario-context';
import { type ToolResult, TranscriptBuilder } from './transcript-builder';

/**
 * A conversation with the demo store's agent: the store's tools as scenarios call them, each with
 * its arguments and the result it gives when it works, in one place.
 */
export class StoreTranscript extends TranscriptBuilder {
  getOrder(o: DemoOrder, result: ToolResult = { ok: o }, thought?: string): this {
    return this.call('get_order', { order_id: o.order_id }, result, thought);
  }

  checkReturn(o: DemoOrder, item: DemoOrderItem, eligibility: Record<string, unknown>): this {
    return this.call(
      'check_return_eligibility',
      { order_id: o.order_id, sku: item.sku },
      { ok: eligibility },
    );
  }

  createReturn(
    o: DemoOrder,
    item: DemoOrderItem,
    reason: string,
    result: ToolResult,
    thought?: string,
  ): this {
    return this.call(
      'create_return',
      { order_id: o.order_id, sku: item.sku, reason },
      result,
      thought,
    );
  }

  cancelOrder(o: DemoOrder, result: ToolResult = { ok: cancelled(o) }, thought?: string): this {
    return this.call('cancel_order', { order_id: o.order_id }, result, thought);
  }

  updateAddress(
    o: DemoOrder,
    address: string,
    result: ToolResult = { ok: { order_id: o.order_id, shipping_address: address } },
    thought?: string,
  ): this {
    return this.call('update_shipping_address', { order_id: o.order_id, address }, result, thought);
  }

  checkStock(p: DemoProduct, inStock: number): this {
    const { sku, name, price } = p;
    return this.call('check_stock', { sku }, { ok: { sku, name, price, in_stock: inStock } });
  }

  transferToHuman(args: { reason: string; order_id?: string }, waitMinutes: number): this {
    return this.call('transfer_to_human', args, {
      ok: { queued: true, expected_wait_minutes: waitMinutes },
    });
  }
}

/** What `cancel_order` answers for an order it cancelled. */
export const cancelled = (o: DemoOrder) => ({
  order_id: o.order_id,
  status: 'cancelled',
  refund_amount: o.total,
});

/** The agent's reply once an order is cancelled (good and bad scenarios alike). */
export const cancelledReplies = (o: DemoOrder) => [
  `Order ${o.order_id} is cancelled and $${o.total.toFixed(2)} is on its way back to you (3-5 business days).`,
  `Done: ${o.order_id} is cancelled. You'll see $${o.total.toFixed(2)} back on your card shortly.`,
];
