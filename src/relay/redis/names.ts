/** Every key and channel of ours in Redis starts so (group names already do: they are not doubled). */
export const redisName = (name: string) => (name.startsWith('ivs-store:') ? name : `ivs-store:${name}`);

export function abortError(message = 'The request was aborted'): Error {
  const e = new Error(message);
  e.name = 'AbortError';
  return e;
}
