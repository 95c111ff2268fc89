/**
 * Row types of every table, composed from one file per module under ./tables/.
 * Migrations (./migrations/) are the truth; these types follow them.
 */
import type { MarketplaceTables } from './tables/marketplaces.ts';
import type { IdentityTables } from './tables/identity.ts';
import type { EventTables } from './tables/events.ts';
import type { AssetTables } from './tables/assets.ts';
import type { ImageTables } from './tables/images.ts';
import type { IdpTables } from './tables/idp.ts';
import type { ListingTables } from './tables/listings.ts';
import type { UserTables } from './tables/users.ts';
import type { SearchSchemaTables } from './tables/search-schemas.ts';
import type { CapacityTables } from './tables/capacity.ts';
import type { MessageReviewTables } from './tables/messages-reviews.ts';
import type { PaymentTables } from './tables/payments.ts';
import type { ProcessTables } from './tables/processes.ts';
import type { JobTables } from './tables/jobs.ts';
import type { TransactionTables } from './tables/transactions.ts';

// One table group per line, so parallel changes add lines instead of editing one.
export interface Database
  extends MarketplaceTables,
    IdentityTables,
    EventTables,
    AssetTables,
    ImageTables,
    IdpTables,
    ListingTables,
    UserTables,
    SearchSchemaTables,
    CapacityTables,
    MessageReviewTables,
    PaymentTables,
    ProcessTables,
    JobTables,
    TransactionTables {}
