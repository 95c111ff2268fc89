/** Listings: lifecycle (this folder) and search (./search, re-exported whole). */
export type {
  ExtendedData,
  JsonValue,
  Listing,
  ListingActor,
  ListingFieldsInput,
  ListingState,
  ListingViewer,
} from './listing.ts';
export {
  LISTING_STATES,
  MAX_EXTENDED_DATA_BYTES,
  MAX_TITLE_LENGTH,
  isVisibleTo,
  listingAttributes,
} from './listing.ts';
export type { AvailabilityPlan, DayOfWeek, DayPlanEntry, TimePlanEntry } from './availability-plan.ts';
export { DAYS_OF_WEEK, parseAvailabilityPlan, isValidTimeZone } from './availability-plan.ts';
export { listingEventResource } from './listing-event.ts';
export { listingsNeedApproval } from './listing-permissions.ts';
export { textSearchFields, listingSchemaTexts, type TextSearchField } from './listing-search-text.ts';
export { createOwnListing, createListingAsOperator, type CreateOwnListingInput, type CreateListingAsOperatorInput } from './create-listing.ts';
export { updateListing, type UpdateListingInput } from './update-listing.ts';
export { publishDraft, openListing, closeListing, approveListing, type ChangeListingStateInput } from './change-listing-state.ts';
export { discardDraft } from './discard-draft.ts';
export { lockListing } from './lock-listing.ts';
export { findUsersAndImages } from './find-users-and-images.ts';
export { setListingStockQuantity } from './set-stock-quantity.ts';
export { addListingImage } from './add-listing-image.ts';
export { showListing, showOwnListing, showListingAsOperator, queryOwnListings, findListingsByIds, findCalendarListing } from './show-listing.ts';
export type { CalendarListing } from './show-listing.ts';
export * from './search/index.ts';
