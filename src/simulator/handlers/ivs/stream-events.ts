import type { StreamSessionRecord } from '../../world/ivs-state.js';
import type { World } from '../../world/world.js';

/**
 * A stream session's event, as EventBridge carries it (field names from the IVS
 * Low-Latency user guide, see docs/EVENTS.md). Called wherever a stream session records
 * an event, so the session's `truncatedEvents` and the EventBridge feed never disagree.
 */
export function announceStreamEvent(
  world: World,
  session: StreamSessionRecord,
  name: string,
  detailType: string,
  timeMs: number,
): void {
  const channelName = world.ivs.channels.get(session.channelArn)?.name ?? String(session.channel.name ?? '');
  const base = { channel_name: channelName, stream_id: session.streamId };
  if (detailType === 'IVS Recording State Change') {
    world.events.emit(
      detailType,
      session.channelArn,
      { ...base, ...recordingDetail(world, session, name, timeMs) },
      timeMs,
    );
    return;
  }
  // The guide's Stream Failure example carries a human-readable `reason`.
  const extra: Record<string, string> = name === 'Stream Failure' ? { reason: 'The simulated broadcast failed.' } : {};
  world.events.emit(detailType, session.channelArn, { event_name: name, ...base, ...extra }, timeMs);
}

/**
 * Recording fields. The key prefix follows the documented layout
 * `ivs/v1/<account>/<channel id>/<year>/<month>/<day>/<hour>/<minute>/<recording id>`;
 * the recording id is derived from the stream id so start and end agree without storing it.
 */
function recordingDetail(
  world: World,
  session: StreamSessionRecord,
  name: string,
  timeMs: number,
): Record<string, string | number | string[]> {
  const destination = session.recordingConfiguration?.destinationConfiguration as
    | { s3?: { bucketName?: string } }
    | undefined;
  const t = session.startTime;
  const channelId = session.channelArn.split('/')[1] ?? '';
  const recordingId = session.streamId.slice(-12);
  const when = [t.getUTCFullYear(), t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes()];
  const end = name === 'Recording End';
  return {
    recording_status: name,
    recording_status_reason: '',
    recording_s3_bucket_name: destination?.s3?.bucketName ?? '',
    recording_s3_key_prefix: ['ivs/v1', world.accountId, channelId, ...when, recordingId].join('/'),
    recording_duration_ms: end ? timeMs - t.getTime() : 0,
    recording_session_id: session.streamId.slice(3, 19),
    ...(end ? { recording_session_stream_ids: [session.streamId] } : {}),
  };
}
