import { changeMarketplaceSettings, marketplaceBySlug } from '../marketplaces/index.ts';
import type { Executor, Trx } from '../../store/db.ts';
import { DISABLEABLE_EMAILS, type DisableableEmail } from './email.ts';

/** A marketplace's email settings as operators see and change them. */
export interface EmailSettings {
  /** Built-in emails the marketplace does not send (only kinds an operator may turn off). */
  disabledEmails: DisableableEmail[];
}

const emailSettingsOf = (settings: Readonly<Record<string, unknown>>): EmailSettings => {
  const stored = settings.disabledEmails;
  const names: readonly unknown[] = Array.isArray(stored) ? stored : [];
  return { disabledEmails: DISABLEABLE_EMAILS.filter((kind) => names.includes(kind)) };
};

/** A marketplace's email settings, by slug. Throws not-found. */
export async function showEmailSettings(db: Executor, input: { marketplaceSlug: string }): Promise<EmailSettings> {
  return emailSettingsOf((await marketplaceBySlug(db, input.marketplaceSlug)).settings);
}

/**
 * Replaces the list of built-in emails a marketplace does not send (operators: `bazaar marketplace
 * config --disabled-emails`), keeping its other settings, and returns the result. The kinds are the
 * ones domain §10.1 lets an operator turn off; the caller validates names (the Admin API schema).
 * Throws not-found.
 */
export async function configureEmailSettings(
  trx: Trx,
  input: { marketplaceSlug: string; disabledEmails?: readonly DisableableEmail[] | undefined },
): Promise<EmailSettings> {
  if (input.disabledEmails === undefined) return showEmailSettings(trx, input);
  const disabledEmails = DISABLEABLE_EMAILS.filter((kind) => input.disabledEmails?.includes(kind));
  const updated = await changeMarketplaceSettings(trx, input.marketplaceSlug, (settings) => ({ ...settings, disabledEmails }));
  return emailSettingsOf(updated.settings);
}
