import type { AddressInfo } from "node:net";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { Registry } from "prom-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { STATUS_WEBHOOK_PATH } from "../../core/exporter/contract";
import { buildInternalServer } from "../../exporter/server";
import { StatusService } from "../../exporter/status/service";
import { LOCAL_SPACES_BUCKET } from "../../scripts/local/spaces";
import { launchChromium } from "../support/chromium";
import { loopbackExporterConfig } from "../support/exporter-config";
import { webhookBody } from "../support/status-page";
import { quietLog, startSpacesFixture, type SpacesFixture, TEST_TOKENS, testStatusConfig } from "../support/status-service";

// From an Alertmanager notification to what a visitor sees: the exporter's internal
// listener takes the webhook over HTTP, publishes to a local S3 server, and Chromium reads
// the page from there, with and without JavaScript.

let spaces: SpacesFixture;
let status: StatusService;
let exporter: ReturnType<typeof buildInternalServer>;
let exporterUrl: string;
let browser: Browser;
let pageUrl: string;

beforeAll(async () => {
  spaces = await startSpacesFixture();
  status = await StatusService.create(testStatusConfig(spaces.dir, spaces.spaces.endpoint), { registry: new Registry(), log: quietLog, tokens: TEST_TOKENS, retry: { attempts: 2, baseDelayMs: 10 } });
  exporter = buildInternalServer(
    loopbackExporterConfig({ service: "vigil-exporter", logLevel: "fatal" }),
    { status, logStream: { write: () => undefined } },
  );
  await exporter.listen({ host: "127.0.0.1", port: 0 });
  exporterUrl = `http://127.0.0.1:${(exporter.server.address() as AddressInfo).port}`;
  expect(await status.publish()).toBe(true);
  pageUrl = `${spaces.spaces.endpoint}/${LOCAL_SPACES_BUCKET}/index.html`;
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await exporter?.close();
  await status?.stop();
  await spaces?.cleanup();
});

const GROUP = '{}/{component=~".+"}:{alertname="EndpointDown"}';

async function notify(alertStatus: "firing" | "resolved"): Promise<void> {
  const response = await fetch(`${exporterUrl}${STATUS_WEBHOOK_PATH}`, {
    method: "POST",
    headers: { authorization: `Bearer ${TEST_TOKENS.webhook}`, "content-type": "application/json" },
    body: JSON.stringify(webhookBody(GROUP, [{ fingerprint: "f1", component: "shop", severity: "critical", status: alertStatus }])),
  });
  expect(response.status).toBe(200);
  await status.settled();
}

/** Opens the page in a fresh context; collects CSP violations reported on the console. */
async function open(options: { javaScriptEnabled: boolean }): Promise<{ context: BrowserContext; page: Page; violations: string[] }> {
  const context = await browser.newContext({ javaScriptEnabled: options.javaScriptEnabled });
  const page = await context.newPage();
  const violations: string[] = [];
  page.on("console", (message) => {
    if (message.text().includes("Content Security Policy")) violations.push(message.text());
  });
  return { context, page, violations };
}

async function read(page: Page) {
  return {
    overall: (await page.textContent("#overall-text"))?.trim(),
    shop: (await page.textContent('[data-component="shop"] .st'))?.trim(),
    website: (await page.textContent('[data-component="group-website"] .st'))?.trim(),
    incidentsVisible: await page.isVisible("#incidents"),
    incidents: (await page.locator("#incident-list h3").allTextContents()).map((text) => text.trim()),
  };
}

describe("the status page in Chromium", () => {
  it("shows all systems operational, with and without JavaScript", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page, violations } = await open({ javaScriptEnabled });
      await page.goto(pageUrl);
      expect(await read(page)).toEqual({ overall: "All Systems Operational", shop: "Operational", website: "Operational", incidentsVisible: false, incidents: [] });
      expect(await page.locator("time").first().textContent()).toMatch(/UTC$/);
      expect(violations).toEqual([]);
      await context.close();
    }
  });

  it("shows the incident and the component's outage after a critical alert, in the snapshot and without JavaScript", async () => {
    await notify("firing");
    const expected = { overall: "Major System Outage", shop: "Major outage", website: "Major outage", incidentsVisible: true, incidents: ["Problems with Shop"] };
    for (const javaScriptEnabled of [true, false]) {
      const { context, page, violations } = await open({ javaScriptEnabled });
      await page.goto(pageUrl);
      expect(await read(page), `javaScriptEnabled: ${javaScriptEnabled}`).toEqual(expected);
      expect(await page.textContent("#incident-list .timeline")).toContain("Investigating");
      expect(violations).toEqual([]);
      await context.close();
    }
    // Every language is published with it, each in its own words.
    const { context, page } = await open({ javaScriptEnabled: false });
    await page.goto(pageUrl.replace(/index\.html$/, "index.es.html"));
    expect(await read(page)).toEqual({ overall: "Interrupción grave del sistema", shop: "Interrupción grave", website: "Interrupción grave", incidentsVisible: true, incidents: ["Problemas con Shop"] });
    await context.close();
  });

  it("refreshes a stale snapshot from summary.json with its script", async () => {
    // The HTML an open tab loaded before the alert cleared, while the JSON says it has.
    const { context, page } = await open({ javaScriptEnabled: true });
    await page.goto(pageUrl);
    const stale = await page.content();
    await notify("resolved");
    await page.route("**/index.html", (route) => route.fulfill({ status: 200, contentType: "text/html; charset=utf-8", body: stale }));
    await page.goto(pageUrl);
    await page.waitForFunction(() => (globalThis as unknown as { document: { getElementById(id: string): { textContent: string | null } | null } }).document.getElementById("overall-text")?.textContent === "All Systems Operational");
    expect(await read(page)).toEqual({ overall: "All Systems Operational", shop: "Operational", website: "Operational", incidentsVisible: false, incidents: [] });
    await context.close();
  });

  it("clears the outage once the alert resolves, without JavaScript too, and keeps the incident in the history", async () => {
    for (const javaScriptEnabled of [true, false]) {
      const { context, page } = await open({ javaScriptEnabled });
      await page.goto(pageUrl);
      expect(await read(page)).toEqual({ overall: "All Systems Operational", shop: "Operational", website: "Operational", incidentsVisible: false, incidents: [] });
      await page.click("text=Incident history");
      expect(await page.locator("main article h3").allTextContents()).toEqual(["Problems with Shop"]);
      expect(await page.locator("main article .timeline strong").allTextContents()).toEqual(["Resolved", "Investigating"]);
      await context.close();
    }
  });
});
