// What the browser tests share: Debian's headless Chromium, launched the
// one way that works offline, and the real server binary, started on a free
// port with the given flags and stopped with SIGTERM.
'use strict';

const {spawn} = require('node:child_process');
const {chromium} = require('playwright-core');

function launchChromium() {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    // Without the networking flags Chromium keeps calling outside hosts,
    // which this machine's network refuses.
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run',
           '--disable-background-networking', '--disable-component-update',
           '--disable-sync', '--disable-quic'],
  });
}

// Resolves once the server's start-up line says where it listens.
function startServer(args) {
  const child = spawn('server/server', ['--port', '0', ...args],
                      {stdio: ['ignore', 'inherit', 'pipe']});
  return new Promise((resolve, reject) => {
    let log = '';
    const timer = setTimeout(() => reject(new Error('no start-up line: ' + log)),
                             10000);
    child.stderr.on('data', (chunk) => {
      log += chunk;
      process.stderr.write(chunk);
      const match = /listening on (http:\/\/[^/]+\/)/.exec(log);
      if (match) {
        clearTimeout(timer);
        resolve({child, url: match[1]});
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited ${code}: ${log}`)));
  });
}

// SIGTERM; resolves with the exit code.
function stopServer(server) {
  return new Promise((resolve) => {
    server.child.removeAllListeners('exit');
    server.child.on('exit', (code) => resolve(code));
    server.child.kill('SIGTERM');
  });
}

module.exports = {launchChromium, startServer, stopServer};
