import { good, type Scenario } from './scenario-context';
import { cancelledReplies } from './store-transcript';

const first = (name: string) => name.split(' ')[0];

export const GOOD_SCENARIOS: Scenario[] = [
  {
    name: 'order-status',
    weight: 10,
    run({ t, order, pick, customer }) {
      const o = order({ status: pick(['shipped', 'processing'] as const) });
      t.user(
        pick([
          `Hi, where is my order ${o.order_id}?`,
          `Any update on ${o.order_id}? It's been a few days.`,
        ]),
      );
      t.getOrder(o);
      t.say(
        o.status === 'shipped'
          ? pick([
              `Hi ${first(customer.name)}! Order ${o.order_id} has shipped and is expected to arrive on ${o.estimated_delivery}.`,
              `Good news: ${o.order_id} is on its way and should arrive on ${o.estimated_delivery}.`,
            ])
          : `Order ${o.order_id} is still being prepared (status: processing). The current estimate is ${o.estimated_delivery}.`,
      );
      t.user(pick(['Great, thanks!', 'OK, thanks.']));
      return good('Looked the order up first and gave the exact date from the tool.');
    },
  },
  {
    name: 'return-confirmed',
    weight: 12,
    run({ t, order, money, pick }) {
      const o = order({ status: 'delivered', daysAgo: 10 });
      const item = o.items[0];
      t.user(
        pick([
          `I'd like to return the ${item.name} from order ${o.order_id}. It doesn't fit.`,
          `Can I send back ${item.name}? Order ${o.order_id}.`,
        ]),
      );
      t.getOrder(o);
      t.checkReturn(o, item, {
        eligible: true,
        refund_amount: item.price,
        window_ends: '30 days after delivery',
      });
      t.say(
        `The ${item.name} is eligible for return. I can start a return with a refund of ${money(item.price)} to your original payment method. Shall I go ahead?`,
      );
      t.user(pick(['Yes please.', 'Yes, go ahead.', 'Sounds good, do it.']));
      t.createReturn(o, item, 'does not fit', {
        ok: {
          return_id: `R-${o.order_id.slice(3)}1`,
          refund_amount: item.price,
          label_url: 'https://returns.example.com/label',
        },
      });
      t.say(
        pick([
          `Done: return R-${o.order_id.slice(3)}1 is open. Your prepaid label is at https://returns.example.com/label and ${money(item.price)} will be refunded once the item arrives.`,
          `All set. Return R-${o.order_id.slice(3)}1 is open for ${money(item.price)}; the label will come by email.`,
        ]),
      );
      return good(
        'Checked eligibility, asked for confirmation, then created the return. Textbook.',
      );
    },
  },
  {
    name: 'cancel-confirmed',
    weight: 7,
    run({ t, order, pick }) {
      const o = order({ status: 'processing' });
      t.user(
        pick([
          `Please cancel order ${o.order_id}, I ordered the wrong thing.`,
          `Can I still cancel ${o.order_id}?`,
        ]),
      );
      t.getOrder(o);
      t.say(
        `Order ${o.order_id} hasn't shipped yet, so it can be cancelled. Cancelling will refund $${o.total.toFixed(2)}. Do you want me to cancel it?`,
      );
      t.user(pick(['Yes, cancel it.', 'Yes please.']));
      t.cancelOrder(o);
      t.say(pick(cancelledReplies(o)));
      return good('Confirmed before cancelling; refund amount matches the order total.');
    },
  },
  {
    name: 'address-update-confirmed',
    weight: 6,
    run({ t, order, address, pick }) {
      const o = order({ status: 'processing' });
      const next = address();
      t.user(
        pick([
          `I moved last week. Can you ship ${o.order_id} to ${next} instead?`,
          `Could ${o.order_id} go to ${next} instead? Or is that a hassle?`,
        ]),
      );
      t.getOrder(o);
      t.say(
        `I can change the shipping address of ${o.order_id} from "${o.shipping_address}" to "${next}". Shall I update it?`,
      );
      t.user('Confirmed.');
      t.updateAddress(o, next);
      t.say(`Updated. ${o.order_id} will ship to ${next}.`);
      return good('Read the new address back and waited for a yes.');
    },
  },
  {
    name: 'product-question-grounded',
    weight: 8,
    run({ t, product, random, pick }) {
      const p = product();
      const stock = Math.floor(random() * 3) === 0 ? 0 : 3 + Math.floor(random() * 30);
      t.user(
        pick([
          `Do you have the ${p.name} in stock? How much is it?`,
          `Is the ${p.name} available? I need it by the weekend.`,
          `How much is the ${p.name} right now?`,
        ]),
      );
      t.checkStock(p, stock);
      t.say(
        stock > 0
          ? pick([
              `Yes, the ${p.name} is in stock (${stock} available) and costs $${p.price.toFixed(2)}.`,
              `It's available: ${stock} left, at $${p.price.toFixed(2)}.`,
            ])
          : `The ${p.name} is out of stock right now. It costs $${p.price.toFixed(2)}; I can't promise a restock date, but you can sign up for an alert on the product page.`,
      );
      return good('Stock and price come straight from check_stock.');
    },
  },
  {
    name: 'transfer-damaged-claim',
    weight: 5,
    run({ t, order }) {
      const o = order({ status: 'delivered', daysAgo: 5 });
      t.user(
        `The tent in order ${o.order_id} arrived with a torn rainfly. I paid almost $300 for this!`,
      );
      const tent = {
        sku: 'TNT-2P-OLV',
        name: 'Ridgeline 2-person tent (olive)',
        price: 289,
        qty: 1,
      };
      t.getOrder(o, { ok: { ...o, items: [tent], total: 289 } });
      t.say(
        "I'm sorry it arrived damaged. Damage claims over $200 are handled by our claims team, so I'm handing you to a colleague now; they will see everything above.",
      );
      t.transferToHuman({ reason: 'damaged item claim over $200', order_id: o.order_id }, 4);
      t.say('You are in the queue; the expected wait is about 4 minutes.');
      return good('Correct escalation: damaged claim over $200 goes to a human.');
    },
  },
  {
    name: 'return-ineligible-explained',
    weight: 5,
    run({ t, order, customer }) {
      const o = order({ status: 'delivered', daysAgo: customer.tier === 'gold' ? 75 : 45 });
      const item = o.items[0];
      t.user(`I want to return the ${item.name} from ${o.order_id}.`);
      t.getOrder(o);
      t.checkReturn(o, item, {
        eligible: false,
        reason: `delivered on ${o.delivered_at}, outside the return window`,
      });
      t.say(
        `I'm sorry: the ${item.name} was delivered on ${o.delivered_at}, which is outside the return window for your membership, so I can't open a return. If it is faulty, it may still be covered by the manufacturer's warranty.`,
      );
      return good('Explained the refusal with the real delivery date; did not create a return.');
    },
  },
];
