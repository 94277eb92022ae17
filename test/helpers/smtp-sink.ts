/**
 * A real SMTP server for tests, in-process on 127.0.0.1: it keeps and parses every message it
 * accepts, can refuse chosen recipients, and can be stopped and started on the same port to act
 * out an outage. For a benchmark's timed window it can hold messages unparsed instead (`parse:
 * 'headers'`), reading only the Message-ID and notification key, and parse them afterwards.
 */
import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { NOTIFICATION_KEY_HEADER } from '../../activities/outbox-transport';
import { readHeaderFields } from './mail-headers';

/** A message the sink accepted, as received; the two headers are read without parsing the message. */
export interface ReceivedMessage {
  raw: Buffer;
  envelope: { from: string; to: string[] };
  /** The user name the client authenticated as, if it did. */
  user?: string;
  /** The Message-ID header as written (angle brackets included), '' when absent. */
  messageId: string;
  /** The `X-Hapa-Notification-Key` header as written, '' when absent. */
  notificationKey: string;
}

/** A message the sink accepted, as received and as parsed. */
export interface SinkMessage extends ReceivedMessage {
  parsed: ParsedMail;
}

/**
 * How the sink treats a message as it arrives: `full` parses it with mailparser before answering
 * 250; `headers` only reads its Message-ID and notification key and holds it for `parseHeld`.
 */
export type SinkParse = 'full' | 'headers';

/** Options of the sink; every address list can also be changed while it runs. */
export interface SmtpSinkOptions {
  /** Addresses answered with 550 at RCPT TO (a permanent refusal). */
  reject?: string[];
  /** Addresses answered with 451 at RCPT TO (a temporary deferral). */
  defer?: string[];
  /** Credentials to require when a client authenticates; any are accepted when unset. */
  credentials?: { user: string; pass: string };
  /** How arriving messages are treated at first (default `full`); `SmtpSink.parse` changes it later. */
  parse?: SinkParse;
  /**
   * How long (ms) the sink waits, once it has a whole message (and has recorded it), before its 250
   * reply: a slow server, which a client may give up on after the message is already delivered.
   */
  dataReplyDelayMs?: number;
}

/** What `parseHeld` made of the held messages. */
export interface HeldParse {
  /** Those that parsed, now also in `messages`. */
  parsed: SinkMessage[];
  /** Those mailparser refused, with its error. */
  unparsable: { message: ReceivedMessage; error: Error }[];
}

/** A running (or stopped) SMTP sink. */
export interface SmtpSink {
  readonly port: number;
  /** `smtp://127.0.0.1:<port>`, with credentials when given. */
  url(credentials?: { user: string; pass: string }): string;
  /** Messages accepted and parsed, in the order parsed. */
  readonly messages: SinkMessage[];
  /** Every message accepted, parsed or held, in the order received. */
  readonly received: ReceivedMessage[];
  /** How arriving messages are treated; may be changed while the sink runs. */
  parse: SinkParse;
  /**
   * Parses the messages held while `parse` was `headers`, one at a time, and appends those that
   * parse to `messages`; each held message is parsed once, whatever the number of calls.
   */
  parseHeld(): Promise<HeldParse>;
  readonly reject: Set<string>;
  readonly defer: Set<string>;
  /** Messages whose envelope includes `address`. */
  to(address: string): SinkMessage[];
  /** Stops listening; the port stays reserved for `start`. */
  stop(): Promise<void>;
  /** Listens again on the same port. */
  start(): Promise<void>;
}

const refusal = (code: number, text: string) => Object.assign(new Error(text), { responseCode: code });

