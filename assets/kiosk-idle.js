// Kiosk idle timer, in plain JavaScript so it keeps counting even while the connection to the
// server is down. Warns after 4 minutes without a touch or key, wipes after 5 (by clicking the
// page's hidden "warga berikutnya (waktu habis)" button). Activity pings the server once a minute.
(function () {
  if (window.__padukoKioskIdle) return;
  window.__padukoKioskIdle = true;
  var WARN_MS = 4 * 60 * 1000, WIPE_MS = 5 * 60 * 1000, PING_MS = 60 * 1000;
  var last = Date.now(), lastPing = 0, warned = false;
  function el(id) { return document.getElementById(id); }
  function hideWarning() {
    var box = el('idle-warning');
    if (box) box.hidden = true;
    warned = false;
  }
  function activity() {
    last = Date.now();
    if (warned) hideWarning();
    if (last - lastPing > PING_MS && el('kiosk-ping')) { lastPing = last; el('kiosk-ping').click(); }
  }
  ['pointerdown', 'keydown', 'input', 'touchstart'].forEach(function (name) {
    document.addEventListener(name, activity, { capture: true, passive: true });
  });
  setInterval(function () {
    if (!el('kiosk-wipe')) { last = Date.now(); return; } // no resident on screen: nothing to guard
    var idle = Date.now() - last;
    if (idle >= WIPE_MS) {
      last = Date.now();
      hideWarning();
      el('kiosk-wipe').click();
    } else if (idle >= WARN_MS && !warned) {
      var box = el('idle-warning');
      if (box) { box.hidden = false; warned = true; var b = el('idle-stay'); if (b) b.focus(); }
    }
  }, 1000);
})();
