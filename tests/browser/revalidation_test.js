// A browser and the validators, in Debian's headless Chromium: a page
// loaded once, then reloaded, is revalidated with the ETag and
// Last-Modified it came with, and the server answers 304 with no body.
// Seen twice: in the browser's network events (the request it sent, and
// the status that came over the wire, from the DevTools protocol: the page
// itself is told 200, since its copy was current) and in the server's
// access log. Also a folder named without its slash, which the browser
// follows to the slash and its index.
'use strict';

const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const {after, before, test} = require('node:test');

const {launchChromium, startServer, stopServer} = require('./harness.js');

const tmp = process.env.TEST_TMPDIR || '/tmp';
const outputs = process.env.TEST_UNDECLARED_OUTPUTS_DIR || '/tmp';

// A root with the server's two pages and docs/index.html.
function makeRoot() {
  const root = fs.mkdtempSync(path.join(tmp, 'revalidation-'));
  fs.writeFileSync(path.join(root, 'hello.html'), '<h1>Hello!</h1>');
  fs.writeFileSync(path.join(root, '404.html'), '<h1>Oops!</h1>');
  fs.mkdirSync(path.join(root, 'docs'));
  fs.writeFileSync(path.join(root, 'docs', 'index.html'),
                   '<!doctype html><title>Docs</title><h1>The docs</h1>');
  return root;
}

let browser;

before(async () => {
  browser = await launchChromium();
});

after(async () => {
  if (browser) await browser.close();
});

test('a reload revalidates the page and gets 304', async () => {
  const root = makeRoot();
  const log = path.join(root, 'access.log');
  const server = await startServer(['--root', root, '--access-log', log]);
  let stopped = false;
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const sent = [];  // The browser's requests for the page, as sent.
    page.on('request', async (request) => {
      if (request.url().endsWith('/docs/')) sent.push(request.allHeaders());
    });
    // The responses as they came over the wire, by request.
    const cdp = await context.newCDPSession(page);
    await cdp.send('Network.enable');
    const urls = new Map();
    const onTheWire = [];
    cdp.on('Network.requestWillBeSent',
           (e) => urls.set(e.requestId, e.request.url));
    cdp.on('Network.responseReceivedExtraInfo', (e) => onTheWire.push(e));

    const first = await page.goto(server.url + 'docs/');
    assert.equal(first.status(), 200);
    const etag = first.headers()['etag'];
    const lastModified = first.headers()['last-modified'];
    assert.ok(etag && lastModified, 'no validators on the page');
    await page.getByText('The docs').waitFor();

    await page.reload();
    await page.getByText('The docs').waitFor();  // Shown from its cache.
    await page.screenshot({path: path.join(outputs, 'revalidated.png')});

    const headers = await Promise.all(sent);
    assert.equal(headers.length, 2);
    assert.equal(headers[1]['if-none-match'], etag);
    assert.equal(headers[1]['if-modified-since'], lastModified);
    const pageResponses = onTheWire.filter(
        (e) => (urls.get(e.requestId) || '').endsWith('/docs/'));
    assert.deepEqual(pageResponses.map((e) => e.statusCode), [200, 304]);
    const notModified = pageResponses[1].headers;
    assert.equal(notModified['ETag'], etag);
    assert.equal(notModified['Content-Length'], undefined);
    await context.close();

    assert.equal(await stopServer(server), 0);  // Writes the log out.
    stopped = true;
    const lines = fs.readFileSync(log, 'utf8').trim().split('\n')
        .filter((line) => line.includes('"GET /docs/ HTTP/1.1"'));
    assert.equal(lines.length, 2, lines.join('\n'));
    assert.match(lines[0], /" 200 \d+ "/);
    assert.match(lines[1], /" 304 0 "/);
  } finally {
    if (!stopped) await stopServer(server);
  }
});

test('a folder without its slash takes the browser to its index', async () => {
  const server = await startServer(['--root', makeRoot()]);
  try {
    const context = await browser.newContext();
    const page = await context.newPage();
    const response = await page.goto(server.url + 'docs?lang=en');
    assert.equal(response.status(), 200);
    assert.equal(page.url(), server.url + 'docs/?lang=en');
    assert.equal(await response.request().redirectedFrom().response()
                     .then((r) => r.status()),
                 301);
    await page.getByText('The docs').waitFor();
    await context.close();
  } finally {
    assert.equal(await stopServer(server), 0);
  }
});
