// The parameters of a transition (domain §1.10): the union of its actions' parameters. Required ones
// must be present before anything runs; parameters no action consumes are tolerated (the web
// template sends `cardToken`, `priceVariantName`), and each action validates the values it reads.
import { badRequest } from '../../domain/errors.ts';
import { actionSpec, initializerFor, type TransitionDef } from '../definition/index.ts';

/** Wire type names of parameters, as `processTransition.params` shows them (catalogue §5.14). */
const PARAM_TYPES: Readonly<Record<string, string>> = {
  listingId: 'uuid',
  bookingStart: 'timestamp',
  bookingEnd: 'timestamp',
  bookingDisplayStart: 'timestamp',
  bookingDisplayEnd: 'timestamp',
  seats: 'integer',
  stockReservationQuantity: 'integer',
  protectedData: 'object',
  metadata: 'object',
  lineItems: '[lineItem]',
  negotiatedTotal: 'money',
  reviewRating: 'integer',
  reviewContent: 'string',
  quantity: 'integer',
  quantity1: 'integer',
  quantity2: 'integer',
  paymentMethod: 'string',
  setupPaymentMethodForSaving: 'boolean',
  paymentMethodTypes: '[string]',
};

/** The action names a transition runs, the implicit initializer first for initial transitions. */
export function actionNamesOf(transition: TransitionDef): string[] {
  const names = transition.actions.map((a) => a.name);
  if (transition.from === undefined && transition.actor !== undefined && transition.actor !== 'actor.role/operator') {
    return [initializerFor(transition.actor), ...names];
  }
  return names;
}

/** Required and optional parameters of a transition with their wire types. */
export function transitionParams(transition: TransitionDef): { req: Record<string, string>; opt: Record<string, string> } {
  const req: Record<string, string> = {};
  const opt: Record<string, string> = {};
  for (const name of actionNamesOf(transition)) {
    for (const param of actionSpec(name)?.params ?? []) {
      const type = PARAM_TYPES[param.name] ?? 'object';
      if (param.required) {
        req[param.name] = type;
        delete opt[param.name];
      } else if (!Object.hasOwn(req, param.name)) {
        opt[param.name] = type;
      }
    }
  }
  return { req, opt };
}

/**
 * Checks that every required parameter of the transition is given (not null). Throws bad-request
 * `validation-missing-key` naming the first missing one and the action that needs it.
 */
export function assertRequiredParams(transition: TransitionDef, params: Readonly<Record<string, unknown>>): void {
  for (const name of actionNamesOf(transition)) {
    for (const param of actionSpec(name)?.params ?? []) {
      if (!param.required) continue;
      const value = Object.hasOwn(params, param.name) ? params[param.name] : undefined;
      if (value === undefined || value === null) {
        throw badRequest('validation-missing-key', `params.${param.name} is required by ${name} in ${transition.name}.`, {
          type: 'body',
          path: ['params', param.name],
        });
      }
    }
  }
}
