/**
 * Every migration, in order. Add new ones at the end with the next number; never edit an applied one.
 */
import type { Migration } from 'kysely';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-images.ts';
import * as m0003idp from './0003-idp.ts';
import * as m0004users from './0004-users.ts';
import * as m0005searchSchemas from './0005-search-schemas.ts';
import * as m0006listings from './0006-listings.ts';
import * as m0007capacity from './0007-capacity.ts';
import * as m0012payments from './0012-payments.ts';
import * as m0009processesAndJobs from './0009-processes-and-jobs.ts';
import * as m0008searchPerf from './0008-search-perf.ts';
import * as m0015availabilitySearch from './0015-availability-search.ts';
import * as m0010transactions from './0010-transactions.ts';
import * as m0011messagesAndReviews from './0011-messages-and-reviews.ts';
import * as m0016capacityByEnd from './0016-capacity-by-end.ts';
import * as m0018paymentLease from './0018-payment-lease.ts';
import * as m0019capacityRevision from './0019-capacity-revision.ts';

export const migrations: Record<string, Migration> = {
  '0001-foundation': m0001,
  '0002-images': m0002,
  '0003-idp': m0003idp,
  '0004-users': m0004users,
  '0005-search-schemas': m0005searchSchemas,
  '0006-listings': m0006listings,
  '0007-capacity': m0007capacity,
  '0012-payments': m0012payments,
  '0009-processes-and-jobs': m0009processesAndJobs,
  '0008-search-perf': m0008searchPerf,
  '0015-availability-search': m0015availabilitySearch,
  '0010-transactions': m0010transactions,
  '0011-messages-and-reviews': m0011messagesAndReviews,
  '0016-capacity-by-end': m0016capacityByEnd,
  '0018-payment-lease': m0018paymentLease,
  '0019-capacity-revision': m0019capacityRevision,
};
