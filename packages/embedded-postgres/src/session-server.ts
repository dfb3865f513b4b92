import net from "node:net";
import type { PGlite } from "@electric-sql/pglite";

const SSL_REQUEST = 80877103;
const CANCEL_REQUEST = 80877102;
const PROTOCOL_3 = 196608;

/**
 * Serves one PGlite over the PostgreSQL wire protocol to many clients. PGlite has a single
 * session, so a client owns it from its first message until its exchange is finished (a Sync,
 * or the end of a simple Query) with no transaction open; other clients wait their turn. This
 * fixes the interleaving bug of the stock socket server (wrong rows, lost prepared statements).
 * A client that disconnects mid-transaction is rolled back.
 */
export class PGliteSessionServer {
  private readonly server = net.createServer((socket) => new ClientSession(this, socket));
  private owner: ClientSession | null = null;
  private readonly waiting: (() => void)[] = [];
  readonly sockets = new Set<net.Socket>();

  constructor(readonly db: PGlite) {}

  listen(port: number, host = "127.0.0.1"): Promise<number> {
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(port, host, () => resolve((this.server.address() as net.AddressInfo).port));
    });
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  async acquire(session: ClientSession): Promise<void> {
    while (this.owner && this.owner !== session) await new Promise<void>((resolve) => this.waiting.push(resolve));
    this.owner = session;
  }

  release(session: ClientSession): void {
    if (this.owner !== session) return;
    this.owner = null;
    this.waiting.splice(0).forEach((wake) => wake());
  }

  isOwner(session: ClientSession): boolean {
    return this.owner === session;
  }
}

class ClientSession {
  private buffer = Buffer.alloc(0);
  private started = false;
  private chain: Promise<void> = Promise.resolve();
  private closed = false;

  constructor(
    private readonly server: PGliteSessionServer,
    private readonly socket: net.Socket,
  ) {
    server.sockets.add(socket);
    socket.setNoDelay(true);
    socket.on("data", (data) => this.receive(data));
    socket.on("error", () => socket.destroy());
    socket.on("close", () => {
      this.closed = true;
      server.sockets.delete(socket);
      this.chain = this.chain.then(() => this.cleanUp());
    });
  }

  private receive(data: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const message = this.nextMessage();
      if (!message) return;
      this.chain = this.chain.then(() => this.handle(message)).catch(() => void this.socket.destroy());
    }
  }

  /** Splits one whole frontend message off the buffer: untyped before startup, typed after. */
  private nextMessage(): { type: string; bytes: Buffer } | null {
    if (!this.started) {
      if (this.buffer.length < 8) return null;
      const length = this.buffer.readInt32BE(0);
      if (this.buffer.length < length) return null;
      const bytes = this.buffer.subarray(0, length);
      this.buffer = this.buffer.subarray(length);
      const code = bytes.readInt32BE(4);
      if (code === PROTOCOL_3) this.started = true;
      return { type: code === SSL_REQUEST ? "ssl" : code === CANCEL_REQUEST ? "cancel" : "startup", bytes };
    }
    if (this.buffer.length < 5) return null;
    const length = 1 + this.buffer.readInt32BE(1);
    if (this.buffer.length < length) return null;
    const bytes = this.buffer.subarray(0, length);
    this.buffer = this.buffer.subarray(length);
    return { type: String.fromCharCode(bytes[0]), bytes };
  }

  private async handle({ type, bytes }: { type: string; bytes: Buffer }): Promise<void> {
    if (this.closed) return;
    if (type === "ssl") return void this.socket.write("N");
    if (type === "cancel") return void this.socket.end();
    if (type === "X") return void this.socket.end();
    await this.server.acquire(this);
    const db = this.server.db;
    await db.runExclusive(() =>
      db.execProtocolRawStream(new Uint8Array(bytes), { onRawData: (chunk: Uint8Array) => void this.socket.write(chunk) }),
    );
    // The exchange ends at Sync, or with a simple Query; only then may another client have the session.
    if ((type === "S" || type === "Q" || type === "startup") && !db.isInTransaction()) this.server.release(this);
  }

  private async cleanUp(): Promise<void> {
    if (!this.server.isOwner(this)) return;
    const db = this.server.db;
    if (db.isInTransaction()) await db.exec("ROLLBACK").catch(() => undefined);
    this.server.release(this);
  }
}
