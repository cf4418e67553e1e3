import { chromium, type Browser } from "playwright-core";

// Debian's Chromium driven by playwright-core (never a downloaded browser): the flags keep
// it headless, offline apart from the page under test, and quiet.
export const CHROMIUM_PATH = "/usr/bin/chromium";
export const CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--no-first-run"];

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true });
}
