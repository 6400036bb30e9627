import type { Channel } from '../shared/contracts/common.js';
import type { CatalogueTypeDefinition } from '../shared/contracts/touchpoint-types.js';

/**
 * The demo hotel group's touch-point catalogue: every type the generator writes, in the order
 * front-desk staff think of a stay, with satisfaction asked where the group rates the service.
 */
export const DEMO_TOUCHPOINT_TYPES: readonly CatalogueTypeDefinition[] = [
  { key: 'reservation', label: 'Reservation', defaultChannel: 'phone', capturesSatisfaction: false },
  { key: 'booking_request', label: 'Booking request', defaultChannel: 'email', capturesSatisfaction: false },
  { key: 'check_in', label: 'Check-in', defaultChannel: 'front_desk', capturesSatisfaction: true },
  { key: 'check_out', label: 'Check-out', defaultChannel: 'front_desk', capturesSatisfaction: true },
  { key: 'room_service', label: 'Room service', defaultChannel: 'restaurant', capturesSatisfaction: true },
  { key: 'restaurant_visit', label: 'Restaurant', defaultChannel: 'restaurant', capturesSatisfaction: true },
  { key: 'spa_booking', label: 'Spa booking', defaultChannel: 'spa', capturesSatisfaction: false },
  { key: 'spa_visit', label: 'Spa', defaultChannel: 'spa', capturesSatisfaction: true },
  { key: 'call', label: 'Call', defaultChannel: 'phone', capturesSatisfaction: true },
  { key: 'web_visit', label: 'Web visit', defaultChannel: 'web', capturesSatisfaction: false },
  { key: 'email_open', label: 'E-mail opened', defaultChannel: 'email', capturesSatisfaction: false },
  { key: 'email_click', label: 'E-mail link clicked', defaultChannel: 'email', capturesSatisfaction: false },
  {
    key: 'newsletter_signup',
    label: 'Newsletter sign-up',
    defaultChannel: 'web',
    capturesSatisfaction: false,
  },
  { key: 'app_session', label: 'App', defaultChannel: 'app', capturesSatisfaction: false },
  { key: 'review', label: 'Review', defaultChannel: 'web', capturesSatisfaction: true },
  { key: 'suggestion', label: 'Suggestion', defaultChannel: 'web', capturesSatisfaction: false },
  { key: 'referral', label: 'Referral', defaultChannel: 'web', capturesSatisfaction: false },
  { key: 'feedback_survey', label: 'Feedback survey', defaultChannel: 'email', capturesSatisfaction: true },
  { key: 'complaint', label: 'Complaint', defaultChannel: null, capturesSatisfaction: true },
  { key: 'social_mention', label: 'Social mention', defaultChannel: 'social', capturesSatisfaction: false },
];

/** The group's channel choices: its reception is "Reception", and it sends no SMS or post. */
export const DEMO_CHANNELS: readonly { channel: Channel; enabled: boolean; label: string | null }[] = [
  { channel: 'front_desk', enabled: true, label: 'Reception' },
  { channel: 'sms', enabled: false, label: null },
  { channel: 'post', enabled: false, label: null },
];
