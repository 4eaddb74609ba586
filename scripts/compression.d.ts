/** The part of the `compression` middleware (expressjs/compression) the site's server uses, on plain node:http. */
declare module 'compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function compression(options?: {
    threshold?: number | string;
    level?: number;
  }): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
}
