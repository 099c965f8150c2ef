/** Channel reads, a chunk of their own, loaded as the store is made (see registry.ts). */
export { createChannelsApi as channels } from '../../resources/ivs/channels.js';
