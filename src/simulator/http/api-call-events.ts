import type { OperationSpec } from '../operations/types.js';
import type { World } from '../world/world.js';

/** Operations that only read: CloudTrail sends no event for them to EventBridge. */
const READ = /^(Get|List|BatchGet)/;
/** What CloudTrail writes instead of a secret in a request or response. */
const HIDDEN = 'HIDDEN_DUE_TO_SECURITY_REASONS';
const SECRET_KEYS = new Set(['value', 'passphrase', 'token', 'privateKey', 'publicKeyMaterial']);

/** A copy of an input or output with secret values hidden, as CloudTrail records them. */
function hide(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(hide);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value).map(([k, v]) => [k, SECRET_KEYS.has(k) && typeof v === 'string' ? HIDDEN : hide(v)]),
  );
}

/**
 * "AWS API Call via CloudTrail": with a trail, every IVS (low-latency) call that changes
 * something reaches EventBridge with `source` `aws.ivs` and `detail.eventSource`
 * `ivs.amazonaws.com`, the operation as `eventName`, and no `resources`. Only successful
 * calls are sent here. RealTime's calls are not: their `eventSource` could not be checked.
 * See docs/EVENTS.md.
 */
export function announceApiCall(world: World, spec: OperationSpec, input: unknown, output: unknown): void {
  if (spec.service !== 'ivs' || READ.test(spec.name)) return;
  const timeMs = world.now();
  // CloudTrail writes times to the second.
  const eventTime = new Date(timeMs).toISOString().replace(/\.\d{3}Z$/, 'Z');
  world.events.emit(
    'AWS API Call via CloudTrail',
    undefined,
    {
      eventVersion: '1.08',
      userIdentity: { type: 'IAMUser', accountId: world.accountId },
      eventTime,
      eventSource: 'ivs.amazonaws.com',
      eventName: spec.name,
      awsRegion: world.region,
      sourceIPAddress: '127.0.0.1',
      userAgent: 'ivs-simulator',
      requestParameters: hide(input),
      responseElements: output === undefined ? null : hide(output),
      readOnly: false,
      eventType: 'AwsApiCall',
      managementEvent: true,
      recipientAccountId: world.accountId,
      eventCategory: 'Management',
    },
    timeMs,
    true,
  );
}
