/**
 * Debian's Chromium driven by playwright-core. The background-networking flags matter: this
 * machine has no network, and Chromium's own calls home would otherwise fail noisily.
 */
import { after, before } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { startSite, type RunningSite } from './server.ts';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--disable-dev-shm-usage',
    ],
  });
}

/**
 * For a `describe` block: the built site served on a free port and a Chromium, started before
 * the tests and stopped after them. Read `.site` and `.browser` inside the tests.
 */
export function useSiteAndBrowser(env: Record<string, string> = {}): { site: RunningSite; browser: Browser } {
  const shared = {} as { site: RunningSite; browser: Browser };
  before(async () => {
    shared.site = await startSite(env);
    shared.browser = await launchBrowser();
  });
  after(async () => {
    await shared.browser?.close();
    await shared.site?.stop();
  });
  return shared;
}
