/** Live streams, a chunk of their own: a dashboard of health loads them, a channel manager never does. */
export { createStreamsApi as streams } from '../../resources/ivs/streams.js';
