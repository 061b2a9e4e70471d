"use strict";
// The installable app: the service worker keeps the help page and a check-in
// sent while glimmers is out of reach on this device (see /sw.js).
if ("serviceWorker" in navigator) {
  navigator.serviceWorker.register("/sw.js").then(() => {
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage("send");
  }).catch(() => {});
}
