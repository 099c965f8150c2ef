import { validation } from '../../operations/errors.js';
import type { Capability } from '../../world/realtime-state.js';

/**
 * Limits the operation table cannot say (they span several values of a member), in the
 * validator's words, so an error still names the member and the rule.
 */

const fail = (member: string, rule: string): never => {
  throw validation(`Value at '${member}' failed to satisfy constraint: Member must ${rule}`);
};

/** Participant attributes: "The maximum length of this field is 1 KB total" (keys and values, UTF-8). */
export function checkAttributes(member: string, attributes: unknown): Record<string, string> {
  const attrs = { ...(attributes as Record<string, string> | undefined) };
  const bytes = Object.entries(attrs).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
  if (bytes > 1024) fail(member, `have at most 1 KB of keys and values in total (got ${bytes} bytes)`);
  return attrs;
}

/** Token capabilities: a set of PUBLISH and SUBSCRIBE; both by default. */
export function checkCapabilities(member: string, capabilities: unknown): Capability[] {
  if (capabilities === undefined) return ['PUBLISH', 'SUBSCRIBE'];
  const list = capabilities as Capability[];
  if (new Set(list).size !== list.length) fail(member, 'not contain duplicates');
  return [...list];
}

/** Encoder video settings: even width and height, at most 1920x1080 pixels in total. */
export function checkVideo(video: Record<string, unknown> | undefined): void {
  if (!video) return;
  const { width, height } = video;
  if (typeof width === 'number' && width % 2 !== 0) fail('video.width', 'be an even number');
  if (typeof height === 'number' && height % 2 !== 0) fail('video.height', 'be an even number');
  const pixels = (typeof width === 'number' ? width : 1280) * (typeof height === 'number' ? height : 720);
  if (pixels > 2_073_600)
    fail('video', `have width times height of at most 2073600 (1920x1080 or 1080x1920), got ${pixels}`);
}
