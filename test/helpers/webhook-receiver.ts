/**
 * An alert webhook receiver on loopback (central/alert-notifier.ts posts to it): keeps the bodies it took
 * and answers `answer` (set it to 503 to play a receiver that is down; what it refuses is not kept).
 */
import { createServer } from 'node:http';
import type { NotifiedAlert } from '../../central/alert-notifier.js';

export interface WebhookPost {
  at: string;
  raised: NotifiedAlert[];
  cleared: NotifiedAlert[];
}

export interface WebhookReceiver {
  url: string;
  posts: WebhookPost[];
  answer: number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (d: Buffer) => (body += String(d)));
    req.on('end', () => {
      if (receiver.answer < 300) receiver.posts.push(JSON.parse(body) as WebhookPost);
      res.writeHead(receiver.answer).end();
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const receiver: WebhookReceiver = {
    url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hook`,
    posts: [],
    answer: 204,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
  return receiver;
}
