/**
 * Small processes written for the engine tests, for the paths the fixture processes reach only
 * through payment actions (payments are another issue): a booking request with
 * accept / decline / expire and reviews, and a stock purchase with delivery and reviews. They use
 * only non-payment actions; `privileged-set-line-items` makes the request privileged, as in the
 * fixtures.
 */
import { template } from './helpers.ts';

/** Request → accept | decline | expire (3 days, or at booking start), then completion and reviews. */
export const BOOKING_REQUEST_PROCESS = {
  source: `{:format :v3
 :transitions
 [{:name :transition/request
   :actor :actor.role/customer
   :privileged? true
   :actions [{:name :action/update-protected-data}
             {:name :action/create-pending-booking :config {:type :time}}
             {:name :action/privileged-set-line-items}]
   :to :state/requested}
  {:name :transition/accept
   :actor :actor.role/provider
   :actions [{:name :action/accept-booking}]
   :from :state/requested
   :to :state/accepted}
  {:name :transition/decline
   :actor :actor.role/provider
   :actions [{:name :action/calculate-full-refund}
             {:name :action/decline-booking}]
   :from :state/requested
   :to :state/declined}
  {:name :transition/expire
   :at {:fn/min [{:fn/plus [{:fn/timepoint [:time/first-entered-state :state/requested]}
                            {:fn/period ["P3D"]}]}
                 {:fn/timepoint [:time/booking-start]}]}
   :actions [{:name :action/calculate-full-refund}
             {:name :action/decline-booking}]
   :from :state/requested
   :to :state/expired}
  {:name :transition/operator-cancel
   :actor :actor.role/operator
   :actions [{:name :action/calculate-full-refund}
             {:name :action/cancel-booking}]
   :from :state/accepted
   :to :state/cancelled}
  {:name :transition/complete
   :at {:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/period ["P1D"]}]}
   :actions []
   :from :state/accepted
   :to :state/delivered}
  {:name :transition/review-1-by-customer
   :actor :actor.role/customer
   :actions [{:name :action/post-review-by-customer}]
   :from :state/delivered
   :to :state/reviewed-by-customer}
  {:name :transition/review-2-by-provider
   :actor :actor.role/provider
   :actions [{:name :action/post-review-by-provider}
             {:name :action/publish-reviews}]
   :from :state/reviewed-by-customer
   :to :state/reviewed}
  {:name :transition/expire-provider-review-period
   :at {:fn/plus [{:fn/timepoint [:time/booking-end]} {:fn/period ["P7D"]}]}
   :actions [{:name :action/publish-reviews}]
   :from :state/reviewed-by-customer
   :to :state/reviewed}]
 :notifications
 [{:name :notification/new-request
   :on :transition/request
   :to :actor.role/provider
   :template :new-request}
  {:name :notification/request-reminder
   :on :transition/request
   :to :actor.role/provider
   :template :request-reminder
   :at {:fn/plus [{:fn/timepoint [:time/first-entered-state :state/requested]} {:fn/period ["P1D"]}]}}
  {:name :notification/accepted
   :on :transition/accept
   :to :actor.role/customer
   :template :accepted}]}`,
  templates: {
    'new-request': template('New request for {{transaction.listing.title}}', '<p>{{other-party.display-name}} asked for {{transaction.booking.seats}} seat(s).</p>'),
    'request-reminder': template('Reminder: answer {{other-party.display-name}}', '<p>The request for {{transaction.listing.title}} is waiting.</p>'),
    accepted: template('Accepted: {{transaction.listing.title}}', '<p>{{other-party.display-name}} accepted; total {{transaction.payin-total.amount}} {{transaction.payin-total.currency}}.</p>'),
  },
};

/** Request (stock taken) → accept | decline; delivered → received (immediately completed) → reviews. */
export const STOCK_PURCHASE_PROCESS = {
  source: `{:format :v3
 :transitions
 [{:name :transition/request
   :actor :actor.role/customer
   :privileged? true
   :actions [{:name :action/update-protected-data}
             {:name :action/create-pending-stock-reservation}
             {:name :action/privileged-set-line-items}]
   :to :state/requested}
  {:name :transition/accept
   :actor :actor.role/provider
   :actions [{:name :action/accept-stock-reservation}]
   :from :state/requested
   :to :state/purchased}
  {:name :transition/decline
   :actor :actor.role/provider
   :actions [{:name :action/calculate-full-refund}
             {:name :action/decline-stock-reservation}]
   :from :state/requested
   :to :state/declined}
  {:name :transition/mark-delivered
   :actor :actor.role/provider
   :actions []
   :from :state/purchased
   :to :state/delivered}
  {:name :transition/operator-cancel
   :actor :actor.role/operator
   :actions [{:name :action/calculate-full-refund}
             {:name :action/cancel-stock-reservation}]
   :from :state/purchased
   :to :state/canceled}
  {:name :transition/mark-received
   :actor :actor.role/customer
   :actions []
   :from :state/delivered
   :to :state/received}
  {:name :transition/auto-complete
   :at {:fn/timepoint [:time/first-entered-state :state/received]}
   :actions []
   :from :state/received
   :to :state/completed}
  {:name :transition/review-1-by-customer
   :actor :actor.role/customer
   :actions [{:name :action/post-review-by-customer}]
   :from :state/completed
   :to :state/reviewed-by-customer}
  {:name :transition/review-2-by-provider
   :actor :actor.role/provider
   :actions [{:name :action/post-review-by-provider}
             {:name :action/publish-reviews}]
   :from :state/reviewed-by-customer
   :to :state/reviewed}
  {:name :transition/expire-review-period
   :at {:fn/plus [{:fn/timepoint [:time/first-entered-state :state/received]} {:fn/period ["P7D"]}]}
   :actions []
   :from :state/completed
   :to :state/reviewed}]}`,
  templates: {},
};
