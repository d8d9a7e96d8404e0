/**
 * Socket construction with the options every worker wants: no linger (a stopping process exits promptly, and the
 * order path never relies on linger — it has acknowledgements and resends), large high-water marks, and publishers
 * that block instead of dropping where nothing may be lost.
 */
import * as zmq from 'zeromq';

/** Inbound and outbound queue bounds, in messages (frames). */
export const HIGH_WATER_MARK = 1_000_000;

/** Kinds of socket a worker uses. */
export type SocketKind = 'pub' | 'sub' | 'push' | 'pull' | 'router' | 'dealer';

/** Creates a socket of `kind` with the runtime's defaults. */
export function createSocket(kind: SocketKind, options: { routingId?: string; noDrop?: boolean } = {}): zmq.Socket {
  const common = { linger: 0, sendHighWaterMark: HIGH_WATER_MARK, receiveHighWaterMark: HIGH_WATER_MARK };
  // Send-only and receive-only sockets refuse the options of the other direction.
  const sendOnly = { linger: 0, sendHighWaterMark: HIGH_WATER_MARK };
  const receiveOnly = { linger: 0, receiveHighWaterMark: HIGH_WATER_MARK };
  switch (kind) {
    case 'pub':
      return new zmq.Publisher({ ...sendOnly, noDrop: options.noDrop ?? false });
    case 'sub':
      return new zmq.Subscriber(receiveOnly);
    case 'push':
      return new zmq.Push(sendOnly);
    case 'pull':
      return new zmq.Pull(receiveOnly);
    case 'router':
      return new zmq.Router({ ...common, mandatory: false });
    case 'dealer':
      return new zmq.Dealer(options.routingId === undefined ? common : { ...common, routingId: options.routingId });
  }
}

/** Reads every message of `socket` until it is closed; errors other than closing are reported, not thrown. */
export async function readLoop(
  socket: zmq.Socket & AsyncIterable<Buffer[]>,
  onFrames: (frames: Buffer[]) => void,
  onError: (error: Error) => void,
): Promise<void> {
  try {
    for await (const frames of socket) onFrames(frames);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code !== 'EAGAIN' && code !== 'ETERM' && !socket.closed) onError(error as Error);
  }
}

/** Binds, turning "address in use" into an error that names the endpoint. */
export async function bindSocket(socket: zmq.Socket, endpoint: string, what: string): Promise<void> {
  try {
    await socket.bind(endpoint);
  } catch (error) {
    const code = (error as { code?: string }).code;
    const why = code === 'EADDRINUSE' ? 'address already in use (is another terminal running?)' : (error as Error).message;
    throw new Error(`cannot bind ${what} at ${endpoint}: ${why}`);
  }
}
