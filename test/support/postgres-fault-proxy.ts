import { AddressInfo, createServer, Server, Socket } from 'node:net';

/** PostgreSQL's FATAL "terminating connection due to administrator command" (SQLSTATE 57P01), as a fast shutdown sends it. */
function adminShutdownMessage(): Buffer {
  const fields = Buffer.concat(
    [
      ['S', 'FATAL'],
      ['V', 'FATAL'],
      ['C', '57P01'],
      ['M', 'terminating connection due to administrator command'],
    ].map(([code, value]) => Buffer.from(`${code}${value}\0`)),
  );
  const body = Buffer.concat([fields, Buffer.from([0])]);
  const head = Buffer.alloc(5);
  head.write('E', 0);
  head.writeUInt32BE(body.length + 4, 1);
  return Buffer.concat([head, body]);
}

/**
 * A TCP proxy in front of a PostgreSQL server that can end connections at chosen moments, to
 * test what the app does with faults a real server produces only by chance. Server messages are
 * `type byte, int32 length, body` once the startup is answered; the client's side is passed on as is.
 */
export class PostgresFaultProxy {
  private readonly sockets = new Set<Socket>();
  private shutdownsAfterStartup = 0;

  private constructor(
    private readonly server: Server,
    private readonly target: { host: string; port: number },
  ) {
    server.on('connection', (client) => this.relay(client));
  }

  static async start(target: { host: string; port: number }): Promise<PostgresFaultProxy> {
    const server = createServer();
    const proxy = new PostgresFaultProxy(server, target);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return proxy;
  }

  get port(): number {
    return (this.server.address() as AddressInfo).port;
  }

  /**
   * The next `count` connections are answered as a server shutting down at the worst moment: the
   * end of the startup (ReadyForQuery) and the FATAL arrive in one packet, then the socket closes.
   */
  shutDownAfterStartup(count: number): void {
    this.shutdownsAfterStartup = count;
  }

  /** Ends every open connection at once, as a server that went away. */
  dropAll(): void {
    for (const socket of this.sockets) socket.destroy();
  }

  async stop(): Promise<void> {
    this.dropAll();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: Socket): void {
    const upstream = new Socket();
    this.sockets.add(client).add(upstream);
    const forget = () => {
      this.sockets.delete(client);
      this.sockets.delete(upstream);
      client.destroy();
      upstream.destroy();
    };
    client.on('close', forget).on('error', forget);
    upstream.on('close', forget).on('error', forget);
    const shutDown = this.shutdownsAfterStartup > 0;
    if (shutDown) this.shutdownsAfterStartup -= 1;
    upstream.connect(this.target.port, this.target.host);
    client.pipe(upstream);
    if (!shutDown) {
      upstream.pipe(client);
      return;
    }
    let held = Buffer.alloc(0);
    upstream.on('data', (chunk: Buffer) => {
      held = Buffer.concat([held, chunk]);
      const end = endOfReadyForQuery(held);
      if (end === undefined) return;
      client.end(Buffer.concat([held.subarray(0, end), adminShutdownMessage()]));
      upstream.destroy();
    });
  }
}

/** The offset just past the first ReadyForQuery ('Z') message in `data`, if it holds a whole one. */
function endOfReadyForQuery(data: Buffer): number | undefined {
  let offset = 0;
  while (offset + 5 <= data.length) {
    const end = offset + 1 + data.readUInt32BE(offset + 1);
    if (end > data.length) return undefined;
    if (data[offset] === 'Z'.charCodeAt(0)) return end;
    offset = end;
  }
  return undefined;
}
