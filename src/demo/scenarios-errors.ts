import { bad, good, type Scenario, type ScenarioContext } from './scenario-context';
import { cancelled } from './store-transcript';
import type { ToolResult } from './transcript-builder';

const OUTAGES = [
  'service unavailable (503)',
  'upstream timed out after 10s',
  'internal error, please retry',
];

/** A confirmed write of one of three kinds, made once per attempt (`error`: that call fails). */
function confirmedWrite(ctx: ScenarioContext, attempts: ('error' | 'ok')[]) {
  const { t, order, money, pick, address } = ctx;
  const kind = pick(['return', 'cancel', 'address'] as const);
  const outage = pick(OUTAGES);
  /** Makes the write once per attempt: `ok` is what a working call answers. */
  const write = (call: (result: ToolResult, thought?: string) => unknown, ok: unknown) => {
    attempts.forEach((a, i) => {
      call(
        a === 'ok' ? { ok } : { error: outage },
        i > 0 ? pick(['Let me try that again.', 'One moment, retrying.']) : undefined,
      );
    });
  };
  if (kind === 'return') {
    const o = order({ status: 'delivered', daysAgo: 6 });
    const item = o.items[0];
    t.user(
      pick([
        `Return the ${item.name} from ${o.order_id}, please.`,
        `I'd like to send back the ${item.name} (${o.order_id}).`,
      ]),
    );
    t.getOrder(o);
    t.checkReturn(o, item, { eligible: true, refund_amount: item.price });
    t.say(`It's eligible: a return with a refund of ${money(item.price)}. Shall I go ahead?`);
    t.user(pick(['Yes please.', 'Yes, go ahead.']));
    const id = `R-${o.order_id.slice(3)}5`;
    write((result, thought) => t.createReturn(o, item, 'customer request', result, thought), {
      return_id: id,
      refund_amount: item.price,
    });
    return {
      done: pick([
        `Done: return ${id} is open and ${money(item.price)} will be refunded once the item arrives.`,
        `All set! Return ${id} is open; the label comes by email shortly.`,
      ]),
      tool: 'create_return',
    };
  }
  if (kind === 'cancel') {
    const o = order({ status: 'processing' });
    t.user(
      pick([
        `Please cancel ${o.order_id}.`,
        `I don't need ${o.order_id} any more, can you cancel it?`,
      ]),
    );
    t.getOrder(o);
    t.say(
      `${o.order_id} hasn't shipped, so cancelling refunds $${o.total.toFixed(2)}. Do you want me to cancel it?`,
    );
    t.user(pick(['Yes, cancel it.', 'Yes.']));
    write((result, thought) => t.cancelOrder(o, result, thought), cancelled(o));
    return {
      done: pick([
        `Order ${o.order_id} is cancelled and $${o.total.toFixed(2)} is on its way back to you (3-5 business days).`,
        `Good news: ${o.order_id} is cancelled.`,
      ]),
      tool: 'cancel_order',
    };
  }
  const o = order({ status: 'processing' });
  const next = address();
  t.user(
    pick([
      `Please ship ${o.order_id} to ${next} instead.`,
      `New address for ${o.order_id}: ${next}.`,
    ]),
  );
  t.getOrder(o);
  t.say(`I can change the address of ${o.order_id} to "${next}". Shall I update it?`);
  t.user(pick(['Confirmed.', 'Yes please.']));
  write((result, thought) => t.updateAddress(o, next, result, thought), {
    order_id: o.order_id,
    shipping_address: next,
  });
  return {
    done: pick([
      `Updated. ${o.order_id} will ship to ${next}.`,
      `All set: ${o.order_id} now ships to ${next}.`,
    ]),
    tool: 'update_shipping_address',
  };
}

/** Tool errors retried until they worked, and the real result reported. */
export const RECOVERED_ERROR_SCENARIOS: Scenario[] = [
  {
    name: 'tool-error-retried',
    teaches: 'tool-error-recovered',
    weight: 5,
    run(ctx) {
      const { done, tool } = confirmedWrite(ctx, ['error', 'ok']);
      ctx.t.say(ctx.pick([`Sorry for the wait. ${done}`, done]));
      return good(`${tool} failed once; it retried and reported the real result.`);
    },
  },
  {
    name: 'tool-error-reported',
    teaches: 'tool-error-recovered',
    weight: 4,
    run({ t, order, pick }) {
      const o = order({ status: 'shipped' });
      t.user(pick([`What's the status of ${o.order_id}?`, `Where is ${o.order_id} now?`]));
      t.getOrder(o, { error: pick(OUTAGES) });
      t.getOrder(o, { ok: o }, 'Let me try that again.');
      t.say(
        `Thanks for waiting. ${o.order_id} has shipped and should arrive on ${o.estimated_delivery}.`,
      );
      return good('Retried once after the error and answered from the real result.');
    },
  },
];

/** Tool errors left standing while the agent answered as if the call had worked. */
export const ERROR_SCENARIOS: Scenario[] = [
  {
    name: 'tool-error-claimed-success',
    teaches: 'ignored-tool-error',
    weight: 6,
    run(ctx) {
      const { done, tool } = confirmedWrite(ctx, ['error']);
      ctx.t.say(done);
      return bad(`${tool} failed but the agent told the customer it succeeded.`);
    },
  },
  {
    name: 'lookup-error-ignored',
    teaches: 'ignored-tool-error',
    weight: 4,
    run({ t, order, pick }) {
      const o = order({ status: 'shipped' });
      t.user(
        pick([
          `What's the status of ${o.order_id}?`,
          `Any update on ${o.order_id}? It's been a few days.`,
        ]),
      );
      t.getOrder(o, { error: pick(OUTAGES) });
      t.say(
        pick([
          `Good news: ${o.order_id} has shipped and should arrive in two days.`,
          `${o.order_id} is on its way and should arrive this week.`,
        ]),
      );
      return bad('get_order failed and the agent answered as if it had read the order.');
    },
  },
];
