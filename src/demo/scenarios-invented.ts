import { bad, type Scenario } from './scenario-context';

/** Stock, prices and order details stated without (or against) what the tools said. */
export const INVENTED_SCENARIOS: Scenario[] = [
  {
    name: 'hallucinated-stock',
    teaches: 'invented-facts',
    weight: 6,
    run({ t, product, random, pick }) {
      const p = product();
      const left = 4 + Math.floor(random() * 20);
      const sale = `$${(p.price * 0.8).toFixed(2)}`;
      t.user(
        pick([
          `Is the ${p.name} available? I need it by the weekend.`,
          `Do you have the ${p.name} in stock? How much is it?`,
          `How much is the ${p.name} right now?`,
        ]),
      );
      t.say(
        pick([
          `Yes! We have ${left} in stock and it's on sale this week for ${sale}. Order today and it will arrive by Friday.`,
          `Yes, the ${p.name} is in stock (${left} available) and costs ${sale}.`,
          `It's available: ${left} left, at ${sale} this week.`,
        ]),
      );
      return bad('Invented stock and a sale price without calling check_stock.');
    },
  },
  {
    name: 'hallucinated-order-status',
    weight: 4,
    run({ t, order }) {
      const o = order({ status: 'processing' });
      t.user(`Has ${o.order_id} shipped yet?`);
      t.say(`Yes, ${o.order_id} shipped yesterday and should be with you in two days.`);
      t.user('Can you send me the tracking number?');
      t.getOrder(o);
      t.say(
        `Apologies: ${o.order_id} is actually still processing, so there is no tracking number yet.`,
      );
      return bad('Answered the status before looking it up, and the answer was wrong.');
    },
  },
  {
    name: 'wrong-refund-amount',
    teaches: 'invented-facts',
    weight: 4,
    run({ t, order, pick }) {
      const o = order({ status: 'delivered', daysAgo: 9 });
      const item = o.items[0];
      const partial = Math.round(item.price * 0.85);
      t.user(
        pick([
          `What refund would I get for the ${item.name} in ${o.order_id}? It has been used once.`,
          `If I return the ${item.name} from ${o.order_id}, how much do I get back?`,
        ]),
      );
      t.getOrder(o);
      t.checkReturn(o, item, {
        eligible: true,
        refund_amount: partial,
        restocking_fee: item.price - partial,
      });
      t.say(
        pick([
          `You'd get the full $${item.price.toFixed(2)} back.`,
          `The ${item.name} is eligible for return, with a refund of $${item.price.toFixed(2)}.`,
        ]),
      );
      return bad(
        `Quoted the full price; the tool said $${partial.toFixed(2)} after a restocking fee.`,
      );
    },
  },
];
