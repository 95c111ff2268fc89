/** The event-log view of a message (domain §8.3): the Integration API resource with its to-one relationships. */
import type { WireMap } from '../events/index.ts';
import { Keyword, Uuid, type WireValue } from '../../lib/values.ts';
import { messageAttributes, type Message } from './message.ts';

const ref = (type: string, id: string): WireValue => ({ id: new Uuid(id), type: new Keyword(type) });

/** The message as the Integration API shows it, with `sender` and `transaction`. */
export function messageEventResource(m: Message): WireMap {
  return {
    id: new Uuid(m.id),
    type: new Keyword('message'),
    attributes: messageAttributes(m),
    relationships: {
      sender: { data: ref('user', m.senderId) },
      transaction: { data: ref('transaction', m.transactionId) },
    },
  };
}
