{% load i18n %}"use strict";
// glimmers' service worker. It keeps the help page and the app's look on
// this device, so the crisis lines open with no server and no network, and
// keeps a check-in sent while the server is out of reach until it can be
// sent (each form carries its own id, so a repeated send is saved once).
// Nothing here is sent anywhere but this glimmers.
const CACHE = "glimmers-{{ version }}";
const HELP = "{% url 'help_now' %}";
const HOME = "{% url 'home' %}";
const TOKEN = "{% url 'outbox_token' %}";
const SHELL = [HELP, "{{ css }}", "{{ icon }}"];
const OUTBOX = "glimmers-outbox";

self.addEventListener("install", (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches.keys()
      .then((names) => Promise.all(names.filter((name) => name.startsWith("glimmers-") && name !== CACHE).map((name) => caches.delete(name))))
      .then(() => self.clients.claim())
      .then(send),
  );
});

self.addEventListener("sync", (event) => { if (event.tag === OUTBOX) event.waitUntil(send()); });
self.addEventListener("message", (event) => { if (event.data === "send") event.waitUntil(send()); });

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === HOME) {
    event.respondWith(sendOrKeep(request));
  } else if (request.method === "GET" && request.mode === "navigate") {
    event.respondWith(pageOrHelp(request, url, event));
  } else if (request.method === "GET" && SHELL.includes(url.pathname)) {
    event.respondWith(fetch(request).catch(() => caches.match(url.pathname)));
  }
});

async function pageOrHelp(request, url, event) {
  try {
    const response = await fetch(request);
    if (url.pathname === HELP && response.ok) {
      await (await caches.open(CACHE)).put(HELP, response.clone());
    }
    event.waitUntil(send());  // the server answers again: what was kept can go
    return response;
  } catch (unreachable) {
    // No server or no network: the help page as last seen, whatever was asked for.
    return (await caches.match(HELP)) || new Response(NO_HELP_YET, {headers: {"Content-Type": "text/html; charset=utf-8"}});
  }
}

async function sendOrKeep(request) {
  const body = await request.clone().text();
  try {
    return await fetch(request);
  } catch (unreachable) {
    await keep(body);
    if (self.registration.sync) self.registration.sync.register(OUTBOX).catch(() => {});
    return new Response(KEPT, {headers: {"Content-Type": "text/html; charset=utf-8"}});
  }
}

// The outbox: check-ins kept on this device, in IndexedDB, until the server takes them.
function outbox() {
  return new Promise((resolve, reject) => {
    const opening = indexedDB.open(OUTBOX, 1);
    opening.onupgradeneeded = () => opening.result.createObjectStore("checkins", {autoIncrement: true});
    opening.onsuccess = () => resolve(opening.result);
    opening.onerror = () => reject(opening.error);
  });
}

async function keep(body) {
  const db = await outbox();
  await new Promise((resolve, reject) => {
    const step = db.transaction("checkins", "readwrite");
    step.objectStore("checkins").add({body: body, kept: Date.now()});
    step.oncomplete = resolve;
    step.onerror = () => reject(step.error);
  });
}

let sending = null;
function send() {
  sending = sending || sendAll().finally(() => { sending = null; });
  return sending;
}

async function sendAll() {
  const db = await outbox();
  const kept = await new Promise((resolve, reject) => {
    const found = [];
    const cursor = db.transaction("checkins").objectStore("checkins").openCursor();
    cursor.onsuccess = () => {
      const at = cursor.result;
      if (at) { found.push([at.key, at.value.body]); at.continue(); } else { resolve(found); }
    };
    cursor.onerror = () => reject(cursor.error);
  });
  if (!kept.length) return;
  let token;
  try {
    // The form's own token may belong to a session that ended with the
    // server's restart; the current one comes from the server itself.
    const answer = await fetch(TOKEN, {credentials: "same-origin", redirect: "manual"});
    if (answer.status !== 200) return;  // signed out: kept until the person signs in again
    token = (await answer.json()).csrf;
  } catch (unreachable) {
    return;  // still out of reach: try again later
  }
  for (const [key, kept_body] of kept) {
    const body = new URLSearchParams(kept_body);
    body.set("csrfmiddlewaretoken", token);
    let response;
    try {
      response = await fetch(HOME, {method: "POST", body: body, credentials: "same-origin", redirect: "manual",
        headers: {"{{ outbox_header }}": "1"}});
    } catch (unreachable) {
      return;  // still out of reach: try again later
    }
    // 204: saved now, or saved before (the form's id). 400: the server will
    // never take it (nothing in it). Anything else, such as a sign-in that
    // expired with the server's restart, keeps it for the next time.
    if (response.status !== 204 && response.status !== 400) return;
    await new Promise((resolve) => {
      const step = db.transaction("checkins", "readwrite");
      step.objectStore("checkins").delete(key);
      step.oncomplete = resolve;
      step.onerror = resolve;
    });
  }
}

const PAGE_START = '<!doctype html><html lang="{{ LANGUAGE_CODE }}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><link rel="stylesheet" href="{{ css }}"><title>glimmers</title></head><body><header class="site-header"><span class="brand">glimmers</span><a class="help-now" href="' + HELP + '">{{ help_now|escapejs }}</a></header><main id="main">';
const KEPT = PAGE_START + "<h1>{{ kept_title|escapejs }}</h1><p>{{ kept_text|escapejs }}</p><p><a class=\"call-button\" href=\"" + HELP + "\">{{ kept_help|escapejs }}</a></p></main></body></html>";
const NO_HELP_YET = PAGE_START + "<h1>{{ unreachable_title|escapejs }}</h1><p>{{ unreachable_text|escapejs }}</p></main></body></html>";
