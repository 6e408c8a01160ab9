import type { IncomingMessage, ServerResponse } from 'node:http';
import type { App, Receiver, ReceiverEvent } from '@slack/bolt';
import type { Logger } from '../../observability/logger';
import type { Metrics } from '../../observability/metrics';
import { sendJson, sendText } from '../http-server';
import { classify, type Dispatch } from '../payloads/envelope';
import { type Admission, admissionAnswer } from './admission';
import { BodyTooLarge, parseSlackBody, readBody } from './request-body';
import { verifySlackRequest } from './verify-request';

/** A listener that has not acked after this is acked for it: Slack gives up at 3 s. */
const ACK_DEADLINE_MS = 2_500;

export interface HttpReceiverOptions {
  signingSecret: string;
  logger: Logger;
  metrics: Metrics;
  /** Whether Baton may take this request now (started, installed in that workspace). */
  admit: (payload: Dispatch) => Promise<Admission>;
  now?: () => number;
}

/**
 * Bolt's receiver for Slack's HTTP requests, in front of Bolt rather than Bolt's own HTTPReceiver:
 * a body over the limit is refused before it is read (413), the signature and a timestamp within
 * five minutes either way are checked (401), the payload's shape is validated (400) before Bolt
 * reads it, and every request Baton takes is acked at once, with or without a listener for it.
 */
export class SlackHttpReceiver implements Receiver {
  private app: App | undefined;
  private readonly now: () => number;

  constructor(private readonly options: HttpReceiverOptions) {
    this.now = options.now ?? Date.now;
  }

  init(app: App): void {
    this.app = app;
  }

  /** Our own HTTP server listens; Bolt's start and stop have nothing to do. */
  start(): Promise<void> {
    return Promise.resolve();
  }

  stop(): Promise<void> {
    return Promise.resolve();
  }

  /** POST /slack/events. Never throws: every outcome is an HTTP answer. */
  readonly handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const { logger, metrics } = this.options;
    const started = process.hrtime.bigint();
    res.once('finish', () => {
      metrics.ackSeconds.observe({ status: String(res.statusCode) }, Number(process.hrtime.bigint() - started) / 1e9);
    });
    let raw: Buffer;
    try {
      raw = await readBody(req);
    } catch (err) {
      if (err instanceof BodyTooLarge) {
        logger.warn({ size: err.message }, 'refused a Slack request: body too large');
        return sendText(res, 413, 'body too large', { connection: 'close' });
      }
      logger.warn({ err }, 'could not read a Slack request');
      return sendText(res, 400, 'unreadable body');
    }
    const verified = verifySlackRequest(this.options.signingSecret, req.headers, raw, this.now());
    if (!verified.ok) {
      logger.warn({ ts: req.headers['x-slack-request-timestamp'] }, `refused a Slack request: ${verified.reason}`);
      return sendText(res, 401, verified.reason);
    }
    const parsed = parseSlackBody(req.headers['content-type'], raw);
    const envelope = parsed.ok ? classify(parsed.body) : { kind: 'malformed' as const, reason: parsed.reason };
    switch (envelope.kind) {
      case 'ssl_check':
        return sendText(res, 200, '');
      case 'url_verification':
        return sendJson(res, 200, { challenge: envelope.challenge });
      case 'app_rate_limited':
        logger.warn({ team: envelope.teamId }, 'Slack is holding back events: the app went over its rate limit');
        return sendText(res, 200, '');
      case 'ignored':
        logger.debug({ reason: envelope.reason }, 'acked a Slack request Baton does not use');
        return sendText(res, 200, '');
      case 'malformed':
        logger.warn({ reason: envelope.reason }, 'refused a malformed Slack request');
        return sendText(res, 400, 'malformed payload');
      case 'dispatch':
        return this.dispatch(envelope.payload, req, res);
    }
  };

  private async dispatch(payload: Dispatch, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const { logger } = this.options;
    const context = { team: payload.teamId, user: payload.userId ?? undefined, type: payload.type };
    let admission: Admission;
    try {
      admission = await this.options.admit(payload);
    } catch (err) {
      logger.error({ err, ...context }, 'could not tell whether to take a Slack request');
      admission = 'starting';
    }
    if (admission !== 'admitted') {
      logger.warn({ ...context, admission }, 'did not take a Slack request');
      const answer = admissionAnswer(admission, payload);
      return answer.json === undefined
        ? sendText(res, answer.status, '', answer.headers)
        : sendJson(res, answer.status, answer.json, answer.headers);
    }
    const ack = responseAck(res);
    const deadline = setTimeout(() => {
      if (ack.acked()) return;
      logger.warn(context, 'a Slack listener did not ack in time; acked for it');
      void ack.send(undefined);
    }, ACK_DEADLINE_MS);
    const event: ReceiverEvent = {
      body: payload.body,
      ack: ack.send,
      retryNum: headerNumber(req.headers['x-slack-retry-num']),
      retryReason:
        typeof req.headers['x-slack-retry-reason'] === 'string' ? req.headers['x-slack-retry-reason'] : undefined,
    };
    try {
      if (!this.app) throw new Error('the receiver was never given the app');
      await this.app.processEvent(event);
    } catch (err) {
      logger.error({ err, ...context }, 'a Slack request failed');
    } finally {
      clearTimeout(deadline);
      // Nothing listens for it (an action or form Baton does not know): acked all the same.
      if (!ack.acked()) await ack.send(undefined);
    }
  }
}

/** An ack writes the HTTP answer once: nothing, text, or JSON (a form's field errors, a command's reply). */
function responseAck(res: ServerResponse) {
  let acked = false;
  return {
    acked: () => acked,
    send: async (response: unknown): Promise<void> => {
      if (acked || res.headersSent) return;
      acked = true;
      if (response === undefined || response === '') sendText(res, 200, '');
      else if (typeof response === 'string') sendText(res, 200, response);
      else sendJson(res, 200, response);
    },
  };
}

function headerNumber(value: string | string[] | undefined): number | undefined {
  return typeof value === 'string' && /^\d{1,3}$/.test(value) ? Number(value) : undefined;
}
