import type { HandlerTable } from '../types.js';
import { channelHandlers } from './channels.js';
import { configurationHandlers } from './configurations.js';
import { streamKeyHandlers } from './stream-keys.js';
import { streamHandlers } from './streams.js';
import { viewerSessionHandlers } from './viewer-sessions.js';

/** Every IVS operation but the tag operations (shared with RealTime, in ../tags.ts). */
export const ivsHandlers: HandlerTable = {
  ...channelHandlers,
  ...streamKeyHandlers,
  ...streamHandlers,
  ...configurationHandlers,
  ...viewerSessionHandlers,
};
