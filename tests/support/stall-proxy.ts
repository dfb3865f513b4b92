import net from "node:net";

/**
 * A loopback TCP proxy whose traffic a test can stall: while paused, bytes in both directions are
 * held (connections stay open, as with a database that stops answering), and resume() delivers them.
 */
export interface StallProxy {
  /** The same `postgres://…` URL, through the proxy. */
  via(databaseUrl: string): string;
  pause(): void;
  resume(): void;
  close(): Promise<void>;
}

/** Proxies to the PostgreSQL server of `serverUrl` (any database on it: the name travels in the protocol). */
export async function startStallProxy(serverUrl: string): Promise<StallProxy> {
  const target = new URL(serverUrl);
  let paused = false;
  const held: (() => void)[] = [];
  const sockets = new Set<net.Socket>();
  const forward = (from: net.Socket, to: net.Socket) =>
    from.on("data", (chunk) => {
      if (paused) held.push(() => to.write(chunk));
      else to.write(chunk);
    });
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(target.port || 5432), target.hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on("error", () => undefined);
      s.on("close", () => {
        sockets.delete(s);
        client.destroy();
        upstream.destroy();
      });
    }
    forward(client, upstream);
    forward(upstream, client);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = String((server.address() as net.AddressInfo).port);
  return {
    via(databaseUrl) {
      const url = new URL(databaseUrl);
      url.hostname = "127.0.0.1";
      url.port = port;
      return url.href;
    },
    pause: () => void (paused = true),
    resume() {
      paused = false;
      for (const deliver of held.splice(0)) deliver();
    },
    async close() {
      for (const s of sockets) s.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
