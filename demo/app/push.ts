import type { EventsOptions, fromEventSource } from 'ivs-store';
import type { DemoConfig } from './config.js';

/** The page's address says whether the "push events" switch is on: `?push=1`. */
export const PUSH_PARAM = 'push';

/** Why the switch is off in AWS mode: a browser cannot subscribe to EventBridge. */
export const PUSH_AWS_TITLE =
  'EventBridge cannot reach a browser: the app must forward the IVS events to the page itself (a Lambda or API Gateway to SSE, or AppSync subscriptions; docs/PUSH-APPSYNC.md). The simulator serves its own at /_events.';

/** Whether the page was opened with push on (simulator mode only; a relay's page gets what its relay reads). */
export function pushWanted(config: DemoConfig, search: string): boolean {
  return config.mode === 'simulator' && !config.relay && new URLSearchParams(search).get(PUSH_PARAM) === '1';
}

/** The same address with the switch turned `on` or off: the page reloads there. */
export function withPush(href: string, on: boolean): string {
  const url = new URL(href);
  if (on) url.searchParams.set(PUSH_PARAM, '1');
  else url.searchParams.delete(PUSH_PARAM);
  return url.href;
}

/**
 * The simulator's Server-Sent Events (docs/EVENTS.md): `GET /_events`, with the page's
 * credentials as `?token=<accessKeyId>:<secretAccessKey>`, since an EventSource cannot sign.
 */
export function eventsUrl(config: DemoConfig): string {
  if (config.mode !== 'simulator' || !config.endpoint || !config.credentials)
    throw new Error('push events come from the simulator only, to a page with its own credentials');
  const { accessKeyId, secretAccessKey } = config.credentials;
  return `${config.endpoint.replace(/\/$/, '')}/_events?token=${encodeURIComponent(`${accessKeyId}:${secretAccessKey}`)}`;
}

/**
 * What the page's events cover: every kind, channels too, since the simulator also sends the
 * API calls that change them ("AWS API Call via CloudTrail"), as an account with a trail does.
 */
export const PUSH_COVERS: NonNullable<EventsOptions['covers']> = [
  'streams',
  'participants',
  'stages',
  'compositions',
  'streamSessions',
  'channels',
];

/**
 * The store's `events` option with the switch on: the simulator's events over SSE, which
 * heartbeats every 15 s. The default safety interval (60 s) applies: what the events cover
 * is read that rarely while the feed is healthy; joins and leaves of people who never
 * publish have no event, so a panel shows them at that read.
 */
export function pushEvents(config: DemoConfig, lib: { fromEventSource: typeof fromEventSource }): EventsOptions {
  return { source: lib.fromEventSource(eventsUrl(config)), covers: PUSH_COVERS };
}
