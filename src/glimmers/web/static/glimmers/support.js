// After a save whose words call for support, move the focus to the support
// block at the top of the page, so keyboard and screen-reader users start
// there. Without JavaScript the address ends in #support and the browser
// scrolls there itself.
(function () {
  "use strict";
  var block = document.querySelector("[data-focus]");
  if (!block) return;
  block.focus({ preventScroll: false });
  if (block.scrollIntoView) block.scrollIntoView({ block: "start" });
})();
