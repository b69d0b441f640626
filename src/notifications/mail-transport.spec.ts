import { once } from 'node:events';
import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { Clock } from '../common/clock';
import { validateEnvironment } from '../config/environment';
import { MailTransport } from './mail-transport';

function transportFor(smtpUrl: string | undefined): MailTransport {
  return new MailTransport(validateEnvironment({ ...(smtpUrl ? { SMTP_URL: smtpUrl } : {}), MAIL_DIR: '/tmp/tt-mail-check' }), new Clock());
}

/** A server that takes the connection and never says a word, as a hung mail server does. */
async function silentServer(): Promise<{ server: Server; port: number; sockets: Socket[] }> {
  const sockets: Socket[] = [];
  const server = createServer((socket) => sockets.push(socket));
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  return { server, port: (server.address() as AddressInfo).port, sockets };
}

describe('MailTransport.checkConnection', () => {
  it('gives up on a server that never greets within a few seconds, saying why', async () => {
    const silent = await silentServer();
    const transport = transportFor(`smtp://someone:secret@127.0.0.1:${silent.port}`);
    try {
      const started = Date.now();
      const check = await transport.checkConnection();
      expect(Date.now() - started).toBeLessThan(4_500);
      expect(check).toEqual({ kind: 'smtp', destination: `127.0.0.1:${silent.port}`, reachable: false, error: expect.stringMatching(/ETIMEDOUT|no answer/) });
      expect(JSON.stringify(check)).not.toContain('secret');
    } finally {
      transport.close();
      for (const socket of silent.sockets) socket.destroy();
      silent.server.close();
    }
  });

  it('says where the files go when there is no SMTP server', async () => {
    const transport = transportFor(undefined);
    expect(await transport.checkConnection()).toEqual({ kind: 'file', destination: '/tmp/tt-mail-check', reachable: true, error: null });
    transport.close();
  });
});
