/** The parts of `compression` and `on-headers` (expressjs) the site's server uses, on plain node:http. */
declare module 'compression' {
  import type { IncomingMessage, ServerResponse } from 'node:http';
  export default function compression(options?: {
    threshold?: number | string;
    level?: number;
  }): (req: IncomingMessage, res: ServerResponse, next: (error?: unknown) => void) => void;
}

declare module 'on-headers' {
  import type { ServerResponse } from 'node:http';
  /** Runs `listener` just before the response's headers are written. */
  export default function onHeaders(res: ServerResponse, listener: (this: ServerResponse) => void): void;
}
