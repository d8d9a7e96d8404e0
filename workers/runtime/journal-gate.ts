/**
 * Write-ahead at the edge of the process: a socket whose every `send` first flushes the input journal, so nothing a
 * worker sends can be seen outside before the inputs that caused it are in the file. The journal's buffer thereby
 * empties at most once per frame sent, and under load frames carry batches: the flushes batch with them.
 */

/** Anything with a `send`, e.g. a zeromq socket. */
interface Sends {
  send(...args: never[]): unknown;
}

/** `socket`, with `beforeSend` called before each of its sends; everything else passes through to the socket. */
export function journalGated<T extends Sends>(socket: T, beforeSend: () => void): T {
  const send = (...args: Parameters<T['send']>): unknown => {
    beforeSend();
    return (socket.send as (...a: unknown[]) => unknown).apply(socket, args);
  };
  return new Proxy(socket, {
    get(target, property) {
      if (property === 'send') return send;
      const value: unknown = Reflect.get(target, property, target);
      // Native socket methods must run with the socket itself as `this`, not the proxy.
      return typeof value === 'function' ? (value as (...a: unknown[]) => unknown).bind(target) : value;
    },
  });
}
