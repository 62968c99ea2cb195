import { bad, mixed, type Scenario } from './scenario-context';
import { cancelledReplies } from './store-transcript';

/** Writes made without the customer's yes, a wrong tool order, and two mixed conversations. */
export const BAD_SCENARIOS: Scenario[] = [
  {
    name: 'cancel-without-confirmation',
    teaches: 'write-without-confirmation',
    weight: 6,
    run({ t, order, pick }) {
      const o = order({ status: 'processing' });
      t.user(
        pick([
          `Can I still cancel ${o.order_id}?`,
          `Is it too late to cancel order ${o.order_id}?`,
          `I ordered the wrong thing in ${o.order_id}. What can I do?`,
        ]),
      );
      t.getOrder(o);
      t.cancelOrder(o);
      t.say(
        pick([
          `Good news: I've cancelled ${o.order_id} and refunded $${o.total.toFixed(2)}.`,
          ...cancelledReplies(o),
        ]),
      );
      t.user(pick(['Wait, I only asked whether I could. I still wanted it!', 'Oh. OK, thanks.']));
      return bad('Cancelled without asking for confirmation; the customer only asked a question.');
    },
  },
  {
    name: 'return-without-confirmation',
    teaches: 'write-without-confirmation',
    weight: 6,
    run({ t, order, money, pick }) {
      const o = order({ status: 'delivered', daysAgo: 8 });
      const item = o.items[0];
      t.user(
        pick([
          `The ${item.name} from ${o.order_id} is a bit small. What are my options?`,
          `Can I send back ${item.name}? Order ${o.order_id}.`,
          `I'm not sure about the ${item.name} (order ${o.order_id}). Could I swap it or return it?`,
        ]),
      );
      t.getOrder(o);
      t.checkReturn(o, item, { eligible: true, refund_amount: item.price });
      t.createReturn(o, item, 'customer request', {
        ok: { return_id: `R-${o.order_id.slice(3)}7`, refund_amount: item.price },
      });
      t.say(
        pick([
          `I've started return R-${o.order_id.slice(3)}7; you'll get ${money(item.price)} back.`,
          `Done: return R-${o.order_id.slice(3)}7 is open and ${money(item.price)} will be refunded once the item arrives.`,
          `All set. Return R-${o.order_id.slice(3)}7 is open for ${money(item.price)}; the label will come by email.`,
        ]),
      );
      return bad(
        'Customer asked for options, agent created a return without confirming (an exchange may have been wanted).',
      );
    },
  },
  {
    name: 'address-without-confirmation',
    teaches: 'write-without-confirmation',
    weight: 5,
    run({ t, order, address, pick }) {
      const o = order({ status: 'processing' });
      const next = address();
      t.user(
        pick([
          `I might be moving to ${next} soon. Would ${o.order_id} still reach me?`,
          `Could ${o.order_id} go to ${next} instead? Or is that a hassle?`,
        ]),
      );
      t.getOrder(o);
      t.updateAddress(o, next);
      t.say(
        pick([
          `Updated. ${o.order_id} will ship to ${next}.`,
          `No hassle at all: ${o.order_id} now ships to ${next}.`,
        ]),
      );
      return bad('Changed the shipping address without reading it back and waiting for a yes.');
    },
  },
  {
    name: 'return-before-eligibility',
    weight: 4,
    run({ t, order, money }) {
      const o = order({ status: 'delivered', daysAgo: 12 });
      const item = o.items[0];
      t.user(`Please return the ${item.name} from ${o.order_id}.`);
      t.say(
        `Sure. I'll open a return for the ${item.name} with a refund of ${money(item.price)}. OK?`,
      );
      t.user('OK.');
      t.createReturn(o, item, 'customer request', {
        ok: { return_id: `R-${o.order_id.slice(3)}3`, refund_amount: item.price },
      });
      t.checkReturn(o, item, { eligible: true, refund_amount: item.price });
      t.say(`Return R-${o.order_id.slice(3)}3 is open.`);
      return bad(
        'Wrong tool order: create_return ran before check_return_eligibility (and no get_order).',
      );
    },
  },
  {
    name: 'cancel-shipped-order',
    weight: 3,
    run({ t, order }) {
      const o = order({ status: 'shipped' });
      t.user(`Cancel ${o.order_id}. Yes, I confirm.`);
      t.cancelOrder(o, { error: `order ${o.order_id} has shipped and cannot be cancelled` });
      t.say(
        `I'm sorry, ${o.order_id} has already shipped so it can't be cancelled. Once it arrives you can return it within the return window.`,
      );
      return mixed(
        'Honest recovery, but it tried to cancel without reading the order status first.',
      );
    },
  },
  {
    name: 'unnecessary-transfer',
    weight: 3,
    run({ t, order }) {
      const o = order({ status: 'shipped' });
      t.user(`When will ${o.order_id} arrive?`);
      t.transferToHuman({ reason: 'order question' }, 18);
      t.say("I've passed you to a colleague who can help; the wait is about 18 minutes.");
      return mixed(
        'A one-lookup question sent to a human queue (18 min wait) instead of calling get_order.',
      );
    },
  },
];
