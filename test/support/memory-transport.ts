import type { Message, Transport } from '../../src/index.js';

/**
 * A group's messages in memory, delivered as a BroadcastChannel delivers them: to every
 * other member, later (a task, not a microtask), as a structured clone. `log` keeps them all.
 */
export class Hub {
  readonly log: Message[] = [];
  private readonly members = new Set<(m: Message) => void>();

  transport(): Transport & { receive: (m: Message) => void } {
    const listeners = new Set<(m: Message) => void>();
    const receive = (m: Message) => {
      for (const l of listeners) l(m);
    };
    let closed = false;
    this.members.add(receive);
    return {
      receive,
      post: (message) => {
        if (closed) return;
        this.log.push(message);
        const copy = structuredClone(message);
        for (const m of this.members) if (m !== receive) setTimeout(() => m(copy), 0);
      },
      listen: (fn) => {
        listeners.add(fn);
        return () => listeners.delete(fn);
      },
      close: () => {
        closed = true;
        this.members.delete(receive);
      },
    };
  }

  of<T extends Message['t']>(t: T): Array<Extract<Message, { t: T }>> {
    return this.log.filter((m): m is Extract<Message, { t: T }> => m.t === t);
  }
}

export const tick = (ms = 5) => new Promise((r) => setTimeout(r, ms));