/** Starts a sink on an ephemeral port of 127.0.0.1. */
export async function startSmtpSink(options: SmtpSinkOptions = {}): Promise<SmtpSink> {
  const messages: SinkMessage[] = [];
  const received: ReceivedMessage[] = [];
  let held: ReceivedMessage[] = [];
  let parse: SinkParse = options.parse ?? 'full';
  const reject = new Set((options.reject ?? []).map((a) => a.toLowerCase()));
  const defer = new Set((options.defer ?? []).map((a) => a.toLowerCase()));

  const createServer = () =>
    new SMTPServer({
      authOptional: true,
      allowInsecureAuth: true,
      // nodemailer would upgrade to TLS and then refuse the sink's self-signed certificate.
      disabledCommands: ['STARTTLS'],
      logger: false,
      closeTimeout: 200,
      onAuth(auth, _session, callback) {
        const wanted = options.credentials;
        if (wanted && (auth.username !== wanted.user || auth.password !== wanted.pass)) {
          callback(refusal(535, 'Authentication failed'));
          return;
        }
        callback(null, { user: auth.username });
      },
      onRcptTo(address, _session, callback) {
        const email = address.address.toLowerCase();
        if (reject.has(email)) callback(refusal(550, `5.1.1 <${address.address}>: no such mailbox`));
        else if (defer.has(email)) callback(refusal(451, `4.2.1 <${address.address}>: mailbox busy, try later`));
        else callback();
      },
      onData(stream, session, reply) {
        const delay = options.dataReplyDelayMs ?? 0;
        const callback = (err?: Error | null) => (delay > 0 ? setTimeout(() => reply(err), delay) : reply(err));
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('error', callback);
        stream.on('end', () => {
          const raw = Buffer.concat(chunks);
          const headers = readHeaderFields(raw, ['message-id', NOTIFICATION_KEY_HEADER]);
          const message: ReceivedMessage = {
            raw,
            envelope: {
              from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              to: session.envelope.rcptTo.map((r) => r.address),
            },
            ...(typeof session.user === 'string' && session.user ? { user: session.user } : {}),
            messageId: headers.get('message-id') ?? '',
            notificationKey: headers.get(NOTIFICATION_KEY_HEADER.toLowerCase()) ?? '',
          };
          if (parse === 'headers') {
            received.push(message);
            held.push(message);
            callback();
            return;
          }
          // Parsed before the 250 reply, so a message is in `messages` once sendMail resolves.
          simpleParser(raw).then(
            (parsed) => {
              received.push(message);
              messages.push({ ...message, parsed });
              callback();
            },
            (err: unknown) => callback(err instanceof Error ? err : new Error(String(err))),
          );
        });
      },
    });

  let server = createServer();
  let port = 0;
  let running = false;

  const listen = () =>
    new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        // A client that dies mid-session (a worker killed by chaos) resets its connection: that
        // connection's loss, not the server's, which would otherwise crash this process.
        server.on('error', () => undefined);
        port = (server.server.address() as AddressInfo).port;
        running = true;
        resolve();
      });
    });

  await listen();

  return {
    get port() {
      return port;
    },
    url: (credentials) =>
      credentials
        ? `smtp://${encodeURIComponent(credentials.user)}:${encodeURIComponent(credentials.pass)}@127.0.0.1:${port}`
        : `smtp://127.0.0.1:${port}`,
    messages,
    received,
    get parse() {
      return parse;
    },
    set parse(value: SinkParse) {
      parse = value;
    },
    parseHeld: async () => {
      const batch = held;
      held = [];
      const result: HeldParse = { parsed: [], unparsable: [] };
      for (const message of batch) {
        try {
          const parsed: SinkMessage = { ...message, parsed: await simpleParser(message.raw) };
          messages.push(parsed);
          result.parsed.push(parsed);
        } catch (err) {
          result.unparsable.push({ message, error: err instanceof Error ? err : new Error(String(err)) });
        }
      }
      return result;
    },
    reject,
    defer,
    to: (address) => messages.filter((m) => m.envelope.to.some((t) => t.toLowerCase() === address.toLowerCase())),
    stop: () =>
      new Promise<void>((resolve) => {
        if (!running) return resolve();
        running = false;
        server.close(() => resolve());
      }),
    start: async () => {
      if (running) return;
      // A closed SMTPServer cannot listen again; a fresh one takes the same port.
      server = createServer();
      await listen();
    },
  };
}
